"""The troubleshooter's steps as HTML: the one renderer of a step.

Every step of the flow (every prefix of every path, in each language) is rendered here once,
at build time, from the engine's own view of it (`troubleshooter.flow.step(path, lang)`):

- the first step is the page's first paint (overrides/troubleshooter.html);
- every step goes into the page's data, and the page's script moves between them without
  waiting for the engine (overrides/assets/troubleshooter/troubleshooter.js shows them as
  they are);
- every step after the first is also a page of its own, for readers without JavaScript: a
  real page of the site, whose Markdown `kb generate` writes (`page_src`, front matter only:
  its title and `PAGE_META`), which the build fills with the step
  (kb/troubleshooter_pages.py).

Links are written relative to the troubleshooter page (`step/<answer>/<answer>/`), so they
work without JavaScript; each also carries the path it leads to in `data-go`, which the
script follows in the page instead. The texts come from content/flow.yaml through flow.json:
HTML the generator made safe (questions, answers, bodies) goes in as it is, interface texts
are escaped.

A step is laid out as a question page: Back at the top, the question as the page's only
`h1`, the answers as large choices, then (outcomes) "Check your answers" with a Change link
per answer.
"""

import html
import re

from kb.render import TROUBLESHOOTER_PAGE

STEP_DIR = "step"
# The folder of the static step pages in a language's docs folder (beside the troubleshooter page).
STEP_PAGES = f"{TROUBLESHOOTER_PAGE[:-len('.md')]}/{STEP_DIR}/"
# A static step page's front matter names its position (`key`) under this key.
PAGE_META = "troubleshooter_step"
_TAGS = re.compile(r"<[^>]+>")


def href(path):
    """A path's URL relative to the troubleshooter page: its static step page."""
    return f"{STEP_DIR}/{'/'.join(path)}/" if path else "./"


def key(path):
    """A path as the page's data and its URL hash name it: the answer ids joined by "/"."""
    return "/".join(path)


def page_src(path):
    """Where `kb generate` writes the static page of the step at `path`, in a language's docs
    folder: beside the troubleshooter page, at its URL `href(path)`."""
    return f"{STEP_PAGES}{key(path)}/index.md"


def positions(lang, data=None):
    """Every position of the flow in `lang`, the start first, as the engine sees it:
    [(path, view)], a position for every prefix of every path to an outcome. `data`: the flow
    (flow.json's content), if not the engine's packaged one."""
    from troubleshooter import flow

    seen = {(): None}
    for entry in flow.all_paths(lang, data):
        for depth in range(1, len(entry["path"]) + 1):
            seen.setdefault(tuple(entry["path"][:depth]), None)
    return [(list(path), flow.step(list(path), lang, data=data)) for path in seen]


def _go(path, text, css, extra=""):
    e = html.escape
    return f'<a class="{css}" href="{e(href(path))}" data-go="{e(key(path))}"{extra}>{text}</a>'


def heading(view):
    """What a step asks or tells: a question's question, otherwise the node's title (HTML)."""
    return view["question"] if view["kind"] == "question" else view["title"]


def plain_heading(view):
    """The step's heading as plain text (a page title)."""
    return html.unescape(_TAGS.sub("", heading(view) or "")).strip()


def _answers(view, e):
    items = []
    for answer in view["answers"]:
        link = _go(answer["path"], f'<span class="ts-answer__label">{answer["label"]}</span>', "ts-answer",
                   f' data-answer="{e(answer["id"])}"')
        items.append(f"<li>{link}</li>")
    return f'<ul class="ts-answers">{"".join(items)}</ul>'


def _check_answers(view, ui, e):
    """"Check your answers": each question, its answer and a link back to change it."""
    rows = []
    for i, entry in enumerate(view["summary"]):
        change = _go(view["path"][:i], f'{e(ui["change"])}<span class="ts-sr-only"> {entry["question"]}</span>',
                     "ts-summary__change", ' data-action="change"')
        rows.append(f'<div class="ts-summary__row" data-node="{e(entry["node"])}">'
                    f'<dt class="ts-summary__q">{entry["question"]}</dt>'
                    f'<dd class="ts-summary__a">{entry["label"]}</dd>'
                    f'<dd class="ts-summary__change-cell">{change}</dd></div>')
    return (f'<section class="ts-summary" aria-labelledby="ts-summary-heading">'
            f'<h2 id="ts-summary-heading">{e(ui["your-answers"])}</h2>'
            f'<dl class="ts-summary__list">{"".join(rows)}</dl>'
            # Filled by the page's script with the calculators' results, and the copy button
            # (which needs the script) shown by it.
            f'<ul class="ts-summary__results" hidden></ul>'
            f'<p class="ts-copy-line" hidden><button type="button" class="md-button ts-copy" data-action="copy">'
            f'{e(ui["copy"])}</button></p><p class="ts-copy-status" hidden></p></section>')


def _read(links, e):
    return "".join(f'<li><a href="{e(a["url"])}">{a["title"]}</a></li>' for a in links)


def render_step(view, ui, calculator_articles):
    """The HTML of one step. `view` is `flow.step(path, lang)`; `ui` the page's interface texts
    in that language; `calculator_articles` the articles with a calculator's rules (shown in
    its place when it cannot run)."""
    e = html.escape
    kind, node, path = view["kind"], view["node"], view["path"]
    out = [f'<section class="ts-step ts-step--{kind}" data-step="{e(node)}" data-kind="{kind}" '
           f'data-path="{e(key(path))}" aria-labelledby="ts-step-heading">']
    if path:
        out.append('<p class="ts-back">' + _go(path[:-1], e(ui["back"]), "ts-back__link",
                                               ' data-action="back" rel="prev"') + "</p>")
    out.append(f'<p class="ts-caption">{e(ui["title"])}</p>'
               f'<h1 id="ts-step-heading" class="ts-step__heading" tabindex="-1">{heading(view)}</h1>')
    if view.get("help"):
        out.append(f'<p class="ts-step__help">{view["help"]}</p>')
    if view.get("intro"):
        out.append(f'<p class="ts-step__intro">{view["intro"]}</p>')
    if kind == "calculator":
        # Without the script: what the calculator needs, and the articles with its rules. The
        # script puts the calculator's form here.
        out.append(f'<div class="ts-calculator" data-tool="{e(view["tool"])}">'
                   f'<div class="ts-nojs admonition info"><p>{e(ui["needs-js"])}</p>'
                   f'<ul>{_read(calculator_articles, e)}</ul></div></div>')
        out.append(f'<h2 class="ts-then">{e(ui["then"])}</h2>')
    if kind == "outcome":
        out.append(f'<div class="ts-body">{view["body"]}</div>')
        if view.get("read"):
            out.append(f'<h2>{e(ui["read-next"])}</h2><ul class="ts-read">{_read(view["read"], e)}</ul>')
    if view.get("answers"):
        out.append(_answers(view, e))
    if kind == "outcome" and view.get("summary"):
        out.append(_check_answers(view, ui, e))
    if path:
        out.append('<p class="ts-controls">' + _go([], e(ui["start-again"]), "ts-control md-button",
                                                   ' data-action="restart"') + "</p>")
    out.append("</section>")
    return "\n".join(out)
