// A calculation's result on the page: the engine's presentation (troubleshooter/present.py)
// as it is, its typed values written by format.js, and the engine's raw result and inputs
// in data-result / data-input (for tests and support). The page decides nothing here.

export function resultViews({ h, say, ui }) {
  function present(view, out) {
    const p = out.presentation;
    const headline = say.say(p.headline);
    const more = p.more ? MORE[p.more.kind](p.more) : null;
    const element = h("section", {
      class: "ts-result", "aria-labelledby": "ts-result-heading",
      "data-result": JSON.stringify(out.result), "data-input": JSON.stringify(out.inputs),
    },
    h("h2", { id: "ts-result-heading", tabindex: "-1", text: ui.result }),
    h("p", { class: "ts-result__headline", text: headline }),
    p.more && p.more.kind === "list" ? more : null,
    ui[`note-${view.tool}`] ? h("p", { class: "ts-private", text: ui[`note-${view.tool}`] }) : null,
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

  return { present, suggest };
}
