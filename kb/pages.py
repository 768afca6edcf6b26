"""Assembling the generated Markdown pages of one language from the Site: articles,
category pages, the home page and the troubleshooter page. Templates in kb/templates/."""

import functools
import html
import json
import re
from pathlib import Path

import jinja2

from . import steps
from .errors import SourceError
from .home import load_home
from .markup import markdown_text
from .render import PageStatus, Renderer, TROUBLESHOOTER_PAGE
from .typography import punctuation
from .units import SOURCE_LANG

TEMPLATES = Path(__file__).parent / "templates"
HEAD_FORBIDDEN = set('<>"')


def _yaml_string(value):
    """A front-matter value: JSON is valid YAML; keep accents readable for reviewers."""
    return json.dumps(value, ensure_ascii=False)


@functools.cache
def _environment():
    # One for the process: the preview regenerates on every save, and compiling the templates
    # again for each language's pages was most of regenerating an edited article.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                             autoescape=False, keep_trailing_newline=True, trim_blocks=False)
    env.filters["yaml"] = _yaml_string
    # Interface texts placed in the HTML of a page (attributes, raw blocks): text, never markup.
    env.filters["html"] = lambda text: html.escape(text, quote=True)
    env.filters["markdown_text"] = markdown_text
    return env


class PageBuilder:
    def __init__(self, site, lang, strict=True, cache=None):
        self.site, self.lang, self.strict = site, lang, strict
        self.renderer = Renderer(site, strict=strict)
        self.env = _environment()
        self.statuses = {}        # page path -> PageStatus (pages of a translated language)
        self.cache = cache        # kb/gencache.py: article pages whose inputs did not change

    def _source(self, file):
        file = Path(file)
        try:
            return file.resolve().relative_to(self.site.root.resolve().parent).as_posix()
        except ValueError:
            return file.as_posix()

    def _helpers(self, page, file):
        """Template helpers. Translation state is collected before rendering (article_page),
        so rendering records none."""
        r, lang = self.renderer, self.lang

        def t(unit):
            return r.text(unit, lang, page, None, file)

        def cells(row):
            cells = r.text(row, lang, page, None, file, line_break="<br>")
            return [c.replace("|", "\\|").replace("\n", "<br>") for c in cells]

        def ui(key):
            return r.plain(key, lang, page)

        return {"t": t, "cells": cells, "ui": ui, "punctuation": lambda mark: punctuation(mark, lang),
                "withdrawal_table": lambda: self.withdrawal_table(page, file)}

    def link(self, article, page):
        title = self.renderer.text(article.title, self.lang, page, None, article.file)
        return f"[{title}]({self.renderer.relative(page, article.path)})"

    def withdrawal_table(self, page, file):
        """The withdrawal-limits table, built from the facts alone (conflict C6: all rows): the
        devices in the registry's order, each named as the calculator names it (flow.yaml)."""
        ui = lambda key: self.renderer.plain(key, self.lang, page)
        facts = self.site.facts
        labels = self.site.flow.tools["limits"]["fields"]["device"]["options"]
        lines = [f"| {ui('col_device')} | {ui('col_daily')} | {ui('col_window')} |", "| --- | ---: | ---: |"]
        retired = False
        for device in facts.devices():
            base = f"withdrawal.limits.{device}"
            name = self.renderer.text(labels[device.replace("_", "-")], self.lang, page, None, self.site.flow.file)
            name = name[:1].upper() + name[1:]
            if not facts.get(f"{base}.in_circulation").value:
                name += "\\*"
                retired = True
            amounts = [self.renderer.render_string(f"{{{{ facts.{base}.{col} }}}}", self.lang, f"{base}.{col}", file, page)
                       for col in ("daily", "window")]
            amounts = [a[:1].upper() + a[1:] for a in amounts]
            lines.append(f"| {name} | {amounts[0]} | {amounts[1]} |")
        if retired:
            lines += ["", f"\\* {ui('no_longer_issued')}"]
        return "\n".join(lines)

    @staticmethod
    def head_text(text, file, unit):
        """A title or summary as it goes into the page's head, navigation and search index,
        which the theme inserts as it is, in text and in double-quoted attributes: plain
        text without < > or a straight double quote."""
        bad = next((c for c in text if c in HEAD_FORBIDDEN), None)
        if bad is not None:
            raise SourceError(file, f"{bad!r} in a title or summary: these are plain text in the page's head "
                                    f"and navigation; write “ ” or « » for quotes, and no markup", unit)
        return text

    def render(self, template, page, meta, source, **values):
        values.update(self._helpers(page, source))
        text = self.env.get_template(template).render(meta=meta, source=self._source(source), lang=self.lang, **values)
        return re.sub(r"\n{3,}", "\n\n", text)

    # --- pages -----------------------------------------------------------------------------
    def article_page(self, article):
        page = article.path
        # First pass: which units are stale or missing in this language (front matter).
        status = PageStatus()
        for unit in article.units():
            self.renderer.source_text(unit, self.lang, status, article.file)
        title = self.renderer.text(article.title, self.lang, page, None, article.file)
        summary = self.renderer.text(article.summary, self.lang, page, None, article.file)
        related = [{"link": self.link(other, page),
                    "summary": self.renderer.text(other.summary, self.lang, page, None, other.file)}
                   for other in map(self.site.article, article.related)]
        meta = {"title": self.head_text(title, article.file, article.title.key),
                "description": self.head_text(summary, article.file, article.summary.key), "kb_id": article.id}
        if self.lang != SOURCE_LANG:
            meta["translation"] = status.state
            if status.stale or status.fallback:
                meta["translation_units"] = status.fallback + status.stale
        self.statuses[page] = status
        return self.render("article.md.j2", page, meta, article.file, article=article, title=title, related=related)

    def category_page(self, key):
        page = f"{key}/index.md"
        category = self.site.categories[key]
        file = self.site.root / "categories.yaml"
        title = self.renderer.text(category["title"], self.lang, page, None, file)
        summary = self.renderer.text(category["summary"], self.lang, page, None, file)
        entries = [{"link": self.link(a, page), "summary": self.renderer.text(a.summary, self.lang, page, None, a.file)}
                   for a in self.site.in_category(key)]
        meta = {"title": self.head_text(title, file, category["title"].key),
                "description": self.head_text(summary, file, category["summary"].key)}
        return self.render("category.md.j2", page, meta, file,
                           title=title, summary=summary, entries=entries)

    def home_page(self):
        """Search first, the top tasks, the categories as cards, then how to reach us
        (layout: content/home.yaml, kb/home.py; texts: ui.yaml)."""
        page = "index.md"
        home = load_home(self.site.root, self.site)
        ui = lambda key: self.renderer.plain(key, self.lang, page)
        file = self.site.root / "categories.yaml"
        tasks = []
        for task in home.tasks:
            key = "task_" + task.id.replace("-", "_")
            target = (f"{TROUBLESHOOTER_PAGE}#/{task.troubleshooter}" if task.troubleshooter
                      else self.renderer.relative(page, self.site.article(task.article).path))
            tasks.append({"id": task.id, "icon": task.icon, "title": ui(key), "text": ui(f"{key}_text"), "url": target})
        categories = [{"icon": home.category_icons[key], "url": f"{key}/index.md",
                       "title": self.renderer.text(category["title"], self.lang, page, None, file),
                       "summary": self.renderer.text(category["summary"], self.lang, page, None, file)}
                      for key, category in self.site.categories.items()]
        contact = self.site.article(home.contact_article) if home.contact_article else None
        ui_file = self.site.root / "ui.yaml"
        self.head_text(ui("home_title"), ui_file, "ui/home_title")
        meta = {"description": self.head_text(ui("home_intro"), ui_file, "ui/home_intro"), "hide": ["navigation", "toc"]}
        return self.render("home.md.j2", page, meta, self.site.root / "home.yaml", title=ui("home_title"),
                           tasks=tasks, categories=categories, troubleshooter=TROUBLESHOOTER_PAGE,
                           contact_url=contact and self.renderer.relative(page, contact.path))

    def _flow_ui(self, key):
        """The flow's interface text `key` (content/flow.yaml, `ui`) in this language."""
        return self.renderer.render_string(self.site.flow.ui[key].texts[self.lang], self.lang, f"flow/ui/{key}",
                                           self.site.flow.file, TROUBLESHOOTER_PAGE)

    def _troubleshooter_meta(self):
        """The front matter the troubleshooter page and its static step pages share: drawn by
        overrides/troubleshooter.html, described by the flow's introduction."""
        return {"description": self.head_text(self._flow_ui("intro"), self.site.flow.file, "flow/ui/intro"),
                "template": "troubleshooter.html",
                # A question page: no table of contents, no previous/next footer in the middle of it.
                "hide": ["toc", "footer"]}

    def troubleshooter_page(self):
        """The troubleshooter's page; its title and introduction are the flow's own
        (content/flow.yaml, `ui`), the page itself is drawn by overrides/troubleshooter.html."""
        flow_file = self.site.flow.file
        title = self._flow_ui("title")
        meta = {"title": self.head_text(title, flow_file, "flow/ui/title"), **self._troubleshooter_meta()}
        return self.render("troubleshooter.md.j2", TROUBLESHOOTER_PAGE, meta, flow_file, title=title,
                           intro=meta["description"])

    def step_pages(self, flow_data):
        """The troubleshooter's static step pages, one per position after the first (kb/steps.py):
        front matter only, the build puts the step in them. `flow_data`: flow.json's content."""
        flow_file = self.site.flow.file
        shared = self._troubleshooter_meta()
        out = {}
        for path, view in steps.positions(self.lang, flow_data)[1:]:
            page = steps.page_src(path)
            role = "question" if view["kind"] == "question" else "title"
            title = self.head_text(steps.plain_heading(view), flow_file, f"flow/{view['node']}/{role}")
            meta = {"title": title, **shared,
                    # A step is found through the troubleshooter, not on its own by search.
                    "search": {"exclude": True}, steps.PAGE_META: steps.key(path)}
            out[page] = self.render("troubleshooter_step.md.j2", page, meta, flow_file, title=title)
        return out

    def cached_article_page(self, article):
        """article_page, or the same Markdown from the cache when none of its inputs changed."""
        if self.cache is None:
            return self.article_page(article)
        key = self.cache.page_key(article, self.lang, self.strict)
        hit = self.cache.page(key, self.site)
        if hit is not None:
            markdown, self.statuses[article.path] = hit
            return markdown
        self.renderer.shown = set()
        markdown = self.article_page(article)
        self.cache.keep_page(key, markdown, self.statuses[article.path], self.renderer.shown | set(article.related), self.site)
        return markdown

    def pages(self):
        """{path relative to the language's docs folder: Markdown}."""
        out = {"index.md": self.home_page(), TROUBLESHOOTER_PAGE: self.troubleshooter_page()}
        for key in self.site.categories:
            out[f"{key}/index.md"] = self.category_page(key) if self.cache is None else self.cache.derived(
                ["category page", self.lang, self.strict, key, [self.cache.head(self.site, a.id) for a in self.site.in_category(key)]],
                lambda: self.category_page(key))
        for article in self.site.articles:
            out[article.path] = self.cached_article_page(article)
        return out
