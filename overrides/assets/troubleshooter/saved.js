// What the reader did on the troubleshooter, kept so that Back, a reload and a switch of
// language lose nothing: the answer chosen at each step, what was typed in each calculator
// and its last result. It lives in this tab's sessionStorage only: it is never sent anywhere
// and is gone when the tab is closed. "Start again" forgets it.
//
// Calculators are named by their flow node, steps by their path ("portal/invalid"); both are
// the same in every language, so the French page finds what was done on the English one.

const KEY = "troubleshooter-progress";

function storage() {
  try {
    return window.sessionStorage;     // may throw when storage is blocked
  } catch (error) {
    return null;
  }
}

// Read at every use: the tab's storage is the one copy (nothing cached here can disagree).
export function savedProgress() {
  const store = storage();
  const empty = () => ({ chosen: {}, entries: {}, results: {} });

  function read() {
    try {
      const parsed = JSON.parse((store && store.getItem(KEY)) || "{}");
      return { ...empty(), ...parsed };
    } catch (error) {
      return empty();
    }
  }

  function change(edit) {
    const state = read();
    edit(state);
    try {
      if (store) store.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // Full or blocked: the page still works, it only forgets on reload.
    }
  }

  return {
    chosen: (step) => read().chosen[step] || null,
    choose: (step, answer) => change((s) => { s.chosen[step] = answer; }),
    entries: (node) => read().entries[node] || null,
    keepEntries: (node, entries) => change((s) => { s.entries[node] = entries; }),
    // A result is kept with the language it was written in; the page asks the engine again
    // in another language.
    result: (node) => read().results[node] || null,
    keepResult: (node, lang, out) => change((s) => { s.results[node] = { lang, out }; }),
    forgetResult: (node) => change((s) => { delete s.results[node]; }),
    clear: () => change((s) => Object.assign(s, empty())),
  };
}
