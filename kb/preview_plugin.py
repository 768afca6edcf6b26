"""The preview's own MkDocs plugin (added by kb/preview.py only, never listed in mkdocs.yml,
so a release build cannot contain what it adds): the translation dashboard at
/_translations/, a real MkDocs page (File.generated) so it has the theme's look, navigation
and search; its HTML (kb/dashboard.py, escaped) replaces the page's body after the markup
guard, which checks what Markdown made of content/ and nothing else. It also keeps the
theme's compiled templates and the pages' conversions (kb/preview_render_cache.py) between
rebuilds, and lists the theme's files without walking its hidden folders."""

import os
import posixpath

import jinja2

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from kb import dashboard, languages
from kb import preview_render_cache as render_cache

DASHBOARD_SRC = "_translations/index.md"


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept between rebuilds (Jinja checks each template's source checksum)."""

    def __init__(self):
        self.store = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


class ThemeLoader(jinja2.FileSystemLoader):
    """The theme's templates, listed without hidden files and folders. MkDocs lists the theme's
    files each build to copy its static ones and leaves out every hidden path ('.*', '*/.*');
    Material's hidden .icons folder holds some 14,000 icons, walked for nothing (about a tenth
    of a second of every rebuild). Templates are still found anywhere, hidden or not."""

    def list_templates(self):
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                for name in names:
                    if not name.startswith("."):
                        found.add(name if relative == "." else f"{relative.replace(os.sep, '/')}/{name}")
        return sorted(found)


def list_theme_without_hidden(theme):
    """Make `theme` (a build's configuration's) give its builds' environments a ThemeLoader."""
    if "get_env" in vars(theme):          # each language's build configures the same theme again
        return
    make_env = type(theme).get_env

    def get_env():
        env = make_env(theme)
        env.loader = ThemeLoader(env.loader.searchpath)
        return env

    theme.get_env = get_env


class PreviewPlugin(BasePlugin):
    def __init__(self, root, load_site, compiled, rendered):
        super().__init__()
        self.root = root
        self.load_site = load_site        # the site the preview last generated from
        self.compiled = compiled          # a TemplateCache, kept by the preview between rebuilds
        self.rendered = rendered          # a RenderCache, kept likewise
        self.render_context = None        # this language's build: its files and the site's configuration

    def on_config(self, config):
        list_theme_without_hidden(config.theme)
        return config

    def on_env(self, env, config, files):
        # MkDocs makes a new Jinja environment for every build; compiling the theme's templates
        # again each time was about half a second of every rebuild.
        env.bytecode_cache = self.compiled
        return env

    @event_priority(-200)     # after mkdocs-static-i18n sorted the files by language (it expects files on disk)
    def on_files(self, files, config):
        # mkdocs-static-i18n builds every language with the same plugins: the default one only.
        if languages.current(config) == languages.DEFAULT.code and files.get_file_from_path(DASHBOARD_SRC) is None:
            files.append(File.generated(config, DASHBOARD_SRC, content="---\ntitle: Translation status\n---\n\n# Translation status\n"))
        self.render_context = (render_cache.site_key(self.root), render_cache.files_key(files))
        return files

    def on_pre_page(self, page, config, files):
        self.rendered.cached_render(page, self.render_context)
        return page

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri != DASHBOARD_SRC:
            return html
        base = posixpath.relpath(".", posixpath.dirname(page.url.rstrip("/") + "/x"))

        def page_url(article, lang):
            prefix = languages.get(lang).prefix
            return f"{base}/{prefix}{article.category}/{article.slug}/"

        site = self.load_site()
        if site is None:        # the source has not loaded once yet: the overlay says why
            return "<p>The translation status appears once the source loads.</p>"
        return dashboard.render_dashboard(site, self.root, page_url)
