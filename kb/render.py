"""Rendering unit texts: the Jinja2 expressions of the source ({{ facts.x }}, {{ terms.x }},
{{ link('ID') }}, {{ tool('name') }}) become Markdown in one language. Also records, per
page, which units fell back to English or are stale, for the translation notice."""

import posixpath
from dataclasses import dataclass, field

import jinja2

from .errors import SourceError
from .fingerprint import fingerprint
from .formatting import format_fact
from .typography import french

TOOLS = {"start": "troubleshooter_link", "access": "tool_access", "limits": "tool_limits", "username": "tool_username"}
TROUBLESHOOTER_PAGE = "troubleshooter.md"


@dataclass
class PageStatus:
    """Translation state of one generated French page."""
    fallback: list = field(default_factory=list)   # unit keys shown in English
    stale: list = field(default_factory=list)      # unit keys whose English changed since translation

    @property
    def state(self):
        if self.fallback:
            return "fallback"
        if self.stale:
            return "stale"
        return "complete"


class _FactNamespace:
    """`facts.group.name` in a template: attribute access builds the dotted name; turning it
    into text looks the fact up, so an unknown name fails with the file and unit."""

    def __init__(self, renderer, ctx, path=""):
        self._renderer, self._ctx, self._path = renderer, ctx, path

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return _FactNamespace(self._renderer, self._ctx, f"{self._path}.{name}" if self._path else name)

    def __str__(self):
        return self._renderer.fact_text(self._path, self._ctx)


class _Terms:
    def __init__(self, renderer, ctx):
        self._renderer, self._ctx = renderer, ctx

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        term = self._renderer.site.glossary.get(name)
        if term is None:
            raise SourceError(self._ctx.file, f"unknown term '{name}' (not in glossary.yaml)", self._ctx.unit)
        return term[self._ctx.lang]


@dataclass
class _Ctx:
    lang: str
    file: object
    unit: str
    page: str            # path of the page being generated, relative to docs/
    line_break: str


# Compiled unit texts, shared by the renderers of every language (a text compiles once).
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
_TEMPLATES = {}


class Renderer:
    def __init__(self, site, strict=True):
        self.site = site
        self.strict = strict
        self.env = _ENV
        self._templates = _TEMPLATES

    # --- expressions --------------------------------------------------------------
    def fact_text(self, name, ctx):
        fact = self.site.facts.get(name, unit=ctx.unit, file=ctx.file)
        unlimited = self.plain("unlimited", ctx.lang).lower()
        return format_fact(fact, ctx.lang, unlimited, ctx.line_break)

    def _link(self, ctx):
        def link(article_id, text=None):
            article = self.site.article(str(article_id))
            if article is None:
                raise SourceError(ctx.file, f"link to unknown article '{article_id}'", ctx.unit)
            label = text if text is not None else self.text(article.title, ctx.lang, ctx.page, file=article.file)
            return f"[{label}]({self.relative(ctx.page, article.path)})"
        return link

    def _tool(self, ctx):
        def tool(name, text=None):
            if name not in TOOLS:
                raise SourceError(ctx.file, f"unknown tool '{name}' (expected one of {', '.join(TOOLS)})", ctx.unit)
            label = text if text is not None else self.plain(TOOLS[name], ctx.lang)
            anchor = "" if name == "start" else f"#/{name}"
            return f"[{label}]({self.relative(ctx.page, TROUBLESHOOTER_PAGE)}{anchor})"
        return tool

    @staticmethod
    def relative(from_page, to_page):
        return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")

    # --- texts ------------------------------------------------------------------------
    def render_string(self, text, lang, unit, file, page="index.md", line_break=", "):
        """Render one source string (English or French) to Markdown in `lang`."""
        if "{" not in text:
            # Plain prose (most units): nothing to evaluate.
            return french(text) if lang == "fr" else text
        template = self._templates.get(text)
        if template is None:
            try:
                template = self.env.from_string(text)
            except jinja2.TemplateSyntaxError as exc:
                raise SourceError(file, f"bad expression: {exc.message}", unit) from None
            self._templates[text] = template
        ctx = _Ctx(lang, file, unit, page, line_break)
        try:
            out = template.render(facts=_FactNamespace(self, ctx), terms=_Terms(self, ctx),
                                  link=self._link(ctx), tool=self._tool(ctx))
        except SourceError:
            raise
        except jinja2.UndefinedError as exc:
            raise SourceError(file, f"unknown name in expression: {exc.message}", unit) from None
        except (TypeError, AttributeError, ValueError) as exc:
            raise SourceError(file, f"bad expression: {exc}", unit) from None
        return french(out) if lang == "fr" else out

    def source_text(self, unit, lang, status=None, file=None):
        """The unit's text in `lang` as written in the source (before rendering). A missing
        French text stops a strict build; in preview it falls back to English and the
        page records it."""
        file = file or self.site.root
        if lang in unit.texts:
            if lang != "en" and status is not None and unit.fr_from and unit.fr_from != fingerprint(unit.texts["en"]):
                status.stale.append(unit.key)
            return unit.texts[lang]
        if self.strict:
            raise SourceError(file, f"the {'French' if lang == 'fr' else lang} translation is missing", unit.key)
        if status is not None:
            status.fallback.append(unit.key)
        return unit.texts["en"]

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
