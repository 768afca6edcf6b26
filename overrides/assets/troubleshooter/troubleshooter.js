// The guided troubleshooter page (overrides/troubleshooter.html).
//
// Every step of the flow was rendered at build time by one renderer (kb/steps.py, from the
// engine's own view) and is in the page's JSON (#ts-config, in the reader's language). This
// script shows them as they are: moving from question to question never waits for the engine.
// The path of answers lives in the URL hash (#/answer/answer…, never sent to the server);
// every link also works without the script, as a static page of its own.
//
// The engine (troubleshooter.flow, real Python) is needed only to calculate. It starts in a
// module Web Worker (engine-client.js, worker.js) as soon as the page loads, while the reader
// answers; a calculator's form is there at once (calculator-form.js), and a calculation asked
// for before the engine is ready waits for it, with what was typed kept. What the reader did
// is kept in the tab (saved.js): Back, a reload or the other language lose nothing.
//
// Test hooks: #troubleshooter.ts--live once this script runs,
// #troubleshooter[data-engine="loading|ready|slow|failed|unsupported"], the step's
// [data-step], the result's [data-result] (the engine's raw JSON) and [data-input] (what the
// engine was given); in the test build only (make test), ?engine-timeout=<ms> shortens the
// time after which a slow start is said.

// The page's modules carry this script's ?v= (the content hash of them all, written by the
// build): cached for a year like this script, and never an old module beside a new one.
const version = new URL(import.meta.url).search;
const load = (name) => import(new URL(`${name}${version}`, import.meta.url).href);
const [{ h, plainText: plain, fragment }, { fill, formatter }, { EngineClient }, { resultViews },
  { calculatorForms }, { savedProgress }] = await Promise.all(
  ["./dom.js", "./format.js", "./engine-client.js", "./results.js", "./calculator-form.js", "./saved.js"].map(load));

// The engine's states a calculator explains, with the interface text that says each one.
const ENGINE_LINE = { slow: "slow-start", failed: "failed", unsupported: "needs-js" };

const root = document.getElementById("troubleshooter");
const configElement = document.getElementById("ts-config");

if (root && configElement) {
  main(JSON.parse(configElement.textContent));
}

function main(cfg) {
  const { ui, lang } = cfg;
  const statusRegion = root.querySelector('[role="status"]');
  const noticeBox = root.querySelector(".ts-notice");
  const baseTitle = document.title;
  const say = formatter(cfg.intl, cfg.amount_pattern);        // the engine's typed values, for people
  const { present, suggest } = resultViews({ h, say, ui });
  const forms = calculatorForms({ h, fill, ui, zone: say.zone() });
  const saved = savedProgress();

  let shownKey = root.querySelector(".ts-step").dataset.path;   // the step on screen
  const navStack = [location.hash || "#/"];
  let waiting = null;             // a calculation asked for before the engine was ready

  function announce(text) {
    statusRegion.textContent = "";
    // A fresh text node after a tick: screen readers announce repeated messages too.
    setTimeout(() => { statusRegion.textContent = text; }, 50);
  }

  function setNotice(text) {
    noticeBox.hidden = !text;
    noticeBox.querySelector("p").textContent = text || "";
  }

  // --- the URL hash holds the path of answers -------------------------------------------------
  function hashKey() {
    try {
      return decodeURIComponent(location.hash.replace(/^#\/?/, "")).split("/").filter(Boolean).join("/");
    } catch (error) {
      return null;                      // malformed: not a path
    }
  }
  const hashOf = (key) => `#/${key}`;
  function go(key) {
    if (hashKey() === key) route({ focus: true });
    else location.hash = hashOf(key);    // hashchange → route
  }

  // --- the engine (engine-client.js): started now, needed only to calculate --------------------
  const requested = cfg.test_hooks ? Number(new URLSearchParams(location.search).get("engine-timeout")) : 0;
  // The runtime's and its lock file's addresses: the head's meta element, which the head's
  // script that starts the worker reads too (overrides/troubleshooter.html).
  const runtime = document.querySelector('meta[name="ts-engine"]').dataset;
  const engine = new EngineClient({
    runtimeURL: new URL(runtime.pyodide, document.baseURI),
    lockURL: new URL(runtime.lock, document.baseURI),
    workerURL: new URL(`worker.js${version}`, import.meta.url),
    slowAfter: requested > 0 ? requested : cfg.timeout,
    callLimit: cfg.call_timeout,
    onState: engineState,
  });

  function engineState(state, { restarted }) {
    root.dataset.engine = state;
    refreshEngineLines();
    if (state === "ready" && !restarted) {
      const pending = waiting;
      waiting = null;
      if (pending && pending.wrapper.isConnected) calculate(pending.form, pending.wrapper, pending.view, { quiet: pending.quiet });
      else refreshResults();
    }
    if (ENGINE_LINE[state] && root.querySelector(".ts-calculator form")) announce(ui[ENGINE_LINE[state]]);
  }

  // Under a calculator's button: nothing once the engine is ready; while it loads, a line
  // with a progress bar (its place is kept, so nothing moves when it goes); a slow start, a
  // failure or a browser that cannot run it, each said as it is, with the articles that
  // explain the rules and the contact page.
  function refreshEngineLines() {
    for (const line of root.querySelectorAll(".ts-engine-line")) showEngineLine(line);
  }

  function showEngineLine(line) {
    const state = engine.state;
    const articles = JSON.parse(line.dataset.articles || "[]");
    line.replaceChildren();
    line.dataset.state = state;
    if (state === "loading") {
      line.append(h("p", {}, h("progress", { class: "ts-engine-line__bar", "aria-hidden": "true" }), " ",
        h("span", { text: waiting ? `${ui.loading} ${ui.waiting}` : ui.loading })));
    } else if (ENGINE_LINE[state]) {
      line.append(h("div", { class: `admonition ${state === "slow" ? "info" : "warning"}` },
        h("p", { text: ui[ENGINE_LINE[state]] }),
        h("ul", {}, [...articles, cfg.contact].map((a) => h("li", {}, h("a", { href: a.url, html: a.title }))))));
    }
  }

  // --- routing: the rendered steps ----------------------------------------------------------------
  function route(options = {}) {
    let key = hashKey();
    let notice = null;
    if (key !== null && !(key in cfg.steps) && !key.includes("/") && key in cfg.nodes) {
      key = cfg.nodes[key];          // #/limits, #/username…: a node's id opens that step
      history.replaceState(history.state, "", hashOf(key));
    }
    if (key === null || !(key in cfg.steps)) {
      notice = say.say(cfg.unknown_path);
      key = "";
      history.replaceState(history.state, "", `${location.pathname}${location.search}#/`);
      navStack[navStack.length - 1] = "#/";
    }
    show(key, { focus: options.focus !== false, notice });
  }

  window.addEventListener("hashchange", () => {
    const now = location.hash || "#/";
    if (navStack.length >= 2 && navStack[navStack.length - 2] === now) navStack.pop();
    else navStack.push(now);
    route({ focus: true });
  });

  // The answer the reader chose at this step before (Back, Change, a reload) is marked.
  function markChosen(section, key) {
    const chosen = saved.chosen(key);
    for (const link of section.querySelectorAll(".ts-answer")) {
      if (link.dataset.answer === chosen) link.setAttribute("aria-current", "step");
    }
  }

  function show(key, { focus, notice }) {
    const section = fragment(cfg.steps[key]);
    markChosen(section, key);
    if (key in cfg.calculators) mountCalculator(section, cfg.calculators[key]);
    if (section.dataset.kind === "outcome") completeSummary(section);
    root.querySelector(".ts-step").replaceWith(section);
    shownKey = key;
    setNotice(notice);
    const label = plain(section.querySelector("#ts-step-heading").innerHTML);
    document.title = key ? `${label} - ${baseTitle}` : baseTitle;
    followLanguage();
    if (focus) section.querySelector("#ts-step-heading").focus();
    announce([notice, label].filter(Boolean).join(". "));
  }

  // The language switch leads to the same step, with everything kept (saved.js).
  function followLanguage() {
    for (const link of document.querySelectorAll("a.md-select__link[hreflang]")) {
      link.href = link.href.split("#")[0] + hashOf(shownKey);
    }
  }

  // --- calculators ------------------------------------------------------------------------------
  function mountCalculator(section, view) {
    const place = section.querySelector(".ts-calculator");
    const wrapper = forms.calculator(view, calculate);
    const form = wrapper.querySelector("form");
    const line = h("div", { class: "ts-engine-line", role: "status", dataset: { articles: JSON.stringify(view.articles) } });
    form.append(line);
    showEngineLine(line);
    place.replaceWith(wrapper);
    forms.restore(form, saved.entries(view.node));
    const keep = () => saved.keepEntries(view.node, forms.snapshot(form));
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    const kept = saved.result(view.node);
    if (kept && kept.lang === lang) showResult(wrapper, view, kept.out, { focus: false });
    else if (kept && engine.state === "ready") calculate(form, wrapper, view, { quiet: true });
    else if (kept) waiting = { form, wrapper, view, quiet: true };
  }

  // A result kept in the other language is asked for again in this one once the engine is ready.
  function refreshResults() {
    const form = root.querySelector(".ts-calculator form");
    const view = cfg.calculators[shownKey];
    const kept = view && saved.result(view.node);
    if (form && kept && kept.lang !== lang) calculate(form, form.closest(".ts-calculator"), view, { quiet: true });
  }

  async function calculate(form, wrapper, view, { quiet = false } = {}) {
    forms.clearErrors(form);
    saved.keepEntries(view.node, forms.snapshot(form));
    const { values, problems } = forms.collect(form, view);
    if (problems.length) {
      for (const [input, message] of problems) forms.showError(form, input, message);
      problems[0][0].focus();
      announce(`${ui["error-title"]}: ${problems[0][1]}`);
      return;
    }
    if (engine.state !== "ready") {
      waiting = { form, wrapper, view };
      refreshEngineLines();
      announce(engine.state === "loading" ? `${ui.loading} ${ui.waiting}` : ui[ENGINE_LINE[engine.state]]);
      return;
    }
    let out;
    try {
      out = await engine.call("step", [view.path, lang, null, values]);
    } catch (error) {
      const message = error.message === "slow" ? ui.slow : ui.internal;
      forms.showError(form, null, message);
      announce(`${ui["error-title"]}: ${message}`);
      return;
    }
    wrapper.querySelector(".ts-result")?.remove();
    if (out.error) {
      saved.forgetResult(view.node);
      const input = forms.inputFor(form, out.error, view);
      const message = say.say(out.error.message);
      forms.showError(form, input, message);
      if (!quiet) (input || form.querySelector(".ts-form__error")).focus?.();
      announce(`${ui["error-title"]}: ${message}`);
      return;
    }
    saved.keepResult(view.node, lang, out);
    showResult(wrapper, view, out, { focus: !quiet });
  }

  function showResult(wrapper, view, out, { focus }) {
    wrapper.querySelector(".ts-result")?.remove();
    const shown = present(view, out);
    wrapper.append(shown.element);
    suggest(wrapper.closest(".ts-step"), out.suggested);
    if (focus) {
      shown.element.querySelector("#ts-result-heading").focus();
      announce(shown.headline);
    }
  }

  // --- "Check your answers": the calculators' results, and copying it all ----------------------
  function completeSummary(section) {
    const box = section.querySelector(".ts-summary");
    if (!box) return;
    const results = [...box.querySelectorAll(".ts-summary__row")].map((row) => {
      const view = Object.values(cfg.calculators).find((c) => c.node === row.dataset.node);
      const kept = view && saved.result(view.node);
      return kept && kept.lang === lang ? { title: plain(view.title), headline: say.say(kept.out.presentation.headline) } : null;
    }).filter(Boolean);
    const list = box.querySelector(".ts-summary__results");
    list.append(...results.map((r) => h("li", {}, h("span", { class: "ts-summary__q", text: r.title }), " ",
      h("span", { class: "ts-summary__a", text: r.headline }))));
    list.hidden = !results.length;
    box.querySelector(".ts-copy-line").hidden = false;
    const when = new Intl.DateTimeFormat(cfg.intl, { dateStyle: "long", timeStyle: "short" }).format(new Date());
    box.summaryText = [
      `${ui.title} (${when})`,
      location.href,
      "",
      `${ui["your-answers"]}:`,
      ...[...box.querySelectorAll(".ts-summary__row")].map((row) =>
        `- ${plain(row.querySelector(".ts-summary__q").innerHTML)} ${plain(row.querySelector(".ts-summary__a").innerHTML)}`),
      ...results.map((r) => `- ${r.title}: ${r.headline}`),
      "",
      `${ui.outcome}: ${plain(section.querySelector("#ts-step-heading").innerHTML)}`,
    ].join("\n");
  }

  async function copySummary(button) {
    const box = button.closest(".ts-summary");
    const status = box.querySelector(".ts-copy-status");
    let done = false;
    try {
      await navigator.clipboard.writeText(box.summaryText);
      done = true;
    } catch (error) {
      const area = h("textarea", { class: "ts-sr-only", "aria-hidden": "true", tabindex: "-1" });
      area.value = box.summaryText;
      document.body.append(area);
      area.select();
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      button.focus();
    }
    box.dataset.copied = done ? "true" : "false";
    status.hidden = false;
    status.textContent = done ? ui.copied : ui["copy-failed"];
    announce(status.textContent);
  }

  // --- clicks: answers, Back, Change, Start again, Copy ----------------------------------------------
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target.closest("[data-go], [data-action]");
    if (!target || !root.contains(target)) return;
    const action = target.dataset.action;
    if (action === "copy") {
      event.preventDefault();
      copySummary(target);
      return;
    }
    if (target.dataset.go === undefined) return;
    event.preventDefault();
    const key = target.dataset.go;
    if (target.dataset.answer) saved.choose(shownKey, target.dataset.answer);
    if (action === "restart") saved.clear();
    if (action === "back" && navStack.length >= 2 && navStack[navStack.length - 2] === hashOf(key)) history.back();
    else go(key);
  });

  root.classList.add("ts--live");       // the steps now move in the page
  engine.start();
  if (hashKey()) {
    route({ focus: false });
  } else {
    // The first step is already on screen (first paint): only what the reader chose there before.
    markChosen(root.querySelector(".ts-step"), "");
    followLanguage();
  }
}
