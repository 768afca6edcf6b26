"""Material's navigation, each item rendered once per build where pages repeat it.

Every page's sidebar holds the categories and every article of its own category
(navigation.prune): at a thousand articles that is some two hundred items per page, and
Material renders each through its Jinja macro (partials/nav-item.html `render`) on every
page, which made the navigation grow with the square of the number of articles. Most of
those items come out the same on many pages: an article that is not the page being built,
or a closed (pruned) category, is the same HTML wherever its link, relative to the page,
is the same (all the articles of a category are one folder deep, so their links to each
other are). So the macro's output is kept per item and link for the language's build, and
only the page's own item, its open category and what contains it are rendered each time.

Material's template itself is kept: its `render` macro is renamed, when MkDocs loads it,
and a macro of the same name put in front that asks `render_item` below; the macro calls
itself through that name, so every level goes through it. The HTML is Material's, byte for
byte (the site is the same with or without this)."""

import jinja2
from jinja2.runtime import Undefined
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import url_filter

TEMPLATE = "partials/nav-item.html"
MACRO = "{% macro render(nav_item, path, level, parent) %}"
RENAMED = "{% macro material_render(nav_item, path, level, parent) %}"
FRONT = ("{% macro render(nav_item, path, level, parent) %}"
         "{{ kb_nav_item(material_render, nav_item, path, level, parent) }}{% endmacro %}")
# Features under which a closed category may be a "section" (always open) instead of pruned.
_SECTION_FEATURES = ("navigation.tabs", "navigation.sections")


def patched(source, name=TEMPLATE):
    """Material's nav-item template with its `render` macro reached through kb_nav_item."""
    if source.count(MACRO) != 1:
        raise PluginError(f"{name}: the theme's navigation macro is not `{MACRO}` any more; "
                          f"kb/nav_render.py must follow the theme's new template")
    return source.replace(MACRO, RENAMED) + "\n" + FRONT + "\n"


class PatchingLoader(jinja2.BaseLoader):
    """The theme's loader, with the nav-item template patched as it is read."""

    def __init__(self, inner):
        self.inner = inner

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template == TEMPLATE:
            source = patched(source, filename or template)
        return source, filename, uptodate

    def list_templates(self):
        return self.inner.list_templates()


def first_page(section):
    """The page a pruned section links to (Material's render_pruned): its first child,
    descending through first children that have children; None for an empty section."""
    first = section.children[0] if section.children else None
    while first is not None and first.children:
        first = first.children[0]
    return first


def reuse_key(item, page, features, link):
    """What an item's HTML depends on beyond the item, when it is the same on every page
    where that is the same; None when it must be rendered for this page. `link(url)`: the
    URL as the page's template writes it (relative to the page)."""
    if isinstance(item, Page):
        if item.active or item == page:
            return None
        return ("page", id(item), link(item.url))
    if isinstance(item, Section):
        if item.active or "navigation.prune" not in features or any(f in features for f in _SECTION_FEATURES):
            return None
        first = first_page(item)
        if first is None or not isinstance(first, Page):
            return None
        return ("pruned", id(item), link(first.url))
    return None


def install(env):
    """Patch the theme's environment for one language's build; its cache lives as long."""
    env.loader = PatchingLoader(env.loader)
    kept = {}

    @jinja2.pass_context
    def kb_nav_item(context, render, item, path, level, parent=None):
        args = (item, path, level) if parent is None or isinstance(parent, Undefined) else (item, path, level, parent)
        features = context.get("features")
        if features is None or isinstance(features, Undefined):
            return render(*args)
        key = reuse_key(item, context.get("page"), features, lambda url: url_filter(context, url))
        if key is None:
            return render(*args)
        if key not in kept:
            kept[key] = (item, render(*args))      # the item is kept too, so its id is not reused
        return kept[key][1]

    env.globals["kb_nav_item"] = kb_nav_item
    return env
