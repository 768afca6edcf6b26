"""A third language is one declaration and its texts: a copy of the project gets the
pseudo-locale en-XA (tests/pseudo_locale.py: accented, lengthened English made by code) in
mkdocs.yml's i18n languages and beside every unit's English in content/, then is generated
and built as published (`kb generate`, `mkdocs build --strict`). The built HTML must have
every page in en-XA, in pseudo text, with its links, search and language selector in en-XA,
and the published languages unchanged. A text, link or rule that assumes English or
French shows here as English words on an en-XA page, a missing page, or a failed build."""

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from kb.languages import load
from tests.pseudo_locale import CODE, add_pseudo_locale, pseudo

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "build", ".pytest_cache", ".hypothesis",
                                 "__pycache__")


def _run(args, cwd):
    run = subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode == 0, f"{' '.join(args)} failed:\n{run.stderr[-3000:]}"
    return run


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The copy with en-XA, generated and built: its site/ folder."""
    bundle = ROOT / "build" / "pyodide"
    if not (bundle / "pyodide-lock.json").is_file():
        pytest.fail("build/pyodide is missing: run `make wheel` (make test builds it)")
    project = tmp_path_factory.mktemp("pseudo") / "project"
    shutil.copytree(ROOT, project, ignore=IGNORED, symlinks=True)
    (project / "build").mkdir()
    (project / "build" / "pyodide").symlink_to(bundle, target_is_directory=True)
    site_name = yaml.safe_load(re.search(r"^site_name: .*$", (ROOT / "mkdocs.yml").read_text(), re.M).group(0))["site_name"]
    add_pseudo_locale(project, site_name)
    _run(["kb", "generate"], project)
    _run(["mkdocs", "build", "--strict", "--quiet"], project)
    return project / "site"


class _Page(HTMLParser):
    """What the checks read of a built page: its lang, links, selector links and body text."""

    def __init__(self):
        super().__init__()
        self.lang, self.links, self.selector, self.text = None, [], {}, []
        self._skip = 0
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "style", "svg", "code"):      # code is shown as written, in every language
            self._skip += 1
        if tag == "article":
            self._in_article += 1
        if tag == "a" and attrs.get("href") is not None:
            if "md-select__link" in (attrs.get("class") or ""):
                self.selector[attrs.get("hreflang")] = attrs["href"]
            else:
                self.links.append((attrs["href"], bool(self._in_article)))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "code"):
            self._skip -= 1
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data):
        if self._in_article and not self._skip:
            self.text.append(data)


def _read(path):
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(folder, exclude=()):
    """Built pages of one language, as paths relative to its folder."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("index.html")
            if not any(p.relative_to(folder).as_posix().startswith(x) for x in exclude)}


def test_the_declaration_is_the_one_place_that_names_the_languages():
    languages = load(ROOT / "mkdocs.yml")
    assert [lang.code for lang in languages] == ["en", "fr"]       # the published build: English and French
    assert languages[0].default and languages[1].folder == "docs_fr" and languages[1].prefix == "fr/"


def test_every_page_exists_in_the_pseudo_locale_with_pseudo_text(built):
    others = tuple(f"{lang}/" for lang in ("fr", CODE))
    english = _pages(built, exclude=others + ("pyodide/",))
    french, pseudo_pages = _pages(built / "fr"), _pages(built / CODE)
    assert english and pseudo_pages == english == french
    home = _read(built / CODE / "index.html")
    assert home.lang == CODE
    # The search looks for the language's own index (overrides/assets/search-language.js).
    assert f'data-language-prefix="{CODE}/"' in (built / CODE / "index.html").read_text(encoding="utf-8")
    ui = yaml.safe_load((ROOT / "content" / "ui.yaml").read_text(encoding="utf-8"))
    assert pseudo(ui["home_title"]["en"]) in "".join(home.text)


def _english_words(node, words):
    """The words (5 letters or more) of every English text of a loaded YAML file."""
    if isinstance(node, dict):
        if "en" in node:
            text = node["en"]
            words |= set(re.findall(r"[A-Za-z]{5,}", " ".join(map(str, text)) if isinstance(text, list) else str(text)))
        for value in node.values():
            _english_words(value, words)
    elif isinstance(node, list):
        for value in node:
            _english_words(value, words)
    return words


def test_no_english_is_left_on_a_pseudo_page(built):
    """Words of the English source do not appear in en-XA article bodies, except those that
    are values, not texts (facts: names, addresses), which no language translates."""
    kept = set(re.findall(r"[A-Za-z]{5,}", (ROOT / "content" / "facts.yaml").read_text(encoding="utf-8")))
    english = set()
    for path in [*(ROOT / "content").glob("*.yaml"), *(ROOT / "content" / "articles").glob("*.yaml")]:
        if path.name != "facts.yaml":
            _english_words(yaml.safe_load(path.read_text(encoding="utf-8")), english)
    leaks = {}
    for page in _pages(built / CODE):
        words = set(re.findall(r"(?<![\w/.@-])[A-Za-z]{5,}(?![\w/.@-])", " ".join(_read(built / CODE / page).text)))
        found = sorted((words & english) - kept)
        if found:
            leaks[page] = found[:8]
    assert not leaks, leaks


def test_links_of_pseudo_pages_stay_in_the_pseudo_locale_and_resolve(built):
    broken, escaped = [], []
    for page in _pages(built / CODE):
        path = built / CODE / page
        for href, in_article in _read(path).links:
            if re.match(r"^(?:[a-z]+:|#|//)", href):
                continue
            target = (path.parent / href.split("#")[0].split("?")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((page, href))
            elif in_article and target.suffix == ".html" and not target.is_relative_to((built / CODE).resolve()):
                escaped.append((page, href))
    assert not broken, broken[:10]
    assert not escaped, escaped[:10]


def test_the_language_selector_leads_to_the_same_page_in_every_language(built):
    prefixes = {"en": "", "fr": "fr/", CODE: f"{CODE}/"}
    for page in ("index.html", "ib-key/index.html", "troubleshooter/index.html"):
        for prefix in prefixes.values():
            path = built / prefix / page
            selector = _read(path).selector
            assert set(selector) == set(prefixes), (prefix, page, selector)
            for lang, href in selector.items():
                # The site is built for http://127.0.0.1:8000/: a path from the root is the site's.
                target = (built / href.lstrip("/") if href.startswith("/") else path.parent / href).resolve()
                assert target / "index.html" == (built / prefixes[lang] / page).resolve(), (prefix, page, lang, href)


def test_the_pseudo_locale_has_its_own_search_index_and_troubleshooter(built):
    index = json.loads((built / CODE / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"]          # lunr's language: en-XA's words are English's
    assert all(not doc["location"].startswith(("fr/", f"{CODE}/")) for doc in index["docs"])
    steps = [doc["title"] for doc in index["docs"] if doc["location"].startswith("troubleshooter/#/")]
    assert steps and all(re.search("[àéîöû]", title) for title in steps), steps[:5]
    flow = yaml.safe_load((ROOT / "content" / "flow.yaml").read_text(encoding="utf-8"))
    first = next(node for node in flow["nodes"] if node["id"] == flow["start"])
    page = _read(built / CODE / "troubleshooter" / "index.html")
    assert page.lang == CODE
    assert pseudo(first["question"]["en"]) in "".join(page.text)


def test_the_server_gives_the_pseudo_locale_its_own_not_found_page(built):
    project = built.parent
    _run(["kb", "nginx", "assemble"], project)
    conf = (project / "build" / "nginx" / "languages.conf").read_text(encoding="utf-8")
    assert f"location /{CODE}/ {{" in conf and f"error_page 404 /{CODE}/404.html;" in conf
    assert "location /fr/ {" in conf
    assert (built / CODE / "404.html").is_file() and _read(built / CODE / "404.html").lang == CODE



def test_the_translation_workflow_follows_the_pseudo_locale_too(built):
    """kb translations and kb po take the language: en-XA's texts have no fingerprint yet
    (unverified); accepting stamps `en-XA_from` and fills its own memory; its catalog holds
    its texts. French is left as it was."""
    project = built.parent
    report = lambda lang: json.loads(_run(["kb", "translations", "--lang", lang, "--json"], project).stdout)
    before_fr = report("fr")["totals"]
    data = report(CODE)
    assert data["language"] == CODE and not data["problems"]
    assert data["totals"]["missing"] == 0 and data["totals"]["unverified"] == data["totals"]["units"]
    _run(["kb", "translations", "--lang", CODE, "--accept"], project)
    after = report(CODE)["totals"]
    assert after["unverified"] == 0 and after["stale"] == 0 and after["translated"] == after["units"]
    assert (project / "content" / "translations" / f"memory-{CODE}.json").is_file()
    assert f"{CODE}_from:" in (project / "content" / "ui.yaml").read_text(encoding="utf-8")
    assert report("fr")["totals"] == before_fr
    _run(["kb", "po", "export", CODE, "--out", str(project / f"{CODE}.po")], project)
    catalog = (project / f"{CODE}.po").read_text(encoding="utf-8")
    ui = yaml.safe_load((ROOT / "content" / "ui.yaml").read_text(encoding="utf-8"))
    assert json.dumps(pseudo(ui["home_title"]["en"]), ensure_ascii=False) in catalog
