"""MkDocs hooks for the guided troubleshooter page (mkdocs.yml → hooks, after kb/mkdocs_hooks.py).

The page is overrides/troubleshooter.html (docs/troubleshooter.md and docs_fr/troubleshooter.md
ask for it in their front matter). Everything it shows comes from the engine itself,
troubleshooter.flow, called here at build time exactly as the browser calls it under Pyodide:

- first paint: the first step, `flow.step([], lang)`, is rendered into the page's HTML, so the
  first question is there before any script runs (the template's `troubleshooter.step_html`);
- the page's data: interface texts (content/flow.yaml → flow.json `ui`), the calculators'
  field and result texts, every path of the flow (for the progress indication) and the
  fallback articles, as one JSON script tag read by
  overrides/assets/troubleshooter/troubleshooter.js;
- without JavaScript (or without WebAssembly): every answer is a link to a static rendering of
  the next step, written here for every path of the flow and both languages, at
  <language>/troubleshooter/step/<answer>/<answer>/…/index.html. Those pages are the
  troubleshooter page itself with the step replaced, the script and its data
  removed (they load no Pyodide byte) and relative URLs rebased; their calculators explain that
  they need JavaScript and link to the articles with the rules.
"""

import html
import json
import os
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb.formatting import AMOUNT_PATTERN  # noqa: E402

PAGE = "troubleshooter.md"
STEP_DIR = "step"
# How long the page waits for Pyodide before it says the troubleshooter cannot start (ms);
# a test can shorten it with ?engine-timeout=<ms> (see troubleshooter.js).
ENGINE_TIMEOUT_MS = 45000
# A calculation the engine has not answered in this time is stopped (a worker stuck in Python
# cannot answer anything else), and the reader is told so next to the form.
CALL_TIMEOUT_MS = 10000
# The test build (make test) lets a test shorten the start-up limit with ?engine-timeout=<ms>;
# the published build ignores the parameter, so no link can make the page look broken.
TEST_HOOKS = os.environ.get("KB_TEST_HOOKS") == "1"
# The articles that explain each calculator's rules (shown when the calculator cannot run),
# unless the flow gives a calculator node its own `read` list.

_cache = {}


def _flow():
    from troubleshooter import flow
    return flow


def _data():
    if "data" not in _cache:
        try:
            _cache["data"] = _flow()._packaged()
        except FileNotFoundError:
            raise PluginError("troubleshooter/_data/flow.json is missing: run `make generate` first") from None
    return _cache["data"]


def _ui_texts(lang):
    """The troubleshooter's interface texts in `lang`: flow.json's `ui` (content/flow.yaml)."""
    return _flow().ui(lang)


def on_config(config):
    _cache.clear()
    flow = _flow()
    flow._packaged.cache_clear()
    return config


def _lang(config):
    return config.theme.get("language") or "en"


def _is_troubleshooter(page):
    uri = getattr(page.file, "norm_src_uri", None) or page.file.src_uri
    return uri == PAGE


def _paths(lang):
    return [entry["path"] for entry in _flow().all_paths(lang)]


def _prefixes(paths):
    """Every position of the flow after at least one answer (the static step pages)."""
    seen = {}
    for path in paths:
        for depth in range(1, len(path) + 1):
            seen.setdefault(tuple(path[:depth]), None)
    return [list(p) for p in seen]


def _progress(path, paths, kind, ui):
    n = len(path) + 1
    if kind == "outcome":
        return ui["progress-last"].replace("{n}", str(n)), 100
    total = max((len(p) + 1 for p in paths if p[:len(path)] == path), default=n)
    return ui["progress"].replace("{n}", str(n)).replace("{total}", str(total)), round(100 * (n - 1) / total)


def _articles_for(view, data):
    node = data["nodes"][view["node"]]
    return [_article(aid, view["lang"], data) for aid in node.get("read", [])]


def _rules_articles(data):
    """Offered when the engine cannot start: the articles with the calculators' rules (the
    `read` lists of the flow's calculator nodes), each once, in flow order."""
    ids = []
    for node in data["nodes"].values():
        if node["kind"] == "calculator":
            ids += [aid for aid in node.get("read", []) if aid not in ids]
    return ids


def _article(article_id, lang, data):
    entry = data["articles"].get(article_id)
    if entry is None:
        raise PluginError(f"troubleshooter: article {article_id} is not in flow.json's articles "
                          "(kb/troubleshooter_pages.py names it)")
    return {"id": article_id, "url": entry["url"], "title": entry["title"][lang]}


def _href(path):
    """An answer path's URL relative to the troubleshooter page (static rendering)."""
    return f"{STEP_DIR}/{'/'.join(path)}/" if path else "./"


def render_step(view, paths, ui, data):
    """The HTML of one step, as on first paint and on the static pages (links relative to the
    troubleshooter page). troubleshooter.js renders the same markup once the engine runs."""
    e = html.escape
    kind, node, path = view["kind"], view["node"], view["path"]
    progress, percent = _progress(path, paths, kind, ui)
    heading = view["question"] if kind == "question" else view["title"]
    out = [f'<section class="ts-step ts-step--{kind}" data-step="{e(node)}" data-kind="{kind}" '
           f'data-path="{e("/".join(path))}" aria-labelledby="ts-step-heading">',
           f'<p class="ts-progress"><span class="ts-progress__text">{e(progress)}</span>'
           f'<span class="ts-progress__bar" aria-hidden="true"><span style="width: {percent}%"></span></span></p>',
           f'<h2 id="ts-step-heading" class="ts-step__heading" tabindex="-1">{heading}</h2>']
    if view.get("help"):
        out.append(f'<p class="ts-step__help">{view["help"]}</p>')
    if view.get("intro"):
        out.append(f'<p class="ts-step__intro">{view["intro"]}</p>')
    if kind == "calculator":
        links = "".join(f'<li><a href="{e(a["url"])}">{a["title"]}</a></li>' for a in _articles_for(view, data))
        out.append(f'<div class="ts-nojs admonition info"><p>{e(ui["needs-js"])}</p><ul>{links}</ul></div>')
        out.append(f'<p class="ts-then">{e(ui["then"])}</p>')
    if kind == "outcome":
        out.append(f'<div class="ts-body">{view["body"]}</div>')
        if view.get("read"):
            links = "".join(f'<li><a href="{e(a["url"])}">{a["title"]}</a></li>' for a in view["read"])
            out.append(f'<h3>{e(ui["read-next"])}</h3><ul class="ts-read">{links}</ul>')
    if view.get("answers"):
        items = "".join(f'<li><a class="ts-answer" href="{e(_href(a["path"]))}" data-answer="{e(a["id"])}">'
                        f'{a["label"]}</a></li>' for a in view["answers"])
        out.append(f'<ul class="ts-answers">{items}</ul>')
    if kind == "outcome" and view.get("summary"):
        rows = "".join(f'<li><span class="ts-summary__q">{s["question"]}</span> '
                       f'<span class="ts-summary__a">{s["label"]}</span></li>' for s in view["summary"])
        out.append(f'<section class="ts-summary" aria-labelledby="ts-summary-heading">'
                   f'<h3 id="ts-summary-heading">{e(ui["your-answers"])}</h3><ol>{rows}</ol></section>')
    if path:
        out.append('<p class="ts-controls">'
                   f'<a class="ts-control md-button" href="{e(_href(path[:-1]))}" data-action="back" rel="prev">{e(ui["back"])}</a> '
                   f'<a class="ts-control md-button" href="./" data-action="restart">{e(ui["start-again"])}</a></p>')
    out.append("</section>")
    return "\n".join(out)


def page_data(lang, base_title):
    """The JSON the page's script reads (interface texts, calculator texts, paths, articles)."""
    data = _data()
    ui = _ui_texts(lang)
    tools = {}
    for name, tool in data["tools"].items():
        tools[name] = {"results": _in_lang(tool["results"], lang),
                       "options": {f: {k: v[lang] for k, v in (spec.get("options") or {}).items()}
                                   for f, spec in tool["fields"].items() if spec.get("options")}}
    calc_articles = {nid: _articles_for({"node": nid, "tool": n.get("tool"), "lang": lang}, data)
                     for nid, n in data["nodes"].items() if n["kind"] == "calculator"}
    return {
        "lang": lang,
        "title": base_title,
        "timeout": ENGINE_TIMEOUT_MS,
        "call_timeout": CALL_TIMEOUT_MS,
        "amount_pattern": AMOUNT_PATTERN,
        "test_hooks": TEST_HOOKS,
        "ui": ui,
        "tools": tools,
        "paths": _paths(lang),
        "articles": calc_articles,
    }


def _in_lang(tree, lang):
    if isinstance(tree, dict) and set(tree) == set(_data()["langs"]):
        return tree[lang]
    if isinstance(tree, dict):
        return {k: _in_lang(v, lang) for k, v in tree.items()}
    return tree


def _json_script(value):
    """JSON for a <script type="application/json"> element. `<`, `>` and `&` as \\u escapes:
    no text can then close the element or open a comment (`</script>`, `<!--`) in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def on_page_context(context, page, config, nav):
    if not _is_troubleshooter(page):
        return context
    lang = _lang(config)
    data = _data()
    ui = _ui_texts(lang)
    paths = _paths(lang)
    view = _flow().step([], lang)
    if view.get("error"):
        raise PluginError(f"troubleshooter: the first step fails: {view['error']}")
    fallback = [_article(aid, lang, data) for aid in _rules_articles(data)]
    context["troubleshooter"] = {
        "lang": lang,
        "title": ui["title"],
        "intro": ui["intro"],
        "ui": ui,
        "step_html": render_step(view, paths, ui, data),
        "fallback": fallback,
        "config_json": _json_script(page_data(lang, ui["title"])),
    }
    return context


# --- static step pages ------------------------------------------------------------------------
_STEP_REGION = re.compile(r"<!--ts:step-->.*?<!--/ts:step-->", re.S)
_RUNTIME_REGION = re.compile(r"<!--ts:runtime-->.*?<!--/ts:runtime-->", re.S)
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')
_LANGUAGE_LINK = re.compile(r'(<a href=")([^"]*)(" hreflang="[^"]+" class="md-select__link")')
_HEAD_LINK = re.compile(r'(<link rel="(?:canonical|alternate)" href="[^"]*troubleshooter/)(")')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def static_page(output, view, paths, ui, data):
    """The troubleshooter page's HTML turned into the static page of `view`'s step."""
    path = view["path"]
    up = "../" * (len(path) + 1)
    step_url = _href(path)
    page = _STEP_REGION.sub(lambda m: "<!--ts:step-->" + render_step(view, paths, ui, data) + "<!--/ts:step-->", output)
    page = _RUNTIME_REGION.sub("", page)
    page = re.sub(r'data-engine="loading" data-pyodide="[^"]*"', 'data-engine="static"', page, count=1)
    # The same step in the other language, and in the head's canonical and hreflang links.
    page = _LANGUAGE_LINK.sub(lambda m: m.group(1) + m.group(2) + step_url + m.group(3), page)
    page = _HEAD_LINK.sub(lambda m: m.group(1) + step_url + m.group(2), page)
    page = _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{up}{m.group(2)}"', page)
    # Material's configuration and storage scope: relative to the page ("..", "../.." in French).
    page = re.sub(r'"base": "(\.\.[^"]*)"', lambda m: f'"base": "{up}{m.group(1)}"', page, count=1)
    page = page.replace('"search": "../', f'"search": "{up}../')
    page = re.sub(r'__md_scope=new URL\("(\.\.[^"]*)",location\)', lambda m: f'__md_scope=new URL("{up}{m.group(1)}",location)', page)
    heading = view["question"] if view["kind"] == "question" else view["title"]
    label = html.unescape(_TAGS.sub("", heading or "")).strip()
    page = _TITLE.sub(lambda m: f"<title>{html.escape(label)} - {m.group(1)}</title>", page, count=1)
    return page


def on_post_page(output, page, config):
    if not _is_troubleshooter(page):
        return output
    if "<!--ts:step-->" not in output:
        raise PluginError("troubleshooter: overrides/troubleshooter.html lost its <!--ts:step--> markers")
    lang = _lang(config)
    data = _data()
    ui = _ui_texts(lang)
    paths = _paths(lang)
    folder = Path(page.file.abs_dest_path).parent / STEP_DIR
    flow = _flow()
    for prefix in _prefixes(paths):
        view = flow.step(prefix, lang)
        if view.get("error"):
            raise PluginError(f"troubleshooter: step {'/'.join(prefix)} fails: {view['error']}")
        target = folder.joinpath(*prefix) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(static_page(output, view, paths, ui, data), encoding="utf-8")
    return output
