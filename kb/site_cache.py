"""The one Site of a build. Every MkDocs hook reads the structured source through here, so a
build loads content/ once, not once per hook and per language (mkdocs-static-i18n runs the
hooks' on_config for each language), and a preview rebuild loads it again only when a file
of content/ changed (its name, size or modification time); the preview hands it the Site it
has just loaded itself (keep)."""

from pathlib import Path

from mkdocs.exceptions import PluginError

from .errors import SourceError
from .gencache import GenerateCache
from .source import load_site

_cache = {}


def stamp(content):
    """What says whether a file of `content` changed: each file's name, modification time, size."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in Path(content).rglob("*") if p.is_file()))


def keep(site, content_stamp):
    """A Site the caller loaded from content/ as it was at `content_stamp` (taken before
    loading, so a file changed meanwhile loads again): the preview's, which its build reuses."""
    _cache.clear()
    _cache.update(stamp=content_stamp, site=site)


def current_site(content):
    """The Site loaded from `content`, loaded again only when a file changed; a source error
    stops the build with its one line."""
    stamp_now = stamp(content)
    if _cache.get("stamp") != stamp_now:
        try:
            # Articles whose file `kb generate` loaded and checked in these very bytes come
            # from its cache (build/kb-cache/, read here, never written): parsing the YAML
            # of a thousand articles again took a second of every build.
            site = load_site(content, cache=GenerateCache(Path(content).parent))
        except SourceError as exc:
            raise PluginError(str(exc)) from None
        keep(site, stamp_now)
    return _cache["site"]


def derived(key, make):
    """A value computed from the current Site (a renderer, an index…), kept with it."""
    if key not in _cache:
        _cache[key] = make(_cache["site"])
    return _cache[key]
