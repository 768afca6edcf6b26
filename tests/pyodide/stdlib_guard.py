"""The rest of the standard library for pytest and Hypothesis, without hiding an engine need.

run-engine-tests.mjs boots Pyodide with the trimmed standard library the site ships
(kb/pyodide_stdlib.py). pytest and Hypothesis need more of it, so `install(full_zip)` adds an
import finder, after every other, that takes a missing module from Pyodide's full zip, and
records who asked: walking out from the import, past the standard library's own frames, the
first frame is either the test machinery's (pytest, Hypothesis, a test) or the engine's. An
import on the engine's behalf (directly, or through a standard module it called) that only
the full zip could answer is something the browser lacks: `engine_needs()` lists them, and
the runner fails on any.

Standard library only: it runs inside Pyodide."""

import site
import sys
import zipimport

_needs = []


class _RestOfStdlib:
    def __init__(self, full_zip, engine_dir, stdlib_paths):
        self.full_zip = full_zip
        self.engine_dir = engine_dir
        self.stdlib_paths = tuple(stdlib_paths)

    def find_spec(self, name, path=None, target=None):
        parent = name.rpartition(".")[0]
        where = self.full_zip + "/" + (parent.replace(".", "/") + "/" if parent else "")
        try:
            spec = zipimport.zipimporter(where).find_spec(name)   # (it looks up the last part)
        except zipimport.ZipImportError:
            return None
        if spec is not None and self._for_the_engine():
            _needs.append(name)
        return spec

    def _for_the_engine(self):
        frame = sys._getframe(2)
        while frame is not None:
            filename = frame.f_code.co_filename
            if not (filename.startswith("<frozen") or filename.startswith(self.stdlib_paths)):
                return filename.startswith(self.engine_dir)
            frame = frame.f_back
        return False


def install(full_zip, package="troubleshooter"):
    trimmed = [p for p in sys.path if p.endswith(".zip")]
    engine_dir = site.getsitepackages()[0] + f"/{package}/"
    sys.meta_path.append(_RestOfStdlib(full_zip, engine_dir, [*trimmed, full_zip]))


def engine_needs():
    return sorted(set(_needs))


def self_check(package="troubleshooter", probe_module="colorsys"):
    """The guard catches what it is for: a module of the engine's package importing a module that
    only the full zip has. Returns a problem (str) or None; leaves nothing behind."""
    import importlib
    import os

    if any(p.endswith(".zip") and os.path.exists(f"{p}/{probe_module}.py{c}") for p in sys.path for c in ("", "c")):
        return f"{probe_module} is in the trimmed standard library: choose another probe"
    probe = f"{site.getsitepackages()[0]}/{package}/_stdlib_guard_probe.py"
    with open(probe, "w", encoding="utf-8") as fh:
        fh.write(f"import {probe_module}\n")
    try:
        importlib.invalidate_caches()
        importlib.import_module(f"{package}._stdlib_guard_probe")
        caught = probe_module in _needs
    finally:
        os.remove(probe)
        sys.modules.pop(f"{package}._stdlib_guard_probe", None)
        sys.modules.pop(probe_module, None)
        while probe_module in _needs:
            _needs.remove(probe_module)
    return None if caught else f"an engine import of {probe_module} went unnoticed"
