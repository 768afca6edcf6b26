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
- without JavaScript (or without WebAssembly): every answer is a link to the static page of
  the next step, <language>/troubleshooter/step/<answer>/<answer>/…/. Those are real pages of
  the site, written by `kb generate` (kb/steps.py `page_src`), not in the navigation or the
  search; each is drawn by the same template, given its step (`step_page_context`) and no
  script or data (they load no Pyodide byte). Their calculators explain that they need
  JavaScript and link to the articles with the rules.
"""

import json
import os
import re

from mkdocs.exceptions import PluginError

from kb import languages, steps
from kb.formatting import AMOUNT_PATTERN
from kb.render import TROUBLESHOOTER_PAGE
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
    return uri == TROUBLESHOOTER_PAGE


def is_step_page(page):
    """A static step page (its Markdown's front matter names its position)."""
    return steps.PAGE_META in page.meta


def _positions(lang):
    """Every position of the flow in `lang`, the start first: [(path, view)]."""
    out = steps.positions(lang)
    for path, view in out:
        if view.get("error"):
            raise PluginError(f"troubleshooter: step {steps.key(path) or '(start)'} fails: {view['error']}")
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
        "static": False,
        "lang": lang,
        "title": config_data["ui"]["title"],
        "step_html": config_data["steps"][""],
        "config_json": _json_script(config_data),
    }
    return context


# The step's links are relative to the troubleshooter page (kb/steps.py); a static step page is
# len(path) + 1 folders below it. Only the step's own HTML is rebased, made by kb/steps.py and
# the generator: relative href/src values (no scheme, not from the root, not a fragment).
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def rebased(step_html, depth):
    """`step_html` with its relative URLs made relative to a page `depth` folders deeper."""
    up = "../" * depth
    return _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{up}{m.group(2)}"', step_html)


def step_page_context(context, page, config, positions):
    """A static step page's step, for overrides/troubleshooter.html: no script, no data.
    `positions`: rendered_steps(lang)."""
    position = page.meta[steps.PAGE_META]
    found = next(((path, step_html) for path, _, step_html in positions if steps.key(path) == position), None)
    if found is None:
        raise PluginError(f"troubleshooter: {page.file.src_uri} is the page of step '{position}', which the flow "
                          "does not have: run `make generate`")
    path, step_html = found
    context["troubleshooter"] = {
        "static": True,
        "lang": _lang(config),
        "title": f"{page.title} - {_ui_texts(_lang(config))['title']}",
        "step_html": rebased(step_html, len(path) + 1),
    }
    return context
