"""Loading the structured source (content/) into one validated Site: facts, glossary,
categories, interface texts and articles. Every problem is a SourceError naming the file
and the unit; nothing here renders anything."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Collector, SourceError
from .facts import load_facts
from .markup import plain_problem
from .units import LANGS, SOURCE_LANG, Entry, Unit, origins, read_texts
from .yamlio import load_yaml, read_source

# The files of the groups of units that are not articles (kb translations --accept GROUP).
GROUP_FILES = {"ui": "ui.yaml", "categories": "categories.yaml", "terms": "glossary.yaml", "flow": "flow.yaml"}
GROUP_KINDS = {"ui": "interface", "categories": "interface", "terms": "interface", "flow": "flow"}
UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ARTICLE_ID = re.compile(r"^(KB|HC)[0-9]+$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Unit types: text units carry a text per language (kb/languages.py); containers hold other units.
TEXT_TYPES = {"paragraph", "heading", "note", "tip", "warning"}
CONTAINER_TYPES = {"steps", "list", "tabs", "table"}
GENERATED_TYPES = {"withdrawal_table", "contact"}   # built from facts / ui.yaml, no text of their own


@dataclass
class Article:
    id: str
    slug: str
    category: str
    order: int
    title: Unit
    summary: Unit
    related: list
    body: list
    file: Path

    @property
    def path(self):
        """Path of the generated page inside each language's docs folder."""
        return f"{self.category}/{self.slug}.md"

    def units(self):
        yield self.title
        yield self.summary
        for unit in self.body:
            yield from unit.walk()


@dataclass
class Site:
    """The whole source, loaded and checked once: every kb command and build hook reads it."""
    root: Path
    facts: object
    glossary: dict                # key -> {language: term}
    categories: dict              # key -> {"title": Unit, "summary": Unit}, in order
    ui: dict                      # key -> Unit
    articles: list                # sorted by category order, then order
    terms: dict = field(default_factory=dict)    # key -> Unit (the glossary's units)
    flow: object = None           # kb.flow.Flow (None only when loaded with flow=False)

    def article(self, article_id):
        """The article with this id, or None. Looked up in an index (every link and related
        article of every page asks: a scan of the list made generation quadratic), rebuilt
        whenever the list is another one or another length."""
        index = self.__dict__.get("_index")
        if index is None or index[0] is not self.articles or index[1] != len(self.articles):
            index = (self.articles, len(self.articles), {a.id: a for a in reversed(self.articles)})
            self.__dict__["_index"] = index
        return index[2].get(article_id)

    def in_category(self, category):
        return [a for a in self.articles if a.category == category]

    def file(self, group):
        return self.root / GROUP_FILES[group]

    def units(self, skip=frozenset()):
        """Every translatable unit of the site, as Entries, in one order: articles (in site
        order), interface texts, categories, glossary, then the troubleshooter's flow. The
        translation report, the PO catalog, the lint and the French notices all walk this.
        `skip`: files whose units are left out (already checked, kb/gencache.py)."""
        for article in self.articles:
            if article.file in skip:
                continue
            for unit in article.units():
                yield Entry(unit, article.file, article.id, "article")
        groups = {"ui": self.ui.values(),
                  "categories": [c[part] for c in self.categories.values() for part in ("title", "summary")],
                  "terms": self.terms.values(),
                  "flow": self.flow.units() if self.flow is not None else ()}
        for group, units in groups.items():
            if self.file(group) in skip:
                continue
            for unit in units:
                yield Entry(unit, self.file(group), group, GROUP_KINDS[group])


def _unit(node, file, prefix, seen, default_type=None):
    if not isinstance(node, dict):
        raise SourceError(file, f"expected a unit (a mapping with id, {', '.join(LANGS)}), got {node!r}", prefix)
    unit_id = node.get("id")
    if not isinstance(unit_id, str) or not UNIT_ID.match(unit_id):
        raise SourceError(file, f"unit id {unit_id!r} must be lowercase letters, digits and dashes", prefix)
    key = f"{prefix}/{unit_id}"
    if key in seen:
        raise SourceError(file, "duplicate unit id", key)
    seen.add(key)
    utype = node.get("type", default_type)
    known = TEXT_TYPES | CONTAINER_TYPES | GENERATED_TYPES | {"item", "tab", "row"}
    if utype not in known:
        raise SourceError(file, f"unknown unit type {utype!r} (expected one of {', '.join(sorted(TEXT_TYPES | CONTAINER_TYPES | GENERATED_TYPES))})", key)
    if utype in GENERATED_TYPES:
        return Unit(key, {}, utype)
    if utype in {"steps", "list"}:
        items = node.get("items")
        if not isinstance(items, list) or not items:
            raise SourceError(file, f"a '{utype}' unit needs a non-empty 'items' list", key)
        return Unit(key, {}, utype, children=[_unit(i, file, prefix, seen, "item") for i in items])
    if utype == "tabs":
        tabs = node.get("tabs")
        if not isinstance(tabs, list) or not tabs:
            raise SourceError(file, "a 'tabs' unit needs a non-empty 'tabs' list", key)
        children = []
        for tab in tabs:
            label = _unit({k: v for k, v in tab.items() if k != "body"}, file, prefix, seen, "tab") if isinstance(tab, dict) else _unit(tab, file, prefix, seen)
            label.node = tab
            body = tab.get("body")
            if not isinstance(body, list) or not body:
                raise SourceError(file, "a tab needs a non-empty 'body' list", label.key)
            label.children = [_unit(u, file, prefix, seen) for u in body]
            children.append(label)
        return Unit(key, {}, utype, children=children)
    if utype == "table":
        header = _unit(node.get("header"), file, prefix, seen, "row")
        rows = node.get("rows")
        if not isinstance(rows, list) or not rows:
            raise SourceError(file, "a 'table' unit needs a non-empty 'rows' list", key)
        children = [_unit(r, file, prefix, seen, "row") for r in rows]
        width = len(header.texts[SOURCE_LANG]) if isinstance(header.texts[SOURCE_LANG], list) else None
        for row in [header, *children]:
            for lang, cells in row.texts.items():
                if not isinstance(cells, list) or len(cells) != width:
                    raise SourceError(file, f"'{lang}' must be a list of {width} cells", row.key)
        return Unit(key, {}, utype, children=children, header=header)
    texts = read_texts(node, file, key, lists=True)
    if utype != "row" and any(isinstance(t, list) for t in texts.values()):
        raise SourceError(file, "a text must be a string", key)
    return Unit(key, texts, utype, origins=origins(node), node=node)


def _bilingual(node, file, key, required=(SOURCE_LANG,)):
    return Unit(key, read_texts(node, file, key, required), "text", origins=origins(node), node=node)


def load_article(path, categories, cache=None):
    """The article in `path`; with the generator's cache (kb/gencache.py), its YAML is read
    from there when a checked run loaded these very bytes."""
    if cache is None:
        article = read_article(load_yaml(path), path)
    else:
        raw = read_source(path)
        article = cache.article(path, raw) or read_article(load_yaml(path, raw), path)
    if path.stem != article.slug:
        raise SourceError(path, f"the file name must be the slug ({article.slug}.yaml)", article.id)
    if article.category not in categories:
        raise SourceError(path, f"unknown category {article.category!r} (see categories.yaml)", article.id)
    return article


def read_article(data, path):
    """An article from its loaded data (PyYAML or ruamel round-trip), checked on its own."""
    article_id = data.get("id")
    if not isinstance(article_id, str) or not ARTICLE_ID.match(article_id):
        raise SourceError(path, f"article id {article_id!r} must look like KB1234 or HC123")
    for key in ("slug", "category", "order", "title", "summary", "related", "body"):
        if key not in data:
            raise SourceError(path, f"missing '{key}'", article_id)
    slug = data["slug"]
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise SourceError(path, f"slug {slug!r} must be lowercase letters, digits and dashes", article_id)
    if not isinstance(data["order"], int):
        raise SourceError(path, "'order' must be a whole number", article_id)
    related = data["related"]
    if not isinstance(related, list) or not related:
        raise SourceError(path, "'related' must list at least one article id", article_id)
    body = data["body"]
    if not isinstance(body, list) or not body:
        raise SourceError(path, "'body' must be a non-empty list of units", article_id)
    seen = set()
    return Article(
        id=article_id, slug=slug, category=data["category"], order=data["order"],
        title=_bilingual(data["title"], path, f"{article_id}/title"),
        summary=_bilingual(data["summary"], path, f"{article_id}/summary"),
        related=[str(r) for r in related],
        body=[_unit(u, path, article_id, seen) for u in body],
        file=path,
    )


def load_site(root="content", flow=True, problems=None, cache=None):
    """content/ → Site, or every problem found together (SourceErrors). A bad file, term or
    article is reported and the others are still read; the checks that need them all (related
    articles, the flow's cross-references) run once everything loaded. With a `problems`
    list, the problems go there and the Site holds what did load (for checking the rest).
    `cache`: kb generate's (kb/gencache.py)."""
    root = Path(root)
    found = Collector()
    load = lambda: found.attempt(load_facts, root / "facts.yaml")     # noqa: E731
    facts = load() if cache is None else cache.derived(["facts"], load)
    terms = None if cache is None else cache.derived(["glossary"], lambda: _clean_terms(root / "glossary.yaml"))
    if terms is None:
        terms = _load_terms(root / "glossary.yaml", found)
    glossary = {key: unit.texts for key, unit in terms.items()}
    categories_file = root / "categories.yaml"
    categories = {}
    for key, node in (found.attempt(load_yaml, categories_file) or {}).items():
        category = found.attempt(_category, node, categories_file, key)
        if category is not None:
            categories[key] = category
    ui_file = root / "ui.yaml"
    ui = {}
    for key, node in (found.attempt(load_yaml, ui_file) or {}).items():
        unit = found.attempt(_bilingual, node, ui_file, f"ui/{key}")
        if unit is not None:
            ui[key] = unit
    articles = _load_articles(root, categories, found, cache)
    site = Site(root, facts, glossary, categories, ui, articles, terms)
    if flow and not found.errors:      # the flow's checks name articles: they must all be there
        from .flow import load_flow
        ids = {a.id for a in articles}
        load = lambda: found.attempt(load_flow, root / "flow.yaml", ids,       # noqa: E731
                                     fact_names=list(facts.facts), term_names=set(glossary))
        site.flow = load() if cache is None else cache.derived(["flow", sorted(ids)], load)
    if problems is not None:
        problems += found.errors
    else:
        found.raise_errors()
    return site


def _load_terms(file, found):
    """{key: Unit} of the glossary's terms that load; the others' problems go to `found`."""
    terms = {}
    for key, node in (found.attempt(load_yaml, file) or {}).items():
        unit = found.attempt(_term, node, file, key)
        if unit is not None:
            terms[key] = unit
    return terms


def _clean_terms(file):
    """The glossary's terms, or None when any has a problem (then loaded again, reporting it)."""
    found = Collector()
    terms = _load_terms(file, found)
    return None if found.errors else terms


def _term(node, file, key):
    # A term is named in every language's pages: none may be missing.
    unit = _bilingual(node, file, f"terms/{key}", required=LANGS)
    for lang, term in unit.texts.items():
        problem = plain_problem(term) if isinstance(term, str) else "a term is one text"
        if problem:
            raise SourceError(file, f"'{lang}': {problem}", f"terms/{key}")
    return unit


def _category(node, file, key):
    if not isinstance(node, dict):
        raise SourceError(file, "expected a category (a mapping with title and summary)", f"category/{key}")
    return {"title": _bilingual(node.get("title"), file, f"category/{key}/title"),
            "summary": _bilingual(node.get("summary"), file, f"category/{key}/summary")}


def _load_articles(root, categories, found, cache=None):
    articles, ids, slugs = [], {}, {}
    complete = True
    for path in sorted((root / "articles").glob("*.yaml")):
        article = found.attempt(load_article, path, categories, cache)
        if article is None:
            complete = False
            continue
        if article.id in ids:
            found.attempt(_fail, path, f"duplicate article id (also in {ids[article.id].name})", article.id)
            continue
        if (article.category, article.slug) in slugs:
            found.attempt(_fail, path, "duplicate slug", article.id)
            continue
        ids[article.id] = path
        slugs[(article.category, article.slug)] = path
        articles.append(article)
    order = list(categories)
    articles.sort(key=lambda a: (order.index(a.category), a.order, a.id))
    if complete:      # an article that failed to load would show as a missing related one
        for article in articles:
            for rel in article.related:
                if rel not in ids:
                    found.attempt(_fail, article.file, f"related article '{rel}' does not exist", f"{article.id}/related")
    return articles


def _fail(file, message, unit=None):
    raise SourceError(file, message, unit)
