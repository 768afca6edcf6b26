// The calculators' forms: built from the engine's view of a calculator step (its fields,
// labels, help and options, troubleshooter/forms.py), read back into the values the engine
// takes, and marked with the engine's errors next to the right field. Field names come from
// the view only; a tool's button and note are its `submit-<tool>` and `note-<tool>` texts.
// What the reader typed can be taken (snapshot) and put back (restore), so that Back, a
// reload or a language switch loses nothing.

// Generous for any real amount or username; a pasted page never reaches the engine.
const MAX_LENGTH = { amount: 40, text: 100 };

export function calculatorForms({ h, fill, ui, zone }) {
  let rowSeq = 0;

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
    group.addRow = addRow;
    addRow(false);
    return group;
  }

  // The two cells of a row of earlier withdrawals, as the engine's view names them.
  function rowFields(view) {
    const members = view.fields.filter((f) => f.repeat);
    return { date: members.find((f) => f.type === "date")?.name, amount: members.find((f) => f.type === "amount")?.name };
  }

  function calculator(view, onSubmit) {
    const form = h("form", { class: "ts-form", novalidate: true, dataset: { tool: view.tool } });
    const wrapper = h("div", { class: "ts-calculator" }, form);
    if (view.fields.some((f) => f.type.startsWith("datetime"))) {
      form.append(h("p", { class: "ts-form__note", text: fill(ui["local-time"], { zone }) }));
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
    const note = ui[`note-${view.tool}`];
    if (note) form.append(h("p", { class: "ts-private", text: note }));
    form.append(h("p", {}, h("button", { type: "submit", class: "md-button md-button--primary",
                                         text: ui[`submit-${view.tool}`] })));
    form.addEventListener("submit", (event) => {
      event.preventDefault();            // nothing is ever submitted anywhere
      onSubmit(form, wrapper, view);
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
      if (field.repeat) continue;             // rows of earlier withdrawals: below
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
    const cells = rowFields(view);
    if (cells.date && cells.amount) {
      values.withdrawals = [...form.querySelectorAll(".ts-row")].map((row) => {
        const date = row.querySelector(`[name="${cells.date}"]`);
        const amount = row.querySelector(`[name="${cells.amount}"]`);
        if (date.value && date.value > today) problems.push([date, ui.future]);
        return { date: date.value, amount: amount.value };
      });
    }
    return { values, problems };
  }

  // The input an engine error is about: the named field, and among repeated rows the one whose
  // value the error quotes.
  function inputFor(form, error, view) {
    if (!error.field) return null;
    const candidates = [...form.querySelectorAll(`[name="${CSS.escape(error.field)}"]`)];
    if (candidates.length <= 1) return candidates[0] || null;
    if (error.value === null || error.value === undefined) return candidates[0];
    // The engine quotes the value, an event ("WHEN=EVENT") or a withdrawal ("DATE=AMOUNT").
    const quoted = String(error.value);
    const parts = [quoted, quoted.split("=")[0], quoted.split("=").slice(1).join("=")];
    const cells = rowFields(view);
    const rowText = (input) => {
      const row = input.closest(".ts-row");
      const date = row && cells.date && row.querySelector(`[name="${cells.date}"]`);
      const amount = row && cells.amount && row.querySelector(`[name="${cells.amount}"]`);
      return date && amount ? `${date.value}=${amount.value.trim()}` : null;
    };
    return candidates.find((input) => rowText(input) === quoted)
      || candidates.find((input) => parts.includes(input.value.trim()) || parts.includes(toIso(input.value)))
      || candidates[0];
  }

  // What the reader typed: the rows of each repeated group and every named control's value,
  // in the form's order. Plain data, kept in the tab's sessionStorage.
  function snapshot(form) {
    return {
      rows: [...form.querySelectorAll(".ts-group")].map((group) => group.querySelectorAll(".ts-row").length),
      values: [...form.elements].filter((el) => el.name).map((el) => [el.name, el.type === "radio" || el.type === "checkbox" ? el.checked : el.value]),
    };
  }

  function restore(form, saved) {
    if (!saved || !Array.isArray(saved.values)) return;
    [...form.querySelectorAll(".ts-group")].forEach((group, i) => {
      const wanted = Number((saved.rows || [])[i]) || 0;
      while (group.querySelectorAll(".ts-row").length < wanted) group.addRow(false);
    });
    const controls = [...form.elements].filter((el) => el.name);
    saved.values.forEach(([name, value], i) => {
      const el = controls[i];
      if (!el || el.name !== name) return;              // the form changed since: skip
      if (el.type === "radio" || el.type === "checkbox") el.checked = Boolean(value);
      else el.value = String(value);
    });
  }

  return { calculator, clearErrors, showError, collect, inputFor, fieldId, snapshot, restore };
}
