"""The translation dashboard of the preview (`make preview`, /_translations/): progress per
category and per article (translated, stale, missing, unverified), the stale units with a
word diff of their old and new English next to the current French, and links to each page
and to each unit's file and line.

It shows the very data of `kb translations --json` (`translation_report`); it counts nothing
itself but the sum of its articles' rows per category. Every text is escaped (Jinja2 with
autoescape; the diff is built from escaped words). Never part of a release build: only the
preview's plugin (kb/preview_plugin.py) adds the page."""

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from kb.i18n.report import one_line, report, word_runs
from kb.languages import get
from kb.unit_lines import unit_line
from kb.units import SOURCE_LANG

TEMPLATE = Path(__file__).parent / "templates" / "translation_dashboard.html.j2"
STATES = ("current", "unverified", "stale", "missing")
URL = "_translations/"


def translation_report(site, root):
    """The one source of the dashboard's numbers: `kb translations --json`'s report."""
    return report(site, root)


def word_diff(old, new):
    """Old → new English as escaped HTML: removed words in <del>, added ones in <ins>."""
    if old is None:
        return None
    parts = []
    for same, before, after in word_runs(old, new):
        if same:
            parts.append(escape(before))
            continue
        if before:
            parts.append(Markup("<del>%s</del>") % before)
        if after:
            parts.append(Markup("<ins>%s</ins>") % after)
    return Markup(" ").join(parts)


def _bar(row):
    """The row's counts as the four exclusive states (translated = current + unverified)."""
    total = row["translated"] + row["stale"] + row["missing"]
    counts = {"current": row["translated"] - row["unverified"], "unverified": row["unverified"],
              "stale": row["stale"], "missing": row["missing"]}
    return {"total": total, "counts": counts,
            "percent": {k: (100 * v / total if total else 0) for k, v in counts.items()}}


def dashboard_context(site, root, page_url):
    """What the template shows. `page_url(article, lang)` is the site-relative URL of a page."""
    data = translation_report(site, root)
    articles = {a.id: a for a in site.articles}
    rows, categories = [], {}
    for row in data["articles"]:
        article = articles.get(row["id"])
        title = article.title.texts[SOURCE_LANG] if article else row["id"]
        links = {"source": page_url(article, SOURCE_LANG), "translation": page_url(article, data["language"])} if article else {}
        entry = dict(row, title=title, links=links, bar=_bar(row))
        rows.append(entry)
        key = article.category if article else None
        if key is not None:
            group = categories.setdefault(key, {"id": key, "title": site.categories[key]["title"].texts[SOURCE_LANG],
                                                "translated": 0, "stale": 0, "missing": 0, "unverified": 0})
            for state in ("translated", "stale", "missing", "unverified"):
                group[state] += row[state]
    for group in categories.values():
        group["bar"] = _bar(group)
    by_group = {row["id"]: row for row in rows}
    stale = []
    for unit in data["stale"]:
        group = unit["unit"].split("/")[0]
        stale.append(dict(unit, line=unit_line(Path(root) / unit["file"], unit["unit"]),
                          diff=word_diff(unit["old_en"], unit["new_en"]), new_text=one_line(unit["new_en"]),
                          fr_text=one_line(unit[data["language"]]), links=by_group.get(group, {}).get("links", {})))
    missing = [dict(unit, line=unit_line(Path(root) / unit["file"], unit["unit"]), en_text=one_line(unit[SOURCE_LANG]))
               for unit in data["missing"]]
    return {"totals": dict(data["totals"], bar=_bar(data["totals"])), "categories": list(categories.values()),
            "rows": rows, "stale": stale, "missing": missing, "problems": data["problems"], "states": STATES,
            "language": data["language"], "language_name": get(data["language"]).english_name}


def render_dashboard(site, root, page_url):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    return env.get_template(TEMPLATE.name).render(dashboard_context(site, root, page_url))
