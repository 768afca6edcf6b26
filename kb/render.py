"""Rendering unit texts: the expressions of the source ({{ facts.x }}, {{ terms.x }},
{{ link('ID') }}, {{ tool('name') }}, validated by kb/expressions.py) become Markdown in one
language. Also records, per page, which units fell back to English or are stale, for the
translation notice."""

import posixpath
from dataclasses import dataclass, field

from . import expressions
from .errors import SourceError
from .fingerprint import fingerprint
from .formatting import format_fact
from .languages import get
from .markup import escape_text
from .typography import apply as typography
from .units import SOURCE_LANG

TOOLS = {"start": "troubleshooter_link", "access": "tool_access", "lockout": "tool_lockout", "limits": "tool_limits",
         "username": "tool_username"}
TROUBLESHOOTER_PAGE = "troubleshooter.md"


@dataclass
class PageStatus:
    """Translation state of one generated page in a translated language."""
    fallback: list = field(default_factory=list)   # unit keys shown in English
    stale: list = field(default_factory=list)      # unit keys whose English changed since translation

    @property
    def state(self):
        if self.fallback:
            return "fallback"
        if self.stale:
            return "stale"
        return "complete"


@dataclass
class _Ctx:
    lang: str
    file: object
    unit: str
    page: str            # path of the page being generated, relative to docs/
    line_break: str


class Renderer:
    def __init__(self, site, strict=True):
        self.site = site
        self.strict = strict
        self.shown = set()       # ids of the articles linked to (a page's inputs, kb/gencache.py)

    # --- references -----------------------------------------------------------------
    # Content is plain data: each validated reference (kb/expressions.py) is resolved here,
    # and every value inserted is escaped, so a text can only ever produce text and links.
    def fact_text(self, name, ctx):
        fact = self.site.facts.get(name, unit=ctx.unit, file=ctx.file)
        unlimited = self.plain("unlimited", ctx.lang).lower()
        return format_fact(fact, ctx.lang, unlimited, ctx.line_break, escape=escape_text)

    def term_text(self, name, ctx):
        term = self.site.glossary.get(name)
        if term is None:
            raise SourceError(ctx.file, f"unknown term '{name}' (not in glossary.yaml)", ctx.unit)
        return escape_text(term[ctx.lang])

    def link_text(self, article_id, label, ctx):
        article = self.site.article(article_id)
        self.shown.add(article_id)
        if article is None:
            raise SourceError(ctx.file, f"link to unknown article '{article_id}'", ctx.unit)
        if label is None:
            label = self.text(article.title, ctx.lang, ctx.page, file=article.file)
        return f"[{label}]({self.relative(ctx.page, article.path)})"

    def tool_text(self, name, label, ctx):
        if name not in TOOLS:
            raise SourceError(ctx.file, f"unknown tool '{name}' (expected one of {', '.join(TOOLS)})", ctx.unit)
        if label is None:
            label = self.plain(TOOLS[name], ctx.lang)
        anchor = "" if name == "start" else f"#/{name}"
        return f"[{label}]({self.relative(ctx.page, TROUBLESHOOTER_PAGE)}{anchor})"

    def resolve(self, reference, ctx):
        if reference.kind == "facts":
            return self.fact_text(reference.target, ctx)
        if reference.kind == "terms":
            return self.term_text(reference.target, ctx)
        if reference.kind == "link":
            return self.link_text(reference.target, reference.label, ctx)
        return self.tool_text(reference.target, reference.label, ctx)

    @staticmethod
    def relative(from_page, to_page):
        return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")

    # --- texts ------------------------------------------------------------------------
    def render_string(self, text, lang, unit, file, page="index.md", line_break=", "):
        """Render one source string (in any language) to Markdown in `lang`."""
        try:
            parts = expressions.parse(text)
        except expressions.ExpressionError as exc:
            raise SourceError(file, str(exc), unit) from None
        ctx = _Ctx(lang, file, unit, page, line_break)
        out = "".join(part if isinstance(part, str) else self.resolve(part, ctx) for part in parts)
        return typography(out, lang)

    def source_text(self, unit, lang, status=None, file=None):
        """The unit's text in `lang` as written in the source (before rendering). A missing
        translation stops a strict build; in preview it falls back to the source language
        and the page records it."""
        file = file or self.site.root
        if lang in unit.texts:
            origin = unit.origins.get(lang)
            if status is not None and origin and origin != fingerprint(unit.texts[SOURCE_LANG]):
                status.stale.append(unit.key)
            return unit.texts[lang]
        if self.strict:
            raise SourceError(file, f"the {get(lang).english_name} translation is missing", unit.key)
        if status is not None:
            status.fallback.append(unit.key)
        return unit.texts[SOURCE_LANG]

    def text(self, unit, lang, page, status=None, file=None, line_break=", "):
        file = file or self.site.root
        value = self.source_text(unit, lang, status, file)
        if isinstance(value, list):
            return [self.render_string(v, lang, unit.key, file, page, line_break) for v in value]
        return self.render_string(value, lang, unit.key, file, page, line_break)

    def plain(self, ui_key, lang, page="index.md"):
        """An interface text from ui.yaml."""
        unit = self.site.ui.get(ui_key)
        if unit is None:
            raise SourceError(self.site.root / "ui.yaml", f"missing interface text '{ui_key}'")
        return self.text(unit, lang, page, file=self.site.root / "ui.yaml")
