"""MkDocs hook (mkdocs.yml → hooks): what every page's theme templates need from the source
and does not come through the Markdown:

- the breadcrumb (overrides/partials/path.html): the help centre's home, the page's category,
  the page, in the page's language (titles from the source, content/ui.yaml: breadcrumb,
  breadcrumb_home); none on the home page;
- on article pages, the date of the article's last change (kb/page_dates.py), formatted for
  the page's language (kb/formatting.py) into content/ui.yaml's `last_updated`
  (overrides/partials/last-updated.html).

Everything reaches the templates as `kb_page` and is escaped there: text, never markup."""

import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb import languages  # noqa: E402
from kb.formatting import format_date  # noqa: E402
from kb.page_dates import last_changed  # noqa: E402
from kb.render import Renderer  # noqa: E402
from kb.site_cache import current_site, derived  # noqa: E402


_build = {}


def on_pre_build(config):
    """Each build (each language, each preview rebuild) looks at content/ once, here and
    not for every page: that look stats every file of content/, which for every page made
    a build grow with the square of the number of articles."""
    _build.clear()


def _state():
    if "state" not in _build:
        current_site(ROOT / "content")            # loaded again only when content/ changed
        _build["state"] = derived("page_context", lambda site: {
            "site": site,
            "renderer": Renderer(site, strict=False),
            "articles": {a.path: a for a in site.articles},
            "dates": last_changed([a.file for a in site.articles], cwd=ROOT),
        })
    return _build["state"]


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
    steps = [(home_label, prefix)]
    category = uri.split("/")[0] if "/" in uri else None
    if category in site.categories and uri != f"{category}/index.md":
        title = site.categories[category]["title"].texts
        steps.append((title.get(lang, title[languages.DEFAULT.code]), f"{prefix}{category}/"))
    here = uri[:-len("index.md")] if uri.endswith("index.md") else uri[:-len(".md")] + "/"
    steps.append((page_title, f"{prefix}{here}"))
    return steps


def on_page_context(context, page, config, nav):
    state = _state()
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
