"""The hostile corpus in a real browser: a copy of the project whose content shows markup as
text (tests/hostile_corpus.py INERT) in an article, the troubleshooter's questions and its
interface texts, built like the real site. No page opens a dialog or carries a live event
handler, the markup reads as text, and the troubleshooter still starts (its embedded JSON
survives a `<!--<script>` in a text)."""

import json
import os
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from kb import serve
from tests.e2e.troubleshooter_support import ENGINE_TIMEOUT
from tests.hostile_corpus import INERT, TARGETS, copy_project, first_article

ROOT = Path(__file__).resolve().parents[2]
SHOWN = "<img src=x onerror=alert(document.domain)>"    # INERT["code-span"], read as text
PLACES = ("article-english", "article-french", "flow-question", "flow-answer-french",
          "troubleshooter-ui-text", "flow-ui-text")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """(url, site folder, article path): the copy, generated and built for its own port."""
    copy = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    for place in PLACES:
        for text in INERT.values():
            TARGETS[place](copy / "content", text, append=True)
    port = _free_port()
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
    for command in (["-m", "kb", "generate"], ["-m", "mkdocs", "build", "--quiet"]):
        run = subprocess.run([sys.executable, *command], cwd=copy, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]
    article = yaml.safe_load(first_article(copy / "content").read_text(encoding="utf-8"))
    server = serve.start(copy / "site", port=port)
    yield f"http://127.0.0.1:{port}", copy / "site", f"{article['category']}/{article['slug']}/"
    server.shutdown()


class _LiveMarkup(HTMLParser):
    """Event-handler attributes and script URLs in one HTML file."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(("javascript:", "data:text")):
                self.found.append(f"<{tag} {name}={value}>")


def test_no_built_page_has_a_live_handler_or_script_url(hostile_site):
    _, site, _ = hostile_site
    pages = list(site.rglob("*.html"))
    assert any("/step/" in str(p) for p in pages)          # the no-JS step pages are scanned too
    for page in pages:
        parser = _LiveMarkup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], f"{page.relative_to(site)}: {parser.found}"
    flow = json.loads((site.parent / "troubleshooter/_data/flow.json").read_text(encoding="utf-8"))
    parser = _LiveMarkup()
    # The HTML of flow.json: its nodes and article titles (`ui`, `tools`, `errors` and
    # `formats` are plain text, shown as text; the page scan above covers their use).
    for text in _strings([flow["nodes"], flow["articles"]]):
        parser.feed(text)
    assert parser.found == [], f"flow.json: {parser.found}"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_with_markup_as_text_open_no_dialog(hostile_site, browser, lang):
    url, _, article = hostile_site
    prefix = "" if lang == "en" else "fr/"
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{url}/{prefix}{article}")
        assert SHOWN in page.inner_text("article")
        page.goto(f"{url}/{prefix}troubleshooter/step/{_first_answer(hostile_site)}/")
        page.goto(f"{url}/{prefix}troubleshooter/")
        page.wait_for_selector('#troubleshooter[data-engine="ready"]', timeout=ENGINE_TIMEOUT)
        assert SHOWN in page.inner_text("#troubleshooter")
        handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(
            (el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => el.tagName + ' ' + a.name))""")
        assert handlers == []
    finally:
        context.close()
    assert dialogs == []


def _first_answer(hostile_site):
    _, site, _ = hostile_site
    steps = sorted(p.parent.name for p in (site / "troubleshooter" / "step").glob("*/index.html"))
    return steps[0]
