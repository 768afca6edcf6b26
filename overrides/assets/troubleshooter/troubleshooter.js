// The guided troubleshooter page (overrides/troubleshooter.html).
//
// The first step is already in the HTML (rendered at build time by the same engine, see
// kb/troubleshooter_pages.py), every answer is a link to a static rendering of the next step,
// and this script upgrades the page: the engine (troubleshooter.flow, real Python) runs under
// Pyodide in a module Web Worker (engine-client.js, worker.js), the path of answers lives in
// the URL hash (#/answer/answer…, never sent to the server), and calculators run in the
// browser (calculator-form.js builds their forms, results.js shows the engine's results).
//
// Every text comes from the page's JSON (#ts-config: flow.json in the reader's language) or
// from the engine; its typed values are written by format.js.
//
// Test hooks: #troubleshooter[data-engine="loading|ready|failed"], the step's [data-step], the
// result's [data-result] (the engine's raw JSON) and [data-input] (what the engine was given);
// in the test build only (make test), ?engine-timeout=<ms> shortens the time limit for the
// engine to start.

// The page's modules carry this script's ?v= (the content hash of them all, written by the
// build): cached for a year like this script, and never an old module beside a new one.
const version = new URL(import.meta.url).search;
const load = (name) => import(new URL(`${name}${version}`, import.meta.url).href);
const [{ h, plainText: plain }, { fill, formatter }, { EngineClient }, { resultViews }, { calculatorForms }] =
  await Promise.all(["./dom.js", "./format.js", "./engine-client.js", "./results.js", "./calculator-form.js"].map(load));

const root = document.getElementById("troubleshooter");
const configElement = document.getElementById("ts-config");

if (root && configElement) {
  main(JSON.parse(configElement.textContent));
}

function main(cfg) {
  const ui = cfg.ui;
  const lang = cfg.lang;
  const statusRegion = root.querySelector('[role="status"]');
  const noticeBox = root.querySelector(".ts-notice");
  const engineBox = root.querySelector(".ts-engine");
  const baseTitle = document.title;

  let displayedPath = [];         // the path of the step on screen
  let routeSeq = 0;
  const navStack = [currentHash()];
  const results = new Map();      // calculator node -> {title, headline} (for the summary)

  const say = formatter(lang, cfg.amount_pattern);        // the engine's typed values, for people
  const { present, suggest } = resultViews({ h, say, ui });
  const forms = calculatorForms({ h, fill, ui });

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
  function currentHash() {
    const path = hashPath();
    return hashOf(path);
  }
  function hashPath() {
    let raw = location.hash.replace(/^#\/?/, "");
    try {
      raw = decodeURIComponent(raw);
    } catch (error) {
      return [location.hash];          // malformed: not a path, the engine says so
    }
    return raw.split("/").filter(Boolean);
  }
  function hashOf(path) {
    return `#/${path.join("/")}`;
  }
  function go(path) {
    const target = hashOf(path);
    if (location.hash === target) route({ focus: true });
    else location.hash = target;       // hashchange → route
  }

  // --- the engine (engine-client.js) ----------------------------------------------------------
  const requested = cfg.test_hooks ? Number(new URLSearchParams(location.search).get("engine-timeout")) : 0;
  const engineClient = new EngineClient({
    runtimeURL: new URL(root.dataset.pyodide, document.baseURI),
    workerURL: new URL(`worker.js${version}`, import.meta.url),
    startLimit: requested > 0 ? requested : cfg.timeout,
    callLimit: cfg.call_timeout,
    onState: engineState,
  });
  const call = (fn, args) => engineClient.call(fn, args);
  let engine = "loading";

  function engineState(state, { restarted }) {
    engine = state;
    root.dataset.engine = state;
    engineBox.querySelector('[data-when="loading"]').hidden = state !== "loading";
    engineBox.querySelector('[data-when="failed"]').hidden = state !== "failed";
    if (state === "ready") {
      engineBox.hidden = true;
      if (restarted) return;           // after a stuck call: the page on screen stays as it is
      const pending = root.querySelector(".ts-answer--pending");
      route({ focus: Boolean(pending) || hashPath().length > 0, initial: !pending });
    } else if (state === "failed") {
      engineBox.hidden = false;
      for (const link of root.querySelectorAll(".ts-answer--pending")) link.classList.remove("ts-answer--pending");
      announce(ui.failed);
    }
  }

  function showLoading() {
    if (engine === "loading") engineBox.hidden = false;
  }

  // --- routing ------------------------------------------------------------------------------
  async function route(options = {}) {
    const seq = ++routeSeq;
    const path = hashPath();
    if (engine !== "ready") {
      if (engine === "loading" && path.length) {
        showLoading();
        announce(ui.pending);
      }
      return;
    }
    let view;
    let notice = null;
    try {
      view = await call("step", [path, lang]);
      if (view.error && view.error.code === "unknown-path" && path.length === 1) {
        // #/limits, #/access, #/username…: a node's id opens that step directly.
        const direct = await call("path_to", [path[0]]);
        if (direct) view = await call("step", [direct, lang]);
      }
    } catch (error) {
      if (engine === "ready") setNotice(ui.internal);
      return;
    }
    if (seq !== routeSeq) return;    // a newer navigation took over
    if (view.error && view.error.code === "unknown-path") {
      notice = say.say(view.error.message);
      history.replaceState(history.state, "", `${location.pathname}${location.search}#/`);
      navStack[navStack.length - 1] = "#/";
    }
    const initialStart = options.initial && !view.path.length && !notice;
    if (!initialStart) render(view, { focus: options.focus !== false, notice });
  }

  window.addEventListener("hashchange", () => {
    const now = currentHash();
    if (navStack.length >= 2 && navStack[navStack.length - 2] === now) navStack.pop();
    else navStack.push(now);
    route({ focus: true });
  });

  // --- rendering a step (the same markup as kb/troubleshooter_pages.py's render_step) ----------
  function progress(view) {
    const n = view.path.length + 1;
    if (view.kind === "outcome") return { text: fill(ui["progress-last"], { n }), percent: 100 };
    let total = n;
    for (const p of cfg.paths) {
      if (view.path.every((id, i) => p[i] === id)) total = Math.max(total, p.length + 1);
    }
    return { text: fill(ui.progress, { n, total }), percent: Math.round((100 * (n - 1)) / total) };
  }

  function headingOf(view) {
    return view.kind === "question" ? view.question : view.title;
  }

  function render(view, { focus, notice }) {
    const { text, percent } = progress(view);
    const heading = headingOf(view);
    const section = h("section", {
      class: `ts-step ts-step--${view.kind}`, "aria-labelledby": "ts-step-heading",
      dataset: { step: view.node, kind: view.kind, path: view.path.join("/") },
    },
    h("p", { class: "ts-progress" },
      h("span", { class: "ts-progress__text", text }),
      h("span", { class: "ts-progress__bar", "aria-hidden": "true" }, h("span", { style: `width: ${percent}%` }))),
    h("h2", { id: "ts-step-heading", class: "ts-step__heading", tabindex: "-1", html: heading }));
    if (view.help) section.append(h("p", { class: "ts-step__help", html: view.help }));
    if (view.intro) section.append(h("p", { class: "ts-step__intro", html: view.intro }));
    if (view.kind === "calculator") section.append(forms.calculator(view, calculate));
    if (view.kind === "outcome") {
      section.append(h("div", { class: "ts-body", html: view.body }));
      if (view.read && view.read.length) {
        section.append(h("h3", { text: ui["read-next"] }),
          h("ul", { class: "ts-read" }, view.read.map((a) => h("li", {}, h("a", { href: a.url, html: a.title })))));
      }
    }
    if (view.kind === "calculator") section.append(h("p", { class: "ts-then", text: ui.then }));
    if (view.answers && view.answers.length) {
      section.append(h("ul", { class: "ts-answers" }, view.answers.map((a) => h("li", {},
        h("a", { class: "ts-answer", href: hashOf(a.path), dataset: { answer: a.id }, html: a.label })))));
    }
    if (view.kind === "outcome" && view.summary.length) section.append(summary(view));
    if (view.path.length) {
      section.append(h("p", { class: "ts-controls" },
        h("a", { class: "ts-control md-button", href: hashOf(view.path.slice(0, -1)), rel: "prev",
                 dataset: { action: "back" }, text: ui.back }), " ",
        h("a", { class: "ts-control md-button", href: "#/", dataset: { action: "restart" }, text: ui["start-again"] })));
    }
    root.querySelector(".ts-step").replaceWith(section);
    displayedPath = view.path;
    setNotice(notice);
    engineBox.hidden = engine !== "failed";
    const label = plain(heading);
    document.title = view.path.length ? `${label} - ${baseTitle}` : baseTitle;
    if (focus) section.querySelector("#ts-step-heading").focus();
    announce([notice, text, label].filter(Boolean).join(". "));
  }

  // --- the summary of answers, and copying it ----------------------------------------------------
  function summary(view) {
    const calcResults = view.summary.map((s) => results.get(s.node)).filter(Boolean);
    const copyStatus = h("p", { class: "ts-copy-status", hidden: true });
    const box = h("section", { class: "ts-summary", "aria-labelledby": "ts-summary-heading" },
      h("h3", { id: "ts-summary-heading", text: ui["your-answers"] }),
      h("ol", {}, view.summary.map((s) => h("li", {},
        h("span", { class: "ts-summary__q", html: s.question }), " ",
        h("span", { class: "ts-summary__a", html: s.label })))),
      calcResults.length ? h("ul", { class: "ts-summary__results" },
        calcResults.map((r) => h("li", {}, h("span", { class: "ts-summary__q", text: r.title }), " ",
          h("span", { class: "ts-summary__a", text: r.headline })))) : null,
      h("p", {}, h("button", { type: "button", class: "md-button md-button--primary ts-copy",
                               dataset: { action: "copy" }, text: ui.copy })),
      copyStatus);
    box.summaryText = [
      ui.title,
      `${ui["your-answers"]}:`,
      ...view.summary.map((s, i) => `${i + 1}. ${plain(s.question)} — ${plain(s.label)}`),
      ...calcResults.map((r) => `${r.title}: ${r.headline}`),
      `${ui.outcome}: ${plain(view.title)}`,
    ].join("\n");
    return box;
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

  // --- calculators (calculator-form.js builds and reads the forms) -----------------------------
  async function calculate(form, wrapper, view) {
    forms.clearErrors(form);
    const { values, problems } = forms.collect(form, view);
    if (problems.length) {
      for (const [input, message] of problems) forms.showError(form, input, message);
      problems[0][0].focus();
      announce(`${ui["error-title"]}: ${problems[0][1]}`);
      return;
    }
    let out;
    try {
      out = await call("step", [view.path, lang, null, values]);
    } catch (error) {
      const message = error.message === "slow" ? ui.slow : ui.internal;
      forms.showError(form, null, message);
      announce(`${ui["error-title"]}: ${message}`);
      return;
    }
    const old = wrapper.querySelector(".ts-result");
    if (old) old.remove();
    if (out.error) {
      const input = forms.inputFor(form, out.error, view);
      const message = say.say(out.error.message);
      forms.showError(form, input, message);
      (input || form.querySelector(".ts-form__error")).focus?.();
      announce(`${ui["error-title"]}: ${message}`);
      return;
    }
    const shown = present(view, out);
    wrapper.append(shown.element);
    results.set(view.node, { title: plain(view.title), headline: shown.headline });
    suggest(wrapper.closest(".ts-step"), out.suggested);
    shown.element.querySelector("h3").focus();
    announce(shown.headline);
  }

  // --- clicks: answers, Back, Start again, Copy ----------------------------------------------------
  root.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const target = event.target.closest("[data-answer], [data-action]");
    if (!target || !root.contains(target) || engine === "failed") return;   // failed: static links
    const action = target.dataset.action;
    if (target.dataset.answer) {
      event.preventDefault();
      const path = [...displayedPath, target.dataset.answer];
      if (engine === "loading") {
        for (const link of root.querySelectorAll(".ts-answer--pending")) link.classList.remove("ts-answer--pending");
        target.classList.add("ts-answer--pending");
      }
      go(path);
    } else if (action === "back") {
      event.preventDefault();
      const parent = hashOf(displayedPath.slice(0, -1));
      if (navStack.length >= 2 && navStack[navStack.length - 2] === parent) history.back();
      else go(displayedPath.slice(0, -1));
    } else if (action === "restart") {
      event.preventDefault();
      results.clear();
      go([]);
    } else if (action === "copy") {
      event.preventDefault();
      copySummary(target);
    }
  });

  engineClient.start();
  if (hashPath().length) route({ focus: false });
}
