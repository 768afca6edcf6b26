"""The glue between the generated pages and the site (kb/site_plugin.py calls it):

- Navigation: category sections get their title in the page's language and list their
  articles in the order given by the source (MkDocs would sort by file name).
- Search stays in the reader's language: mkdocs-static-i18n writes one mixed index; it is
  split into one per language (kb/languages.py): search/search_index.json for the default
  language, <code>/search/search_index.json for each other, with its language's stemmer,
  and each page points the search at its language's (overrides/assets/search-language.js).
- hreflang alternates live in the sitemap (absolute, with an x-default), not in the pages'
  <head>: Material's language selector fetches a sitemap.xml beside every <link
  rel="alternate"> of a page, which for per-page alternates is a 404 (two or three on every
  page). The selector itself keeps its per-page links, so it lands on the same page.
- The 404 page: mkdocs-static-i18n writes each language's 404.html to the same place; the
  default language's stays at the root and each other goes to <code>/404.html (nginx serves
  it for unknown URLs under /<code>/), with a language selector pointing at the home pages.
- The site's own scripts and styles are referenced with ?v=<content hash>, so a server can
  let browsers keep them for a year (deploy/http.conf).
- The Pyodide runtime and the engine wheel (build/pyodide, from `kb pyodide-bundle`) are
  copied into site/pyodide/<Pyodide version>/ for the troubleshooter page: a new runtime gets
  a new path, so its files can be cached for good; the lock file goes there under its
  content-hashed name (`config.extra.pyodide_lock`), for the same reason.
"""

import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section, _add_previous_and_next_links, _get_by_type
from mkdocs.structure.pages import Page

from kb import languages, search_index
from kb.pyodide_bundle import LOCK, runtime_version, site_lock_name

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LANG = languages.DEFAULT.code
BUNDLE = ROOT / "build" / "pyodide"        # `kb pyodide-bundle`: the runtime, our wheel and lock


def configure(config):
    """The Pyodide runtime's site path carries its version (the npm package's, package.json).
    The templates get the language being built as config.extra.language (kb/languages.py)."""
    language = languages.get(_lang(config))
    config.extra["language"] = {"code": language.code, "prefix": language.prefix, "intl": language.intl,
                                "default": language.default}
    try:
        config.extra["pyodide_path"] = f"pyodide/{runtime_version(BUNDLE)}/"
        config.extra["pyodide_lock"] = site_lock_name(BUNDLE)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    return config


def _lang(config):
    return languages.current(config)


def _section_key(section):
    for child in section.children:
        if isinstance(child, Page):
            parts = Path(getattr(child.file, "norm_src_uri", child.file.src_uri)).parts
            return parts[0] if parts else None
    return None


def order_navigation(nav, config, site):
    """Category sections titled in the page's language, their articles in the source's order,
    the troubleshooter right after home; previous/next links following that order."""
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
                item.title = site.categories[key]["title"].text_in(lang)
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


_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_SELECTOR_LINK = re.compile(r'(<a href=")[^"]*(" hreflang="([^"]+)" class="md-select__link">)')

# The site's own scripts and styles (overrides/assets) → the files their content hash covers:
# the troubleshooter's script starts its worker with the same ?v=.
VERSIONED_ASSETS = {
    "assets/help-centre.css": ("help-centre.css",),
    "assets/search-language.js": ("search-language.js",),
    "assets/home-search.js": ("home-search.js",),
    "assets/troubleshooter/troubleshooter.css": ("troubleshooter/troubleshooter.css",),
    # The page's script and every module it imports (and its worker): the folder's scripts.
    "assets/troubleshooter/troubleshooter.js": tuple(sorted(
        f"troubleshooter/{p.name}" for p in (ROOT / "overrides" / "assets" / "troubleshooter").glob("*.js"))),
}
# An asset's path where an attribute value ends (found by its own name, which is quick: a
# pattern that tried the assets at every character of every href took a millisecond a page).
_ASSET_END = re.compile("(" + "|".join(re.escape(a) for a in VERSIONED_ASSETS) + ')"')


def asset_versions():
    """Each versioned asset's ?v=: the content hash of the files it covers (read once a build:
    `mkdocs serve` rebuilds after an edit of an asset)."""
    out = {}
    for asset, names in VERSIONED_ASSETS.items():
        digest = hashlib.sha256()
        for name in names:
            digest.update((ROOT / "overrides" / "assets" / name).read_bytes())
        out[asset] = digest.hexdigest()[:12]
    return out


def versioned_assets(output, versions):
    """Every href="…<asset>" and src="…<asset>" (without a query yet) given ?v=<version>."""
    out, done = [], 0
    for match in _ASSET_END.finditer(output):
        start = output.rfind('"', 0, match.start())           # where the attribute's value opens
        if start < 0 or "?" in output[start + 1:match.start()] or not output.endswith(("href=", "src="), 0, start):
            continue
        out += [output[done:match.end(1)], "?v=", versions[match.group(1)]]
        done = match.end(1)
    out.append(output[done:])
    return "".join(out)


def without_head_alternates(output):
    head, sep, body = output.partition("</head>")
    return _HEAD_ALTERNATE.sub("", head) + sep + body


def finish_page(output, versions):
    """No hreflang <link> in the head (they are in the sitemap); versioned own assets;
    accessible names Material leaves out."""
    return versioned_assets(without_head_alternates(accessible_names(output)), versions)


def finish_template(output, template_name, config, versions, not_found):
    """The 404 page in each language. `not_found` keeps the default language's 404 page
    across the languages' builds."""
    if template_name != "404.html":
        return output
    lang = _lang(config)
    base = urlparse(config.site_url or "/").path.rstrip("/") + "/"
    # The selector of a 404 page offers the home pages (it would otherwise keep the alternates
    # of whichever page was rendered last).
    output = _SELECTOR_LINK.sub(
        lambda m: m.group(1) + (base if m.group(3) == DEFAULT_LANG else f"{base}{m.group(3)}/") + m.group(2), output)
    output = finish_page(output, versions)
    if lang == DEFAULT_LANG:
        not_found[lang] = output
        return output
    # Built after the default language into the same folder: this language's page goes to
    # <lang>/404.html, and the root keeps the default language's.
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return not_found.get(DEFAULT_LANG, output)


def split_search_index(site_dir, site, langs=languages.CODES):
    """One index per language; entries of language L live under L/ (the default at the root)."""
    # kb/search_index.py, with the troubleshooter's questions and calculators as entries.
    search_index.write_language_indexes(site_dir, search_index.flow_entries(site), langs)


def copy_pyodide_bundle(site_dir, lock_name):
    """The bundle into site/pyodide/<version>/, its lock file as `lock_name` (configure's
    config.extra.pyodide_lock, the name the troubleshooter page gives)."""
    source = BUNDLE
    if not (source / LOCK).exists():
        raise PluginError("build/pyodide is missing: run `make build` (it runs `kb pyodide-bundle`) first")
    target = Path(site_dir) / "pyodide" / runtime_version(source)
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        if path.is_file() and not path.name.startswith("parity") and path.name != "package.json":
            # The lock under its content-hashed name (the one the troubleshooter page names).
            dest = target / (lock_name if path.name == LOCK else path.name)
            if not dest.exists() or dest.stat().st_size != path.stat().st_size or dest.stat().st_mtime < path.stat().st_mtime:
                shutil.copy2(path, dest)

