"""What HTML the content may become: the one allowlist of the site.

Content authors and translators write prose in Markdown, not code. Whatever Markdown they
write (raw HTML, attribute lists, links) must turn into HTML that this allowlist accepts
unchanged, or it is refused with the offending fragment. The allowlist is applied by nh3 (the
Ammonia sanitiser); a text is acceptable when sanitising its HTML changes nothing.

- tags: text structure, tables, links, and the markup the theme itself generates for
  admonitions, content tabs and heading permalinks;
- attributes: ids and classes anywhere, a link's href and title, what tabs need, and
  `text-align` in table cells (Markdown's column alignment);
- links: http(s), mailto, tel and relative URLs only;
- no scripts, styles, frames, forms, images, comments or event handlers.
"""

import re
from difflib import SequenceMatcher
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path

import markdown
import nh3
import yaml

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "kbd", "sub", "sup", "abbr", "blockquote", "ul", "ol", "li", "a", "span", "div",
    "table", "thead", "tbody", "tr", "th", "td",
    "input", "label",       # content tabs (pymdownx.tabbed): radio inputs and their labels
}
ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"style"}, "td": {"style"},
    "div": {"data-tabs"},
    "input": {"type", "name", "checked"},
    "label": {"for"},
}
# What the generator's own templates add to a page, never allowed in a text: the home page's
# search form and the theme's icons (kb/templates/home.md.j2). The build's check of every
# page (kb/markup_guard.py) uses both lists; the checks of texts use the first only.
TEMPLATE_TAGS = {"form", "button", "svg", "path"}
TEMPLATE_ATTRIBUTES = {
    "*": {"role", "aria-label", "aria-hidden"},
    "a": {"data-task"},
    "form": {"action", "method"},
    "input": {"id", "placeholder", "autocomplete"},
    "button": {"type"},
    "svg": {"xmlns", "viewbox", "viewBox"},
    "path": {"d"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}
NBSP = "\u00a0"
MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"


def _allowlist(page):
    if not page:
        return TAGS, ATTRIBUTES
    attributes = {tag: ATTRIBUTES.get(tag, set()) | TEMPLATE_ATTRIBUTES.get(tag, set())
                  for tag in set(ATTRIBUTES) | set(TEMPLATE_ATTRIBUTES)}
    return TAGS | TEMPLATE_TAGS, attributes


def clean(html, page=False):
    """`html` with everything outside the allowlist removed (`page`: a whole page's body,
    with what the generator's templates add)."""
    tags, attributes = _allowlist(page)
    cleaned = nh3.clean(html, tags=tags, attributes=attributes, url_schemes=URL_SCHEMES,
                        filter_style_properties=STYLE_PROPERTIES, strip_comments=True, link_rel=None)
    # The serialiser writes U+00A0 as an entity; keep the character (French typography).
    return cleaned.replace("&nbsp;", NBSP)


class _Tokens(HTMLParser):
    """HTML as comparable tokens, each with the source text it came from."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def _add(self, token, source):
        if token[0] == "data" and self.tokens and self.tokens[-1][0][0] == "data":
            (_, previous), previous_source = self.tokens.pop()
            token, source = ("data", previous + token[1]), previous_source + source
        self.tokens.append((token, source))

    def handle_starttag(self, tag, attrs):
        # Compared as the sanitiser writes them: boolean attributes as "", styles unspaced.
        attrs = tuple(sorted((k, re.sub(r"\s+|;$", "", v or "") if k == "style" else v or "") for k, v in attrs))
        self._add(("start", tag, attrs), self.get_starttag_text())

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._add(("end", tag), f"</{tag}>")

    def handle_data(self, data):
        self._add(("data", data), data)

    def handle_comment(self, data):
        self._add(("comment", data), f"<!--{data}-->")

    def handle_decl(self, decl):
        self._add(("decl", decl), f"<!{decl}>")

    handle_pi = handle_unknown_decl = handle_decl


def _tokens(html):
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


def html_problem(html, page=False):
    """The first fragment of `html` that the allowlist does not keep as it is, or None."""
    if "<" not in html:
        return None
    cleaned = clean(html, page)
    if cleaned in (html, html.replace("&para;", "\u00b6")):
        # Nothing removed: the same text makes the same tokens. Most pages come back
        # exactly so but for the heading permalinks' `&para;`, which the sanitiser writes
        # as the character; the parser reads both as one text (where it would not, in a
        # comment or in the raw text of script, style and the like, the sanitiser never
        # gives anything back: none of them is in the allowlist).
        return None
    return removed_fragment(html, cleaned)


def removed_fragment(html, cleaned):
    """The first fragment of `html` that is not in `cleaned` (the sanitiser's output), token
    by token, or None."""
    original = _tokens(html)
    tokens = [token for token, _ in original]
    kept = [token for token, _ in _tokens(cleaned)]
    if tokens == kept:              # a table's styles or a tab's inputs written another way:
        return None                 # the matcher would find no replaced or deleted run
    matcher = SequenceMatcher(None, tokens, kept, autojunk=False)
    for tag, start, end, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            changed = original[start:end]
            # The markup that went, rather than the text around it that merged.
            source = next((src for token, src in changed if token[0] != "data"), changed[0][1])
            return source.strip() or source
    return None


def _named(dotted):
    module, _, attribute = dotted.rpartition(".")
    return getattr(import_module(module), attribute)


@lru_cache(maxsize=1)
def _site_markdown():
    """A Markdown converter with the site's own extensions (mkdocs.yml, one owner)."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)    # mkdocs.yml's !ENV
    # Extension options name Python objects (the theme's emoji index): the project's own file.
    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, name, node: _named(name))
    config = yaml.load(MKDOCS_YML.read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for entry in config.get("markdown_extensions", []):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    return markdown.Markdown(extensions=names, extension_configs=configs)


# Markdown can only make markup or a link from one of these characters.
_MARKUP_TRIGGERS = set("<>&[]{}:`")


@lru_cache(maxsize=16384)
def markdown_problem(text):
    """The first fragment of HTML that Markdown `text` would put in a page against the
    allowlist, or None."""
    if not _MARKUP_TRIGGERS.intersection(text):
        return None
    converter = _site_markdown()
    converter.reset()
    return html_problem(converter.convert(text))


@lru_cache(maxsize=4096)
def plain_problem(text):
    """A fact value or a glossary term is plain text: no expression and no markup at all."""
    for opening in ("{{", "{%"):
        if opening in text:
            start = text.index(opening)
            return f"{text[start:start + 40]!r}: a fact value or a term is plain text, expressions are for units"
    converter = _site_markdown()
    converter.reset()
    for token, source in _tokens(converter.convert(text)):
        if token[0] != "data" and token not in (("start", "p", ()), ("end", "p")):
            return f"{source!r}: a fact value or a term is plain text, without markup"
    return None


def escape_text(text):
    """A plain value inserted into Markdown: `<`, `>` and `&` as entities, so a value can
    only ever be text (validated values contain none of them as markup)."""
    return escape(text, quote=False)


# Every character Python-Markdown (with its tables extension) reads as syntax when unescaped.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def markdown_text(text):
    """A plain value as Markdown that reads back as the same text: `<`, `>` and `&` as
    entities (escape_text), every other character Markdown could take for syntax
    backslash-escaped."""
    return _MARKDOWN_SYNTAX.sub(r"\\\1", escape_text(text))
