"""The guided troubleshooter page's part of the build (called by kb/site_plugin.py).

The page is overrides/troubleshooter.html (docs/troubleshooter.md and docs_<code>/troubleshooter.md
ask for it in their front matter). Everything it shows comes from the engine itself,
troubleshooter.flow, called here at build time exactly as the browser calls it under Pyodide:

- first paint: the first step, `flow.step([], lang)`, is rendered into the page's HTML, so the
  first question is there before any script runs (the template's `troubleshooter.step_html`);
- the page's data: interface texts (content/flow.yaml → flow.json `ui`), the calculators'
  field and result texts, every path of the flow (for the progress indication) and the
  fallback articles, as one JSON script tag read by
  overrides/assets/troubleshooter/troubleshooter.js;
- without JavaScript (or without WebAssembly): every answer is a link to a static rendering of
  the next step, written here for every path of the flow and every language, at
  <language>/troubleshooter/step/<answer>/<answer>/…/index.html. Those pages are the
  troubleshooter page itself with the step replaced, the script and its data
  removed (they load no Pyodide byte) and relative URLs rebased; their calculators explain that
  they need JavaScript and link to the articles with the rules.
"""

import html
import json
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import languages, steps
from kb.formatting import AMOUNT_PATTERN

PAGE = "troubleshooter.md"
# How long the page waits for Pyodide before it says the start is slow and offers the articles
# and the contact page while it keeps waiting (ms); a test can shorten it with
# ?engine-timeout=<ms> (see troubleshooter.js).
ENGINE_TIMEOUT_MS = 45000
# A calculation the engine has not answered in this time is stopped (a worker stuck in Python
# cannot answer anything else), and the reader is told so next to the form.
CALL_TIMEOUT_MS = 10000
# The test build (make test) lets a test shorten the start-up limit with ?engine-timeout=<ms>;
# the published build ignores the parameter, so no link can make the page look broken.
TEST_HOOKS = os.environ.get("KB_TEST_HOOKS") == "1"


def _flow():
    from troubleshooter import flow
    return flow


def _data():
    try:
        return _flow()._packaged()
    except FileNotFoundError:
        raise PluginError("troubleshooter/_data/flow.json is missing: run `make generate` first") from None


def _ui_texts(lang):
    """The troubleshooter's interface texts in `lang`: flow.json's `ui` (content/flow.yaml)."""
    return _flow().ui(lang)


def reload_flow():
    """Each build reads flow.json afresh (a preview rebuild follows `kb generate`)."""
    _flow()._packaged.cache_clear()


def _lang(config):
    return languages.current(config)


def is_troubleshooter(page):
    uri = getattr(page.file, "norm_src_uri", None) or page.file.src_uri
    return uri == PAGE


def _prefixes(paths):
    """Every position of the flow after at least one answer (the static step pages)."""
    seen = {}
    for path in paths:
        for depth in range(1, len(path) + 1):
            seen.setdefault(tuple(path[:depth]), None)
    return [list(p) for p in seen]


def _positions(lang):
    """Every position of the flow in `lang`, the start first: [(path, view)]."""
    flow = _flow()
    out = []
    for path in [[], *_prefixes([e["path"] for e in flow.all_paths(lang)])]:
        view = flow.step(path, lang)
        if view.get("error"):
            raise PluginError(f"troubleshooter: step {steps.key(path) or '(start)'} fails: {view['error']}")
        out.append((path, view))
    return out


def _article(article_id, lang, data):
    entry = data["articles"].get(article_id)
    if entry is None:
        raise PluginError(f"troubleshooter: article {article_id} is not in flow.json's articles")
    return {"id": article_id, "url": entry["url"], "title": entry["title"][lang]}


def _rules_articles(node, lang, data):
    """The articles with a calculator's rules: its node's `read` list."""
    return [_article(aid, lang, data) for aid in node.get("read", [])]


def _render(view, ui, data):
    node = data["nodes"][view["node"]]
    return steps.render_step(view, ui, _rules_articles(node, view["lang"], data))


def _contact(lang, data):
    """The contact page, offered when a calculator cannot run or is slow to start."""
    return _article(data["contact_article"], lang, data)


def rendered_steps(lang):
    """Every position of the flow in `lang`, the start first, with its HTML:
    [(path, view, html)]. Made once per build and language: the page's data and the static
    step pages both use it."""
    data = _data()
    ui = _ui_texts(lang)
    return [(path, view, _render(view, ui, data)) for path, view in _positions(lang)]


def page_data(lang, positions=None):
    """The JSON the page's script reads: every step's HTML (kb/steps.py), the calculators'
    forms as the engine describes them, deep-link targets and interface texts.
    `positions`: rendered_steps(lang), if already made."""
    data = _data()
    flow = _flow()
    ui = _ui_texts(lang)
    rendered, calculators = {}, {}
    for path, view, step_html in positions or rendered_steps(lang):
        rendered[steps.key(path)] = step_html
        if view["kind"] == "calculator":
            node = data["nodes"][view["node"]]
            calculators[steps.key(path)] = {
                **{k: view[k] for k in ("node", "tool", "title", "path", "fields", "submit")},
                "articles": _rules_articles(node, lang, data),
            }
    nodes = {}
    for node_id in data["nodes"]:
        path = flow.path_to(node_id)
        if path is not None and steps.key(path) in rendered:
            nodes[node_id] = steps.key(path)
    return {
        "lang": lang,
        "intl": languages.get(lang).intl,
        "timeout": ENGINE_TIMEOUT_MS,
        "call_timeout": CALL_TIMEOUT_MS,
        "amount_pattern": AMOUNT_PATTERN,
        "test_hooks": TEST_HOOKS,
        "ui": ui,
        "steps": rendered,
        "calculators": calculators,
        "nodes": nodes,
        "unknown_path": flow.step(["?"], lang)["error"]["message"],
        "contact": _contact(lang, data),
    }


def _json_script(value):
    """JSON for a <script type="application/json"> element. `<`, `>` and `&` as \\u escapes:
    no text can then close the element or open a comment (`</script>`, `<!--`) in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_context(context, config, positions):
    """The troubleshooter page's first step and data, for overrides/troubleshooter.html."""
    lang = _lang(config)
    config_data = page_data(lang, positions)
    context["troubleshooter"] = {
        "lang": lang,
        "title": config_data["ui"]["title"],
        "step_html": config_data["steps"][""],
        "config_json": _json_script(config_data),
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


def without_runtime(output):
    """The page without its script and data (the <!--ts:runtime--> regions). A step's HTML holds
    no comment (its texts pass kb/markup.py's allowlist, which allows none), so dropping them
    before or after the step is put in gives the same page."""
    return _RUNTIME_REGION.sub("", output)


def static_page(output, view, html_step):
    """The troubleshooter page's HTML turned into the static page of `view`'s step."""
    path = view["path"]
    up = "../" * (len(path) + 1)
    step_url = steps.href(path)
    page = _STEP_REGION.sub(lambda m: "<!--ts:step-->" + html_step + "<!--/ts:step-->", output)
    page = without_runtime(page)
    page = re.sub(r'data-engine="loading" data-pyodide="[^"]*"', 'data-engine="static"', page, count=1)
    # The same step in the other language, and in the head's canonical and hreflang links.
    page = _LANGUAGE_LINK.sub(lambda m: m.group(1) + m.group(2) + step_url + m.group(3), page)
    page = _HEAD_LINK.sub(lambda m: m.group(1) + step_url + m.group(2), page)
    page = _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{up}{m.group(2)}"', page)
    # Material's configuration and storage scope: relative to the page ("..", "../.." in another language).
    page = re.sub(r'"base": "(\.\.[^"]*)"', lambda m: f'"base": "{up}{m.group(1)}"', page, count=1)
    page = page.replace('"search": "../', f'"search": "{up}../')
    page = re.sub(r'__md_scope=new URL\("(\.\.[^"]*)",location\)', lambda m: f'__md_scope=new URL("{up}{m.group(1)}",location)', page)
    label = html.unescape(_TAGS.sub("", steps.heading(view) or "")).strip()
    page = _TITLE.sub(lambda m: f"<title>{html.escape(label)} - {m.group(1)}</title>", page, count=1)
    return page


def write_static_steps(output, page, positions):
    """Beside the troubleshooter page as built, a static page for every step after the first
    (`positions`: rendered_steps(lang), as the page's data had them)."""
    if "<!--ts:step-->" not in output:
        raise PluginError("troubleshooter: overrides/troubleshooter.html lost its <!--ts:step--> markers")
    folder = Path(page.file.abs_dest_path).parent / steps.STEP_DIR
    # The script's data (every step's HTML) is most of the page: dropped once here, not once
    # per step (static_page drops it too, which is then a quick search of a small page).
    output = without_runtime(output)
    for path, view, step_html in positions:
        if not path:
            continue
        target = folder.joinpath(*path) / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(static_page(output, view, step_html), encoding="utf-8")
