"""The help centre's MkDocs plugin: one class, HelpCentre, with the build's state on itself.

mkdocs.yml names this file as its one hook. MkDocs loads a hook by its path, so a copy of
the project (the tests' hostile-content and pseudo-locale builds) runs its own code and reads
its own mkdocs.yml; the module's event functions are the bound methods of its one instance,
made each time MkDocs loads the configuration (each build, each preview rebuild).

Each event hands its work to the module that owns it:
- kb/site_glue.py: the language being built, navigation, versioned assets, the 404 pages,
  one search index per language, the Pyodide files (overrides/sitemap.xml writes the
  sitemap, with the default language the plugin gives it for its x-default);
- kb/markup_guard.py: every page's HTML passes the one allowlist, or the build stops;
- kb/nav_render.py: the theme's navigation, each item rendered once where pages repeat it;
- kb/page_context.py: the breadcrumb and the "last updated" line;
- kb/troubleshooter_pages.py: the troubleshooter page's steps and data, and the static step
  pages' steps.

The Site (content/ loaded) is kept by kb/site_cache.py for the whole process, keyed by the
files of content/, so that a preview rebuild loads it again only when content/ changed.
"""

import sys
from pathlib import Path

from mkdocs.plugins import BasePlugin, event_priority

ROOT = Path(__file__).resolve().parent.parent
# `kb` is this project's own, also in a copy of it (MkDocs runs in a fresh process there).
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kb import languages, markup_guard, nav_render, page_context, site_glue, troubleshooter_pages  # noqa: E402
from kb.site_cache import current_site  # noqa: E402

CONTENT = ROOT / "content"


class HelpCentre(BasePlugin):
    def __init__(self):
        super().__init__()
        self.not_found = {}           # the default language's 404 page, for the others' builds
        self.asset_versions = {}      # each versioned asset's ?v= (this build)
        self.page_state = None        # what the pages' context is made from (this build)
        self.steps = None             # the troubleshooter's rendered steps (this language's build)

    def site(self):
        return current_site(CONTENT)

    def rendered_steps(self, config):
        """The troubleshooter's steps in the language being built, rendered once for its page
        and its static step pages."""
        if self.steps is None:
            self.steps = troubleshooter_pages.rendered_steps(languages.current(config))
        return self.steps

    def on_startup(self, *, command, dirty):
        self.not_found.clear()

    @event_priority(-150)   # after mkdocs-static-i18n chose the language it builds
    def on_config(self, config):
        troubleshooter_pages.reload_flow()
        self.asset_versions = site_glue.asset_versions()
        return site_glue.configure(config)

    def on_pre_build(self, *, config):
        self.page_state = None
        self.steps = None

    @event_priority(-200)   # after mkdocs-static-i18n has built this language's navigation
    def on_nav(self, nav, *, config, files):
        return site_glue.order_navigation(nav, config, self.site())

    def on_env(self, env, *, config, files):
        return nav_render.install(env)

    def on_page_content(self, html, *, page, config, files):
        return markup_guard.check_page(html, page)

    def on_page_context(self, context, *, page, config, nav):
        if self.page_state is None:
            self.site()                                   # loaded again only if content/ changed
            self.page_state = page_context.page_state()
        if troubleshooter_pages.is_troubleshooter(page):
            context = troubleshooter_pages.page_context(context, config, self.rendered_steps(config))
        elif troubleshooter_pages.is_step_page(page):
            context = troubleshooter_pages.step_page_context(context, page, config, self.rendered_steps(config))
        return page_context.page_context(context, page, config, self.page_state)

    def on_post_page(self, output, *, page, config):
        return site_glue.finish_page(output, self.asset_versions)

    def on_template_context(self, context, *, template_name, config):
        if template_name == "sitemap.xml":            # overrides/sitemap.xml: the x-default
            context["sitemap_default"] = languages.DEFAULT.code
        return context

    def on_post_template(self, output_content, *, template_name, config):
        return site_glue.finish_template(output_content, template_name, config, self.asset_versions,
                                            self.not_found)

    @event_priority(-200)   # after mkdocs-static-i18n has merged every language's search entries
    def on_post_build(self, *, config):
        site_glue.split_search_index(config.site_dir, self.site())
        site_glue.copy_pyodide_bundle(config.site_dir, config.extra["pyodide_lock"])


# The hook's events: the one instance's methods.
_plugin = HelpCentre()
on_startup = _plugin.on_startup
on_config = _plugin.on_config
on_pre_build = _plugin.on_pre_build
on_nav = _plugin.on_nav
on_env = _plugin.on_env
on_page_content = _plugin.on_page_content
on_page_context = _plugin.on_page_context
on_post_page = _plugin.on_post_page
on_template_context = _plugin.on_template_context
on_post_template = _plugin.on_post_template
on_post_build = _plugin.on_post_build
