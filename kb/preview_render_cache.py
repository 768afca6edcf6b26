"""The preview's memory of what Markdown made of each page (kb/preview_plugin.py uses it).

A save changes one or two pages' Markdown; converting the other pages again was about a third
of every rebuild. A page's HTML, table of contents, title and anchors are kept from the last
good build, and taken again when nothing they come from changed: the page's own Markdown (as
the plugins left it), its place, every file of the build with its URL (links are resolved
against them) and the site's configuration and theme (mkdocs.yml, overrides/). Anything else
is converted as usual.

What a build converted is kept only once the whole build succeeded: a page whose conversion
warned (a broken link stops a strict build) is converted again next time, and warns again."""

import copy
import functools
import hashlib

from kb.site_cache import stamp


def _digest(*parts):
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=20).digest()


def files_key(files):
    """Every file of a build with its URL: what a page's links are resolved against."""
    return _digest(sorted((f.src_uri, f.dest_uri, f.url) for f in files))


def site_key(root):
    """The site's configuration and theme overrides, as they are on disk now."""
    config = root / "mkdocs.yml"
    return _digest(stamp(root / "overrides"), config.stat().st_mtime_ns, config.stat().st_size)


class RenderCache:
    """Kept by the preview between rebuilds: the last good build's conversions."""

    def __init__(self):
        self.kept = {}          # key -> what Page.render set, from the last good build
        self.used = {}          # this build's conversions, taken or made

    def commit(self):
        """The build succeeded: what it used is what the next one may take."""
        self.kept, self.used = self.used, {}

    def discard(self):
        self.used = {}

    def cached_render(self, page, context):
        """Give `page` (before MkDocs renders it) a render that takes a kept conversion.
        `context`: the build's site_key and files_key together."""
        page.render = functools.partial(self._render, page, type(page).render.__get__(page), context)

    def _render(self, page, render, context, config, files):
        key = _digest(context, page.file.src_uri, page.file.dest_uri, page.file.url, page.markdown)
        done = self.kept.get(key) or self.used.get(key)
        if done is None:
            render(config, files)
            done = _taken(page)
        else:
            _give(page, done, files)
        self.used[key] = done


def _taken(page):
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": copy.deepcopy(page.toc),
        "title": page._title_from_render,
        "anchors": frozenset(page.present_anchor_ids or ()),
        "links": None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()},
    }


def _give(page, done, files):
    page.content = done["content"]
    page.toc = copy.deepcopy(done["toc"])
    page._title_from_render = done["title"]
    page.present_anchor_ids = set(done["anchors"])
    if done["links"] is None:
        page.links_to_anchors = None
    else:
        by_uri = {f.src_uri: f for f in files}
        page.links_to_anchors = {by_uri[uri]: dict(anchors) for uri, anchors in done["links"].items()}
