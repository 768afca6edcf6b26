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

export function savedProgress() {
  const store = storage();
  let state = read();

  function read() {
    try {
      const parsed = JSON.parse((store && store.getItem(KEY)) || "{}");
      return { chosen: parsed.chosen || {}, entries: parsed.entries || {}, results: parsed.results || {} };
    } catch (error) {
      return { chosen: {}, entries: {}, results: {} };
    }
  }

  function write() {
    try {
      if (store) store.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // Full or blocked: the page still works, it only forgets on reload.
    }
  }

  return {
    chosen: (step) => state.chosen[step] || null,
    choose(step, answer) { state.chosen[step] = answer; write(); },
    entries: (node) => state.entries[node] || null,
    keepEntries(node, entries) { state.entries[node] = entries; write(); },
    // A result is kept with the language it was written in; the page asks the engine again
    // in another language.
    result: (node) => state.results[node] || null,
    keepResult(node, lang, out) { state.results[node] = { lang, out }; write(); },
    forgetResult(node) { delete state.results[node]; write(); },
    clear() { state = { chosen: {}, entries: {}, results: {} }; write(); },
  };
}
