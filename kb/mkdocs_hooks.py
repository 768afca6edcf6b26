"""MkDocs hooks (mkdocs.yml → hooks): the glue between the generated pages and the site.

- Navigation: category sections get their title in the page's language and list their
  articles in the order given by the source (MkDocs would sort by file name).
- Search stays in the reader's language: mkdocs-static-i18n writes one mixed index; it is
  split into search/search_index.json (English) and fr/search/search_index.json (French,
  with the French stemmer), and French pages point the search at theirs
  (overrides/assets/search-language.js).
- hreflang alternates are made absolute (site_url) and an x-default is added.
- The Pyodide runtime and the engine wheel (build/pyodide, from `kb pyodide-bundle`) are
  copied into site/pyodide/ for the troubleshooter page.
"""

import re
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.nav import Section, _add_previous_and_next_links, _get_by_type
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb import search_index  # noqa: E402
from kb.errors import SourceError  # noqa: E402
from kb.source import load_site  # noqa: E402

DEFAULT_LANG = "en"
_site_cache = {}


def _site():
    if "site" not in _site_cache:
        try:
            _site_cache["site"] = load_site(ROOT / "content")
        except SourceError as exc:
            raise PluginError(str(exc)) from None
    return _site_cache["site"]


def on_startup(command, dirty):
    _site_cache.clear()


def _lang(config):
    return config.theme.get("language") or DEFAULT_LANG


def _section_key(section):
    for child in section.children:
        if isinstance(child, Page):
            parts = Path(getattr(child.file, "norm_src_uri", child.file.src_uri)).parts
            return parts[0] if parts else None
    return None


@event_priority(-200)   # after mkdocs-static-i18n has built this language's navigation
def on_nav(nav, config, files):
    site = _site()
    lang = _lang(config)
    order = {a.path: a.order for a in site.articles}
    categories = list(site.categories)

    def page_rank(item):
        if isinstance(item, Page):
            uri = getattr(item.file, "norm_src_uri", item.file.src_uri)
            return (0 if uri.endswith("index.md") else 1, order.get(uri, 0))
        return (2, 0)

    for item in nav.items:
        if isinstance(item, Section):
            key = _section_key(item)
            if key in site.categories:
                item.title = site.categories[key]["title"].texts.get(lang, site.categories[key]["title"].texts["en"])
                item.children.sort(key=page_rank)

    def top_rank(item):
        if isinstance(item, Section):
            key = _section_key(item)
            return (1, categories.index(key) if key in categories else len(categories))
        uri = getattr(item.file, "norm_src_uri", item.file.src_uri) if isinstance(item, Page) else ""
        return (0, 0) if uri == "index.md" else (0, 1)     # the troubleshooter comes right after home

    nav.items.sort(key=top_rank)
    # Previous/next links (the page footer) were set in MkDocs' order: follow the new one.
    nav.pages = _get_by_type(nav.items, Page)
    _add_previous_and_next_links(nav.pages)
    return nav


_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')
# Material labels each section's <nav> by a <label> holding only an icon; two such navs
# then have no distinct name (axe: landmark-unique). Label each by its section title.
_NAV_TITLE = re.compile(r'(<nav class="md-nav" data-md-level="\d+" aria-labelledby=")(__nav_[0-9_]+)_label'
                        r'("[^>]*>\s*<label class="md-nav__title" for="\2")')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_NAME = re.compile(r'<nav class="md-search__options" aria-label="([^"]+)"')


def accessible_names(output):
    """Names axe asks for and Material omits: section navs, and the search dialog (named like
    its own search options, which Material translates)."""
    output = _NAV_TITLE.sub(r'\1\2_title\3 id="\2_title"', output)
    name = _SEARCH_NAME.search(output)
    if name:
        output = output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{name.group(1)}">', 1)
    return output


def on_post_page(output, page, config):
    """Absolute hreflang alternates (search engines ignore relative ones) plus x-default;
    accessible names Material leaves out."""
    output = accessible_names(output)
    site_url = config.site_url or ""
    if not site_url:
        return output
    page_url = urljoin(site_url, page.url)
    default_href = None

    def absolute(match):
        nonlocal default_href
        href = urljoin(page_url, match.group(1))
        if match.group(2) == DEFAULT_LANG:
            default_href = href
        return f'<link rel="alternate" href="{href}" hreflang="{match.group(2)}">'

    output = _ALTERNATE.sub(absolute, output)
    if default_href:
        marker = f'hreflang="{DEFAULT_LANG}">'
        output = output.replace(marker, f'{marker}\n    <link rel="alternate" href="{default_href}" hreflang="x-default">', 1)
    return output


def split_search_index(site_dir, langs=("en", "fr")):
    """One index per language; entries of language L live under L/ (English at the root)."""
    # kb/search_index.py, with the troubleshooter's questions and calculators as entries.
    search_index.write_language_indexes(site_dir, search_index.flow_entries(_site()), langs)


def copy_pyodide_bundle(site_dir):
    source = ROOT / "build" / "pyodide"
    if not (source / "pyodide-lock.json").exists():
        raise PluginError("build/pyodide is missing: run `make build` (it runs `kb pyodide-bundle`) first")
    target = Path(site_dir) / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.is_file() and not path.name.startswith("parity"):
            dest = target / path.name
            if not dest.exists() or dest.stat().st_size != path.stat().st_size or dest.stat().st_mtime < path.stat().st_mtime:
                shutil.copy2(path, dest)


@event_priority(-200)   # after mkdocs-static-i18n has merged every language's search entries
def on_post_build(config):
    split_search_index(config.site_dir)
    copy_pyodide_bundle(config.site_dir)
