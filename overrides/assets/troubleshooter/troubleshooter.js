// The guided troubleshooter page (overrides/troubleshooter.html).
//
// The first step is already in the HTML (rendered at build time by the same engine, see
// kb/troubleshooter_pages.py), every answer is a link to a static rendering of the next step,
// and this script upgrades the page: the engine (troubleshooter.flow, real Python) runs under
// Pyodide in a module Web Worker (worker.js), the path of answers lives in the URL hash
// (#/answer/answer…, never sent to the server), and calculators run in the browser.
//
// Every text comes from the page's JSON (#ts-config: flow.json and content/ui.yaml in the
// reader's language); dates, times and amounts are formatted with Intl.
//
// Test hooks: #troubleshooter[data-engine="loading|ready|failed"], the step's [data-step], the
// result's [data-result] (the engine's raw JSON) and [data-input] (what the engine was given);
// in the test build only (make test), ?engine-timeout=<ms> shortens the time limit for the
// engine to start.

import { fill, formatter } from "./format.js";

const root = document.getElementById("troubleshooter");
// Generous for any real amount or username; a pasted page never reaches the engine.
const MAX_LENGTH = { amount: 40, text: 100 };
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

  let engine = "loading";
  let worker = null;
  let timer = null;
  let callSeq = 0;
  let restarted = false;
  const calls = new Map();
  let displayedPath = [];         // the path of the step on screen
  let routeSeq = 0;
  let rowSeq = 0;
  const navStack = [currentHash()];
  const results = new Map();      // calculator node -> {title, headline} (for the summary)

  // --- the engine's typed values, for people (format.js) -------------------------------------
  const say = formatter(lang, cfg.amount_pattern);
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";

  function plain(htmlText) {
    // An inert document: nothing in it loads or runs, whatever the text holds.
    const doc = new DOMParser().parseFromString(htmlText || "", "text/html");
    return doc.body.textContent.replace(/\s+/g, " ").trim();
  }

  // --- DOM helpers ------------------------------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "html") el.innerHTML = value;          // trusted: texts of flow.json
      else if (key === "text") el.textContent = value;
      else if (key === "dataset") Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

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

  // --- the engine -------------------------------------------------------------------------------
  function setEngine(state) {
    engine = state;
    root.dataset.engine = state;
    engineBox.querySelector('[data-when="loading"]').hidden = state !== "loading";
    engineBox.querySelector('[data-when="failed"]').hidden = state !== "failed";
  }

  function showLoading() {
    if (engine === "loading") engineBox.hidden = false;
  }

  function startEngine() {
    setEngine("loading");
    const wasm = typeof WebAssembly === "object" && WebAssembly !== null
      && typeof WebAssembly.instantiate === "function";
    if (!wasm || typeof Worker !== "function") {
      fail();
      return;
    }
    const requested = cfg.test_hooks ? Number(new URLSearchParams(location.search).get("engine-timeout")) : 0;
    timer = setTimeout(fail, requested > 0 ? requested : cfg.timeout);
    try {
      // The worker carries this script's ?v= (its content hash, written by the build): cached
      // for a year like this script, and never a stale worker beside a new script.
      worker = new Worker(new URL(`worker.js${new URL(import.meta.url).search}`, import.meta.url), { type: "module" });
    } catch (error) {
      fail();
      return;
    }
    worker.addEventListener("message", onWorkerMessage);
    worker.addEventListener("error", fail);
    worker.addEventListener("messageerror", fail);
    const runtime = new URL(root.dataset.pyodide, document.baseURI);
    const indexURL = new URL(".", runtime).href;
    worker.postMessage({ type: "init", indexURL, lockFileURL: `${indexURL}pyodide-lock.json` });
  }

  function onWorkerMessage(event) {
    const message = event.data || {};
    if (message.type === "ready" && engine === "loading") {
      clearTimeout(timer);
      performance.mark("ts-engine-ready");
      setEngine("ready");
      engineBox.hidden = true;
      if (restarted) {                 // after a stuck call: the page on screen stays as it is
        restarted = false;
        return;
      }
      const pending = root.querySelector(".ts-answer--pending");
      route({ focus: Boolean(pending) || hashPath().length > 0, initial: !pending });
    } else if (message.type === "failed") {
      fail();
    } else if (message.type === "answer") {
      const pending = calls.get(message.id);
      if (!pending) return;
      calls.delete(message.id);
      if (message.error && message.error.code !== undefined && !("value" in message)) {
        pending.reject(Object.assign(new Error(message.error.code), { detail: message.error }));
      } else {
        pending.resolve(message.value);
      }
    }
  }

  function fail() {
    if (engine === "failed" || engine === "ready") return;
    clearTimeout(timer);
    if (worker) worker.terminate();
    worker = null;
    performance.mark("ts-engine-failed");
    setEngine("failed");
    engineBox.hidden = false;
    for (const link of root.querySelectorAll(".ts-answer--pending")) link.classList.remove("ts-answer--pending");
    for (const { reject } of calls.values()) reject(new Error("failed"));
    calls.clear();
    announce(ui.failed);
  }

  function call(fn, args) {
    return new Promise((resolve, reject) => {
      if (engine !== "ready" || !worker) {
        reject(new Error("not-ready"));
        return;
      }
      const id = ++callSeq;
      const limit = setTimeout(() => stuck(id), cfg.call_timeout);
      calls.set(id, {
        resolve: (value) => { clearTimeout(limit); resolve(value); },
        reject: (error) => { clearTimeout(limit); reject(error); },
      });
      worker.postMessage({ type: "call", id, fn, args });
    });
  }

  // A call the engine has not answered in time: the worker is busy in Python and cannot be
  // interrupted, so it is replaced by a fresh one; every waiting call ends as "slow".
  function stuck(id) {
    if (!calls.has(id)) return;
    worker.terminate();
    worker = null;
    for (const { reject } of calls.values()) reject(new Error("slow"));
    calls.clear();
    restarted = true;
    startEngine();
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
    if (view.kind === "calculator") section.append(calculator(view));
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

  // --- calculators ------------------------------------------------------------------------------
  function fieldId(name) {
    return `ts-f-${name}-${++rowSeq}`;
  }

  function localNow() {
    const d = new Date();
    d.setSeconds(0, 0);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }
  function localToday() {
    return localNow().slice(0, 10);
  }

  // datetime-local "YYYY-MM-DDTHH:MM" -> ISO 8601 with the browser's UTC offset on that date.
  function toIso(value) {
    if (!value) return "";
    const local = new Date(value);
    if (Number.isNaN(local.getTime())) return value;
    const offset = -local.getTimezoneOffset();
    const sign = offset >= 0 ? "+" : "-";
    const abs = Math.abs(offset);
    const pad = (n) => String(n).padStart(2, "0");
    const seconds = value.length === 16 ? `${value}:00` : value.slice(0, 19);
    return `${seconds}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  function control(field, id, describedBy) {
    const common = { id, name: field.name, "aria-describedby": describedBy || null };
    if (field.type === "select") {
      return h("select", common,
        h("option", { value: "", text: "—" }),
        (field.options || []).map((o) => h("option", { value: o.value, text: o.label })));
    }
    if (field.type === "datetime" || field.type === "datetime-list") {
      return h("input", { ...common, type: "datetime-local", step: "60",
                          value: field.name === "at" ? localNow() : null });
    }
    if (field.type === "date") {
      return h("input", { ...common, type: "date", value: field.name === "on" ? localToday() : null });
    }
    if (field.type === "amount") {
      return h("input", { ...common, type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false",
        maxlength: MAX_LENGTH.amount });
    }
    return h("input", { ...common, type: "text", autocomplete: "off", autocapitalize: "none", spellcheck: "false",
      maxlength: MAX_LENGTH.text });
  }

  // One labelled input with its help and its (hidden) error message.
  function fieldBlock(field, labelSuffix) {
    const id = fieldId(field.name);
    const helpId = field.help ? `${id}-help` : null;
    const input = control(field, id, helpId);
    input.dataset.help = helpId || "";
    const optional = field.required ? "" : ` (${ui.optional})`;
    return h("div", { class: "ts-field", dataset: { field: field.name } },
      h("label", { for: id, text: `${field.label}${labelSuffix || ""}${optional}` }),
      field.help ? h("p", { class: "ts-field__help", id: helpId, text: field.help }) : null,
      input,
      h("p", { class: "ts-field__error", id: `${id}-error`, hidden: true }));
  }

  // A repeatable group: rows of fields, an Add button, a Remove button per row.
  function repeatGroup(fields, legend, help) {
    const rows = h("div", { class: "ts-rows" });
    const group = h("fieldset", { class: "ts-group", dataset: { group: fields.map((f) => f.name).join(" ") } },
      h("legend", { text: `${legend} (${ui.optional})` }),
      help ? h("p", { class: "ts-field__help", text: help }) : null,
      rows);
    let count = 0;
    function addRow(focusIt) {
      count += 1;
      const row = h("div", { class: "ts-row" },
        fields.map((f) => fieldBlock({ ...f, required: true }, ` (${count})`)));
      const remove = h("button", { type: "button", class: "md-button ts-remove",
                                    text: `${ui.remove} (${count})` });
      remove.addEventListener("click", () => {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        const target = next ? next.querySelector("input, select") : addButton;
        target.focus();
      });
      row.append(h("div", { class: "ts-row__remove" }, remove));
      rows.append(row);
      if (focusIt) row.querySelector("input, select").focus();
    }
    const addButton = h("button", { type: "button", class: "md-button ts-add", text: `${ui.add}: ${legend}` });
    addButton.addEventListener("click", () => addRow(true));
    group.append(h("p", {}, addButton));
    addRow(false);
    return group;
  }

  function calculator(view) {
    const form = h("form", { class: "ts-form", novalidate: true, dataset: { tool: view.tool } });
    const wrapper = h("div", { class: "ts-calculator" }, form);
    if (view.fields.some((f) => f.type.startsWith("datetime"))) {
      form.append(h("p", { class: "ts-form__note", text: fill(ui["local-time"], { zone: localZone }) }));
    }
    const done = new Set();
    for (const field of view.fields) {
      if (done.has(field.name)) continue;
      if (field.repeat) {
        const members = view.fields.filter((f) => f.repeat === field.repeat);
        members.forEach((f) => done.add(f.name));
        form.append(repeatGroup(members.map((f) => ({ ...f, help: null })), ui.withdrawals,
          members.map((f) => f.help).filter(Boolean).join(" ")));
      } else if (field.type === "datetime-list") {
        done.add(field.name);
        form.append(repeatGroup([{ ...field, help: null }], field.label, field.help));
      } else {
        done.add(field.name);
        form.append(fieldBlock(field));
      }
    }
    if (view.tool === "username") form.append(h("p", { class: "ts-private", text: ui["never-sent"] }));
    form.append(h("p", {}, h("button", { type: "submit", class: "md-button md-button--primary", text: ui.calculate })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();            // nothing is ever submitted anywhere
      calculate(form, wrapper, view);
    });
    return wrapper;
  }

  function clearErrors(form) {
    for (const input of form.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", input.dataset.help || "");
      if (!input.dataset.help) input.removeAttribute("aria-describedby");
    }
    for (const p of form.querySelectorAll(".ts-field__error")) {
      p.hidden = true;
      p.textContent = "";
    }
    const general = form.querySelector(".ts-form__error");
    if (general) general.remove();
  }

  function showError(form, input, message) {
    if (input) {
      const errorEl = document.getElementById(`${input.id}-error`);
      errorEl.textContent = message;
      errorEl.hidden = false;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", [input.dataset.help, errorEl.id].filter(Boolean).join(" "));
    } else {
      form.prepend(h("p", { class: "ts-form__error ts-field__error", id: fieldId("form-error"), tabindex: "-1", text: message }));
    }
  }

  function collect(form, view) {
    const values = {};
    const problems = [];
    const now = Date.now();
    const today = localToday();
    const inputs = (name) => [...form.querySelectorAll(`[name="${name}"]`)];
    for (const field of view.fields) {
      if (view.tool === "limits" && field.repeat) continue;
      if (field.type === "datetime") {
        const input = inputs(field.name)[0];
        values[field.name] = toIso(input.value);
        if (field.event && input.value && new Date(input.value).getTime() > now) problems.push([input, ui.future]);
      } else if (field.type === "datetime-list") {
        values[field.name] = inputs(field.name).map((input) => {
          if (input.value && new Date(input.value).getTime() > now) problems.push([input, ui.future]);
          return toIso(input.value);
        });
      } else {
        values[field.name] = inputs(field.name)[0].value;
      }
    }
    if (view.tool === "limits") {
      values.withdrawals = [...form.querySelectorAll(".ts-row")].map((row) => {
        const date = row.querySelector('[name="withdrawal_date"]');
        const amount = row.querySelector('[name="withdrawal_amount"]');
        if (date.value && date.value > today) problems.push([date, ui.future]);
        return { date: date.value, amount: amount.value };
      });
    }
    return { values, problems };
  }

  // The input an engine error is about: the named field, and among repeated rows the one whose
  // value the error quotes.
  function inputFor(form, error) {
    if (!error.field) return null;
    const candidates = [...form.querySelectorAll(`[name="${CSS.escape(error.field)}"]`)];
    if (candidates.length <= 1) return candidates[0] || null;
    if (error.value === null || error.value === undefined) return candidates[0];
    // The engine quotes the value, an event ("WHEN=EVENT") or a withdrawal ("DATE=AMOUNT").
    const quoted = String(error.value);
    const parts = [quoted, quoted.split("=")[0], quoted.split("=").slice(1).join("=")];
    const rowText = (input) => {
      const row = input.closest(".ts-row");
      const date = row && row.querySelector('[name="withdrawal_date"]');
      const amount = row && row.querySelector('[name="withdrawal_amount"]');
      return date && amount ? `${date.value}=${amount.value}` : null;
    };
    return candidates.find((input) => rowText(input) === quoted)
      || candidates.find((input) => parts.includes(input.value) || parts.includes(toIso(input.value)))
      || candidates[0];
  }

  async function calculate(form, wrapper, view) {
    clearErrors(form);
    const { values, problems } = collect(form, view);
    if (problems.length) {
      for (const [input, message] of problems) showError(form, input, message);
      problems[0][0].focus();
      announce(`${ui["error-title"]}: ${problems[0][1]}`);
      return;
    }
    let out;
    try {
      out = await call("step", [view.path, lang, null, values]);
    } catch (error) {
      const message = error.message === "slow" ? ui.slow : ui.internal;
      showError(form, null, message);
      announce(`${ui["error-title"]}: ${message}`);
      return;
    }
    const old = wrapper.querySelector(".ts-result");
    if (old) old.remove();
    if (out.error) {
      const input = inputFor(form, out.error);
      const message = say.say(out.error.message);
      showError(form, input, message);
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

  // --- results: the engine's presentation (troubleshooter/present.py), and data-result --------
  function present(view, out) {
    const p = out.presentation;
    const headline = say.say(p.headline);
    const more = p.more ? MORE[p.more.kind](p.more) : null;
    const element = h("section", {
      class: "ts-result", "aria-labelledby": "ts-result-heading",
      "data-result": JSON.stringify(out.result), "data-input": JSON.stringify(out.inputs),
    },
    h("h3", { id: "ts-result-heading", tabindex: "-1", text: ui.result }),
    h("p", { class: "ts-result__headline", text: headline }),
    p.more && p.more.kind === "list" ? more : null,
    view.tool === "username" ? h("p", { class: "ts-private", text: ui["never-sent"] }) : null,
    p.lines.length ? h("dl", { class: "ts-result__lines" }, p.lines.map((line) => h("div", {},
      h("dt", { text: line.label }), h("dd", { text: say.value(line.value) })))) : null,
    p.more && p.more.kind !== "list" ? more : null);
    return { element, headline };
  }

  const MORE = { timeline, table, list };

  function list(more) {
    return h("ul", { class: "ts-problems" }, more.items.map((item) => h("li", { text: say.value(item) })));
  }

  function table(more) {
    return h("div", { class: "ts-compare" }, h("table", {},
      h("caption", { text: more.title }),
      h("thead", {}, h("tr", {}, more.columns.map((label) => h("th", { scope: "col", text: label })))),
      h("tbody", {}, more.rows.map(([head, ...cells]) => h("tr", {},
        h("th", { scope: "row", text: say.value(head) }),
        cells.map((cell) => h("td", { text: say.value(cell) })))))));
  }

  // The access timeline: a bar (for the eye; the list says the same) and the engine's list.
  // The bar's geometry is display: each closed segment as long as it lasts, the open one
  // a quarter of the rest (at least a day).
  function timeline(more) {
    const segments = more.items;
    const time = (s) => new Date(s).getTime();
    const closed = segments.filter((s) => s.until).reduce((sum, s) => sum + (time(s.until) - time(s.from)), 0);
    const openWidth = Math.max(closed * 0.25, 24 * 3600 * 1000);
    const widths = segments.map((s) => (s.until ? time(s.until) - time(s.from) : openWidth));
    const total = widths.reduce((a, b) => a + b, 0) || 1;
    const atTime = time(more.at);
    let offset = 0;
    let marker = null;
    segments.forEach((s, i) => {
      if (s.current) {
        const start = time(s.from);
        const end = s.until ? time(s.until) : start + widths[i];
        marker = offset + Math.min(1, (atTime - start) / (end - start || 1)) * widths[i];
      }
      offset += widths[i];
    });
    const bar = h("div", { class: "ts-timeline__bar", "aria-hidden": "true" },
      segments.map((s, i) => h("span", { class: `ts-seg ts-seg--${s.state}`, style: `flex-grow: ${widths[i] / total}` })),
      marker === null ? null : h("span", { class: "ts-timeline__now", style: `left: ${(100 * marker) / total}%` }));
    const items = h("ol", { class: "ts-timeline__list" }, segments.map((s) => h("li", {
      class: `ts-seg--${s.state}`, "aria-current": s.current ? "true" : null },
      h("span", { class: "ts-swatch", "aria-hidden": "true" }),
      h("span", {}, say.say(s.text),
        s.current ? h("span", { class: "ts-timeline__here", text: ` (${ui["timeline-now"]})` }) : null))));
    return h("figure", { class: "ts-timeline" }, h("figcaption", { text: more.title }), bar, items);
  }

  // The answer the engine says fits the result (flow.yaml `matches`); the reader still chooses.
  function suggest(section, answerId) {
    for (const old of section.querySelectorAll(".ts-answer--suggested")) {
      old.classList.remove("ts-answer--suggested");
      old.querySelector(".ts-tag")?.remove();
    }
    const link = answerId && section.querySelector(`.ts-answers [data-answer="${CSS.escape(answerId)}"]`);
    if (link) {
      link.classList.add("ts-answer--suggested");
      link.append(h("span", { class: "ts-tag", text: ` (${ui.suggested})` }));
    }
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

  startEngine();
  if (hashPath().length) route({ focus: false });
}
