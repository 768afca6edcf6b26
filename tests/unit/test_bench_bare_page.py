"""The bare-Pyodide page of the start-up benchmark (benchmarks/bare_page.py): three same-origin
files, no inline script, the site's own runtime, and the standard modules the engine imports
(read from the engine's source). No network, no browser."""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

from benchmarks import bare_page

ROOT = Path(__file__).resolve().parents[2]
PAGE_URL = "http://127.0.0.1:8841/_bench/bare/"


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.inline, self.runtime, self._in_script = [], [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
            self._in_script = True
        if "data-pyodide" in attrs:
            self.runtime = attrs["data-pyodide"]

    def handle_endtag(self, tag):
        self._in_script = False if tag == "script" else self._in_script

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(data)


def files():
    return bare_page.bare_files("314.0.7", bare_page.engine_stdlib_imports())


def test_the_page_loads_only_same_origin_module_files_it_ships():
    f = files()
    parsed = Scripts()
    parsed.feed(f["index.html"])
    assert parsed.inline == []                     # the site's CSP allows no unhashed inline script
    assert parsed.scripts and all(s.get("type") == "module" for s in parsed.scripts)
    for script in parsed.scripts:
        url = urljoin(PAGE_URL, script["src"])
        assert urlparse(url).netloc == urlparse(PAGE_URL).netloc
        assert url.removeprefix(PAGE_URL) in f
    workers = re.findall(r'new Worker\(new URL\("([^"]+)", import\.meta\.url\), \{ type: "module" \}\)', f["bare.js"])
    assert workers and all(name in f for name in workers)
    assert urljoin(PAGE_URL, parsed.runtime) == "http://127.0.0.1:8841/pyodide/314.0.7/"


def test_the_worker_imports_exactly_the_engines_standard_modules():
    modules = bare_page.engine_stdlib_imports()
    line = json.loads(re.search(r"const IMPORTS = (\".*\");", files()["worker.js"]).group(1))
    assert line == "import " + ", ".join(modules)
    # What the engine really imports in CPython: each listed module is loaded by importing the
    # modules the troubleshooter's worker imports.
    entries = ", ".join(f"troubleshooter.{name}" for name in bare_page.worker_entry_modules())
    loaded = json.loads(subprocess.run(
        [sys.executable, "-c", f"import json, sys; import {entries}; print(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    assert set(modules) <= set(loaded)
    assert {"json", "datetime", "decimal", "re"} <= set(modules)
    assert not any(m.startswith("troubleshooter") for m in modules)


def test_the_list_follows_the_engines_own_imports(tmp_path):
    (tmp_path / "a.py").write_text("from .b import f\nfrom importlib import resources\nimport json\n")
    (tmp_path / "b.py").write_text("def f():\n    import zlib\n    from . import c\n")
    (tmp_path / "c.py").write_text("from collections import deque\nimport yaml\n")
    (tmp_path / "unused.py").write_text("import sqlite3\n")
    assert bare_page.engine_stdlib_imports(tmp_path, ["a"]) == ["collections", "importlib.resources", "json", "zlib"]


def test_the_worker_entries_are_read_from_the_troubleshooters_worker(tmp_path):
    worker = tmp_path / "worker.js"
    worker.write_text("const GLUE = `\nimport json\nfrom troubleshooter import flow as _flow, present\n"
                      "from troubleshooter.errors import InputError\n`;\n")
    assert bare_page.worker_entry_modules(worker) == ["errors", "flow", "present"]


def test_the_bench_site_is_a_copy_and_the_site_is_untouched(tmp_path):
    site = tmp_path / "site"
    (site / "troubleshooter").mkdir(parents=True)
    (site / "troubleshooter" / "index.html").write_text("<p>ours</p>")
    (site / "pyodide" / "314.0.7").mkdir(parents=True)
    stock = tmp_path / "stock"
    stock.mkdir()
    (stock / "python_stdlib.zip").write_bytes(b"full stdlib")
    (stock / "pyodide-lock.json").write_text("{}")
    out = bare_page.write_bench_site(site, tmp_path / "bench-site", stock=stock, compress=False)
    assert sorted(p.name for p in (out / bare_page.BARE_DIR).iterdir()) == ["bare.js", "index.html", "worker.js"]
    # Bare Pyodide loads the stock standard library and lock file, not the site's trimmed ones.
    assert (out / "pyodide" / "314.0.7" / "python_stdlib.zip").read_bytes() == b"full stdlib"
    assert (out / "pyodide" / "314.0.7" / "pyodide-lock.stock.json").read_text() == "{}"
    assert '"pyodide-lock.stock.json"' in (out / bare_page.BARE_DIR / "bare.js").read_text()
    assert not (site / "pyodide" / "314.0.7" / "python_stdlib.zip").exists()
    assert (out / "troubleshooter" / "index.html").read_text() == "<p>ours</p>"
    assert not (site / "_bench").exists()
