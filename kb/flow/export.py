"""The flow as the troubleshooter ships it (troubleshooter/_data/flow.json): every text
rendered in both languages. Rendering is the caller's: `render(text, lang, unit) ->
Markdown` turns the expressions ({{ facts.x }}, {{ terms.x }}) into text in one language.
Article links ({{ link('ID') }}) are resolved here, before `render`, into relative URLs that
work from the troubleshooter page (/troubleshooter/ and /fr/troubleshooter/):
`../<category>/<slug>/`."""

import html
import re

import markdown as _markdown

from ..errors import SourceError
from ..formatting import number_symbols
from ..markup import clean
from .model import LANGS, LINK, LIST_BLOCKS, Unit


def article_url(category, slug):
    """An article's URL relative to the troubleshooter page, in either language."""
    return f"../{category}/{slug}/"


def _md_escape(text):
    return re.sub(r"([\[\]\\])", r"\\\1", text)


class _Exporter:
    def __init__(self, flow, render, articles, contact=None):
        self.flow = flow
        self.contact = contact
        self.render_fn = render
        self.articles = {}
        for article_id, entry in (articles or {}).items():
            if isinstance(entry, dict):
                category, slug, titles = entry["category"], entry["slug"], entry["title"]
            else:
                category, slug, titles = entry
            self.articles[article_id] = {"url": article_url(category, slug), "titles": titles}
        self.used_articles = set()

    def fail(self, message, unit):
        raise SourceError(self.flow.file, message, unit)

    def article(self, article_id, unit):
        entry = self.articles.get(article_id)
        if entry is None:
            self.fail(f"link to unknown article '{article_id}'", unit)
        self.used_articles.add(article_id)
        return entry

    def title(self, article_id, lang, unit):
        titles = self.article(article_id, unit)["titles"]
        title = titles.get(lang) if isinstance(titles, dict) else None
        if not title:
            self.fail(f"article '{article_id}' has no {lang} title", unit)
        if "{{" in title:
            title = self.render_fn(title, lang, f"{article_id}/title")
        return title

    def markdown(self, unit, lang):
        """Render one unit to Markdown in `lang`, article links resolved first."""
        def link(match):
            entry = self.article(match.group("id"), unit.name)
            text = match.group("text")
            label = text if text is not None else self.title(match.group("id"), lang, unit.name)
            return f"[{_md_escape(label)}]({entry['url']})"
        return self.render_fn(LINK.sub(link, unit.texts[lang]), lang, unit.key)

    def inline(self, unit):
        return {lang: _inline_html(self.markdown(unit, lang)) for lang in LANGS}

    def block(self, unit):
        return {lang: clean(_markdown.markdown(self.markdown(unit, lang))) for lang in LANGS}

    def plain(self, unit):
        return {lang: self.render_fn(unit.texts[lang], lang, unit.key) for lang in LANGS}

    def body(self, node):
        out = {lang: [] for lang in LANGS}
        for btype, content in node.body:
            if btype in LIST_BLOCKS:
                tag = "ol" if btype == "steps" else "ul"
                items = [self.inline(u) for u in content]
                for lang in LANGS:
                    lis = "".join(f"<li>{item[lang]}</li>" for item in items)
                    out[lang].append(f"<{tag}>{lis}</{tag}>")
            elif btype == "paragraph":
                text = self.block(content)
                for lang in LANGS:
                    out[lang].append(text[lang])
            else:  # note, tip, warning: the markup of Material for MkDocs admonitions
                text = self.block(content)
                title = self.plain(self.flow.ui[btype])
                for lang in LANGS:
                    out[lang].append(f'<div class="admonition {btype}"><p class="admonition-title">'
                                     f"{html.escape(title[lang])}</p>{text[lang]}</div>")
        if node.contact and self.contact:
            title, text = self.plain(self.contact["title"]), self.block(self.contact["body"])
            for lang in LANGS:
                out[lang].append(f'<div class="admonition info contact"><p class="admonition-title">'
                                 f"{html.escape(title[lang])}</p>{text[lang]}</div>")
        return {lang: "\n".join(parts) for lang, parts in out.items()}


def _inline_html(md):
    out = clean(_markdown.markdown(md)).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def _tree(exporter, tree):
    return {key: exporter.plain(value) if isinstance(value, Unit) else _tree(exporter, value)
            for key, value in tree.items()}


def export_flow(flow, render, articles, contact=None):
    """The JSON-ready flow, every text rendered in every language.

    render(text, lang, unit) -> Markdown: the generator's renderer (facts formatted for the
    language, terms, French typography). articles: {article id: (category, slug,
    {language: title})}, or {article id: {"category", "slug", "title": {…}}}. Question, answer, title and intro texts become inline
    HTML, outcome bodies block HTML; texts of tools, errors and ui stay plain text
    with their {placeholders}. contact: {"title": Unit, "body": Unit}, the contact block
    that ends the outcomes marked `contact: true`. `numbers`: each language's number symbols
    from Babel, with which the engine reads the amounts people type (troubleshooter/amounts.py)."""
    ex = _Exporter(flow, render, articles, contact)
    nodes = {}
    for node in flow.nodes.values():
        out = {"kind": node.kind}
        for role, unit in node.texts.items():
            out[role] = ex.inline(unit)
        if node.kind in ("question", "calculator"):
            out["answers"] = [{"id": answer_id, "next": target, "label": ex.inline(unit)}
                              for answer_id, unit, target in node.answers]
        if node.kind == "calculator":
            for answer in out["answers"]:
                answer["matches"] = list(node.matches.get(answer["id"], []))
            out["tool"] = node.tool
            out["fields"] = list(node.fields)
        if node.kind == "outcome":
            out["body"] = ex.body(node)
        if node.kind in ("calculator", "outcome"):
            out["read"] = list(node.read)
            for article_id in node.read:
                ex.article(article_id, f"{node.id}/read")
        nodes[node.id] = out
    tools = {}
    for name, tool in flow.tools.items():
        fields = {}
        for fname, spec in tool["fields"].items():
            fields[fname] = {
                "type": spec["type"],
                "event": spec["event"],
                "repeat": spec["repeat"],
                "label": ex.plain(spec["label"]),
                "help": ex.plain(spec["help"]) if spec["help"] else None,
                "options": ({key: ex.plain(unit) for key, unit in spec["options"].items()}
                            if spec["options"] else None),
                "default": spec.get("default"),
            }
        tools[name] = {"fields": fields, "results": _tree(ex, tool["results"])}
    articles_out = {}
    ex.article(flow.contact_article, "contact_article")
    for article_id in sorted(ex.used_articles):
        articles_out[article_id] = {
            "url": ex.articles[article_id]["url"],
            "title": {lang: html.escape(ex.title(article_id, lang, "read"), quote=False) for lang in LANGS},
        }
    out = {
        "_generated": "by kb generate from content/flow.yaml; do not edit",
        "format": 1,
        "langs": list(LANGS),
        "start": flow.start,
        "contact_article": flow.contact_article,
        "nodes": nodes,
        "articles": articles_out,
        "tools": tools,
        "errors": {code: ex.plain(unit) for code, unit in flow.errors.items()},
        "ui": {key: ex.plain(unit) for key, unit in flow.ui.items()},
        "numbers": {lang: number_symbols(lang) for lang in LANGS},
    }
    if contact:
        # Also on its own: a locked result of the lockout check ends with it (present.py).
        out["contact"] = {"title": ex.plain(contact["title"]), "body": ex.block(contact["body"])}
    return out

