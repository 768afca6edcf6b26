"""`make preview` (python -m kb.preview): the docs team's live preview.

One loop, on MkDocs' own live-reload server: a save under content/, overrides/ or
mkdocs.yml regenerates every language's docs folder the way `kb generate --preview` does
(a missing translation falls back to English, with the notice; only files whose text
changed are written), rebuilds the site with MkDocs and reloads the open pages.

When the source does not load (a SourceError, a YAML slip, a deleted file), nothing is
rebuilt; when MkDocs fails (a broken template in overrides/), its half-built folder is not
served. Either way the last good site stays served and every page shows an overlay with the
one-line error, until the next good save clears it. The server never stops on bad input.

Preview builds also hold the translation dashboard at /_translations/ (kb/preview_plugin.py).
Listens on 127.0.0.1 only."""

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from kb import site_cache
from kb.errors import SourceError
from kb.gencache import GenerateCache
from kb.generate import build_outputs, ensure_language_links
from kb.languages import LANGUAGES
from kb.outputs import sync
from kb.preview_overlay import overlay_html
from kb.preview_plugin import PreviewPlugin, TemplateCache
from kb.preview_render_cache import RenderCache
from kb.unit_lines import unit_line

log = logging.getLogger("kb.preview")
WATCHED = ("content", "overrides", "mkdocs.yml")
FOLDER_PREFIX = "kb-preview-"           # then the preview's process id: see remove_abandoned


def describe(exc, root):
    """An error as the docs team reads it: the generator's own line (file, unit, what is
    expected) with the unit's line in its file, or the exception's own words."""
    if isinstance(exc, SourceError):
        path = Path(root, exc.file)
        try:
            shown = path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            shown = exc.file
        line = unit_line(path, exc.unit) if exc.unit else None
        return {"file": f"{shown}:{line}" if line else shown, "unit": exc.unit, "message": exc.message,
                "line": f"{shown}: {exc.unit}: {exc.message}" if exc.unit else f"{shown}: {exc.message}"}
    text = " ".join(str(exc).split()) or type(exc).__name__
    return {"file": None, "unit": None, "message": text, "line": f"{type(exc).__name__}: {text}"}


def memory_folder():
    """Where the builds go: a folder in memory (Linux's /dev/shm) where there is one. Each build
    writes some 500 folders and files; on this machine's disk, writing them and removing the
    build before took up to a second, in memory a few hundredths. Elsewhere: the temporary folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def remove_abandoned(base):
    """Remove the build folders of previews that were stopped without a chance to clean up
    (a `kill -9`): in memory, they would hold on to some 50 MB each until the machine restarts.
    A folder's name carries its preview's process id; a running preview's are left alone."""
    for folder in Path(base or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*"):
        pid = folder.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid):
    try:
        os.kill(pid, 0)           # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:       # another user's process
        return True
    return True


def empty_folder(folder):
    """Remove what `folder` holds, keeping the folder (MkDocs' clean_directory cannot be used
    in a thread: mkdocs-static-i18n swaps it for a no-op during its second language's build)."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


class Preview:
    """Regenerate, then build; remember the last error (None after a good save).

    MkDocs empties its site folder before a build, so each build goes to the other of two
    folders and is served only once it succeeded: a failed or half-done build is never seen.
    The folder a build replaced is emptied in the background while the browsers reload (a
    few hundred folders: up to half a second here), ready for the next build."""

    def __init__(self, root, host, port):
        self.root = Path(root).resolve()
        self.url = f"http://{host}:{port}/"
        base = memory_folder()
        remove_abandoned(base)
        self.folders = [tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-", dir=base) for _ in range(2)]
        self.site_dir = self.folders[0]          # the one served: the last good build
        self.emptying = None                     # the thread emptying the other folder
        self.error = None
        self.site = None
        self.lock = threading.Lock()
        self.templates = TemplateCache()
        self.rendered = RenderCache()
        self.timings = []          # (seconds generating, seconds building) per rebuild, for measurement

    def _config(self, site_dir):
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=site_dir)
        config.site_url = self.url
        config.plugins["kb-preview"] = PreviewPlugin(self.root, lambda: self.site, self.templates, self.rendered)
        return config

    def build_site(self):
        """MkDocs into the folder not served, which becomes the served one."""
        spare = next(f for f in self.folders if f != self.site_dir)
        self._wait_until_emptied()
        try:
            build(self._config(spare), serve_url=self.url)
        except BaseException:
            self.rendered.discard()
            raise
        self.rendered.commit()
        replaced, self.site_dir = self.site_dir, spare
        self.emptying = threading.Thread(target=empty_folder, args=(replaced,), daemon=True)
        self.emptying.start()

    def _wait_until_emptied(self):
        if self.emptying is not None:
            self.emptying.join()
            self.emptying = None

    def rebuild(self):
        with self.lock:
            started = time.perf_counter()
            try:
                # What `kb generate --preview` does, keeping the loaded source for the dashboard.
                cache = GenerateCache(self.root)
                content_stamp = site_cache.stamp(self.root / "content")
                site, outputs, _ = build_outputs(self.root, strict=False, cache=cache)
                sync(outputs, [self.root / language.folder for language in LANGUAGES])
                ensure_language_links(self.root)
                cache.save()
                self.site = site
                site_cache.keep(site, content_stamp)       # MkDocs' hooks read the same Site
                generated = time.perf_counter()
                self.build_site()
            except Exception as exc:         # the preview must survive any bad input
                self.error = describe(exc, self.root)
                log.error("preview: %s (still serving the last good site)", self.error["line"])
                return
            self.error = None
            self.timings.append((generated - started, time.perf_counter() - generated))
            log.info("preview: rebuilt in %.2f s (generate %.2f s, MkDocs %.2f s)",
                     sum(self.timings[-1]), *self.timings[-1])

    def remove(self):
        self._wait_until_emptied()
        for folder in self.folders:
            shutil.rmtree(folder, ignore_errors=True)


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, which also puts the error overlay into every page it serves
    while the last save did not load (its script injection is the one place every page passes)."""

    def __init__(self, preview, **kwargs):
        self.preview = preview
        super().__init__(builder=preview.rebuild, root=preview.site_dir, **kwargs)

    @property
    def root(self):
        """The folder of the last good build, read at every request. Like MkDocs' own server, a
        request made during a rebuild waits for it (its epoch fields, mkdocs 1.6), so it is
        answered from the folder the rebuild leaves served, never from the one it replaced."""
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            return self.preview.site_dir

    @root.setter
    def root(self, value):
        pass

    def _inject_js_into_html(self, content, epoch):
        content = super()._inject_js_into_html(content, epoch)
        error = self.preview.error
        if error is None:
            return content
        overlay = overlay_html(error).encode("utf-8")
        at = content.rfind(b"</body>")
        return content[:at] + overlay + content[at:] if at >= 0 else content + overlay


def _stop(number, frame):
    raise KeyboardInterrupt


def _error_page(preview, code):
    """The site's own 404 page for an unknown address, as `mkdocs serve` does."""
    page = Path(preview.site_dir, f"{code}.html")
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="kb.preview", description="Live preview of content/ with the translation dashboard.")
    parser.add_argument("--root", default=".", help="project root (default: current folder)")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    # Stop cleanly (removing the built folders) on Ctrl-C and on a plain `kill` alike; a shell
    # starting the preview in the background may have it ignore Ctrl-C's signal.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _stop)
    host = "127.0.0.1"
    preview = Preview(args.root, host, args.port)
    preview.rebuild()
    if preview.error:
        # Nothing good to serve yet: build the docs/ there are once, under the overlay.
        error = preview.error
        try:
            preview.build_site()
        except Exception as exc:
            log.error("preview: the committed docs/ do not build either: %s", describe(exc, preview.root)["line"])
        preview.error = error
    # The watcher polls the few watched files ten times a second (MkDocs' default is twice):
    # a save reaches the browser sooner, for a few stat() calls.
    server = PreviewServer(preview, host=host, port=args.port, polling_interval=0.1)
    # After a change it waits for the files to stop changing, for this long (MkDocs: 0.1 s); an
    # editor's save is a burst of a few milliseconds, and the poll above gathers it anyway.
    server.build_delay = 0.05
    server.error_handler = lambda code: _error_page(preview, code)
    for name in WATCHED:
        server.watch(str(preview.root / name))
    log.info("preview: serving %s (French at %sfr/, translations at %s_translations/); Ctrl-C stops",
             preview.url, preview.url, preview.url)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
