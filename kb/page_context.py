"""What every page's theme templates need from the source
and does not come through the Markdown:

- the breadcrumb (overrides/partials/path.html): the help centre's home, the page's category
  (or, for a troubleshooter's step, the troubleshooter), the page, in the page's language (titles from the source, content/ui.yaml: breadcrumb,
  breadcrumb_home); none on the home page;
- on article pages, the date of the article's last change (kb/page_dates.py), formatted for
  the page's language (kb/formatting.py) into content/ui.yaml's `last_updated`
  (overrides/partials/last-updated.html).

Everything reaches the templates as `kb_page` and is escaped there: text, never markup."""

from pathlib import Path

from kb import languages
from kb import steps as troubleshooter_steps
from kb.formatting import format_date
from kb.page_dates import last_changed
from kb.render import TROUBLESHOOTER_PAGE, Renderer
from kb.site_cache import derived

ROOT = Path(__file__).resolve().parent.parent


def page_state():
    """What the pages' context is made from, kept with the build's Site (kb/site_cache.py):
    the plugin asks for it once per build (each language, each preview rebuild), not per page,
    since looking at content/ stats every file of it."""
    return derived("page_context", lambda site: {
        "site": site,
        "renderer": Renderer(site, strict=False),
        "articles": {a.path: a for a in site.articles},
        "dates": last_changed([a.file for a in site.articles], cwd=ROOT),
    })


def updated_line(day, lang, template):
    """`template` (ui.yaml last_updated, with {date}) split around the formatted date, so
    the page can mark the date up as a <time>."""
    before, _, after = template.partition("{date}")
    return {"iso": day.isoformat(), "before": before, "date": format_date(day, lang), "after": after}


def breadcrumb(uri, page_title, lang, site, home_label):
    """[(label, site-relative URL)] from the home page to the page at `uri` (its path in the
    language's docs folder), or [] for the home page itself."""
    if uri == "index.md":
        return []
    prefix = languages.get(lang).prefix

    def url(src):
        return prefix + (src[:-len("index.md")] if src.endswith("index.md") else src[:-len(".md")] + "/")

    steps = [(home_label, prefix)]
    category = uri.split("/")[0] if "/" in uri else None
    if category in site.categories and uri != f"{category}/index.md":
        steps.append((site.categories[category]["title"].text_in(lang), url(f"{category}/index.md")))
    elif uri.startswith(troubleshooter_steps.STEP_PAGES) and site.flow is not None:
        steps.append((site.flow.ui["title"].text_in(lang), url(TROUBLESHOOTER_PAGE)))
    steps.append((page_title, url(uri)))
    return steps


def page_context(context, page, config, state):
    """`kb_page` for the templates: the breadcrumb, and an article's last-updated line."""
    lang = languages.current(config)
    plain = lambda key: state["renderer"].plain(key, lang)
    uri = getattr(page.file, "norm_src_uri", None) or page.file.src_uri
    # The home page of each language (the theme's page.is_homepage is true for English only).
    info = {"home": uri == "index.md", "breadcrumb": plain("breadcrumb"),
            "path": breadcrumb(uri, page.title, lang, state["site"], plain("breadcrumb_home"))}
    article = state["articles"].get(uri)
    if article is not None:
        info["updated"] = updated_line(state["dates"][article.file], lang, plain("last_updated"))
    context["kb_page"] = info
    return context
