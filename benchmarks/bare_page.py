"""The "bare Pyodide" page the start-up benchmark compares the troubleshooter with: a page that
only starts a module worker, calls `loadPyodide()` from the site's own runtime files
(/pyodide/<version>/) and imports the standard modules the engine imports, then says ready.
Bare means stock: the site ships a trimmed standard library and lock file (kb/pyodide_stdlib.py),
so the bench copy gets the npm package's own python_stdlib.zip and pyodide-lock.json beside
them (as pyodide-lock.stock.json), compressed like the site's files, for the bare page.

It is written into a copy of the built site (build/bench-site/_bench/bare/), never into site/,
so it is never published. Three files and no inline script: the site's Content-Security-Policy
allows only the inline scripts the build hashed.

The module list is read from the engine's source: the modules the troubleshooter's worker
imports (overrides/assets/troubleshooter/worker.js), followed through the package's own
imports, keeping the standard library's."""

import ast
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

from kb.precompress import precompress_file

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "troubleshooter"
ENGINE_WORKER = ROOT / "overrides" / "assets" / "troubleshooter" / "worker.js"
BARE_DIR = "_bench/bare"
READY_MARK = "bare-engine-ready"
STOCK_RUNTIME = ROOT / "node_modules" / "pyodide"
# The stock files bare Pyodide loads: (name in node_modules/pyodide, name in the bench copy).
STOCK_FILES = (("python_stdlib.zip", "python_stdlib.zip"), ("pyodide-lock.json", "pyodide-lock.stock.json"))


def worker_entry_modules(worker_js=ENGINE_WORKER):
    """The engine's modules the troubleshooter's worker imports (`from troubleshooter import flow`,
    `from troubleshooter.errors import ...`)."""
    text = Path(worker_js).read_text(encoding="utf-8")
    names = set(re.findall(r"from troubleshooter\.(\w+) import", text))
    for group in re.findall(r"from troubleshooter import ([\w ,]+?)(?: as \w+)?$", text, re.M):
        names.update(part.split(" as ")[0].strip() for part in group.split(","))
    return sorted(names)


def _module_imports(path):
    """(engine modules, other absolute modules) a module's source imports, at any depth in it
    (an import inside a function runs in the browser too)."""
    own, other = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            other.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:               # from . import x / from .x import y
                if node.module:
                    own.add(node.module.split(".")[0])
                else:
                    own.update(alias.name for alias in node.names)
            else:
                for alias in node.names:  # `from importlib import resources` imports a submodule
                    sub = f"{node.module}.{alias.name}"
                    other.add(sub if _is_module(sub) else node.module)
    return own, other


def _is_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def engine_stdlib_imports(engine_dir=ENGINE, entries=None):
    """Sorted standard-library modules imported by the engine modules the worker loads."""
    todo = list(entries if entries is not None else worker_entry_modules())
    seen, stdlib = set(), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        own, other = _module_imports(Path(engine_dir) / f"{name}.py")
        todo.extend(own - seen)
        stdlib.update(m for m in other if m.split(".")[0] in sys.stdlib_module_names)
    return sorted(stdlib)


def bare_files(pyodide_version, modules):
    """{file name: text} of the bare page. The runtime is named relative to the page."""
    runtime = f"../../pyodide/{pyodide_version}/"
    imports = "import " + ", ".join(modules)
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bare Pyodide (benchmark only)</title>
<script type="module" src="bare.js"></script>
</head>
<body>
<p id="bare" data-engine="loading" data-pyodide="{runtime}">Bare Pyodide: loading</p>
</body>
</html>
"""
    page_js = f"""// Benchmark only (benchmarks/bare_page.py): start the worker, mark when it is ready.
const root = document.getElementById("bare");
const indexURL = new URL(root.dataset.pyodide, document.baseURI).href;
const worker = new Worker(new URL("worker.js", import.meta.url), {{ type: "module" }});
worker.addEventListener("message", (event) => {{
  if (event.data.type === "ready") {{
    performance.mark("{READY_MARK}");
    root.dataset.engine = "ready";
  }} else {{
    root.dataset.engine = "failed";
    root.textContent = "failed: " + event.data.reason;
  }}
}});
worker.postMessage({{ indexURL, lockFileURL: indexURL + "{STOCK_FILES[1][1]}" }});
"""
    worker_js = f"""// Benchmark only (benchmarks/bare_page.py): loadPyodide() and the engine's standard imports.
const IMPORTS = {json.dumps(imports)};
self.addEventListener("message", async (event) => {{
  const {{ indexURL, lockFileURL }} = event.data;
  try {{
    const {{ loadPyodide }} = await import(indexURL + "pyodide.mjs");
    const pyodide = await loadPyodide({{ indexURL, lockFileURL }});
    pyodide.runPython(IMPORTS);
    self.postMessage({{ type: "ready" }});
  }} catch (error) {{
    self.postMessage({{ type: "failed", reason: String((error && error.message) || error).slice(0, 200) }});
  }}
}});
"""
    return {"index.html": html, "bare.js": page_js, "worker.js": worker_js}


def pyodide_version(site):
    """The one runtime folder the built site serves (site/pyodide/<version>/)."""
    versions = [p.name for p in (Path(site) / "pyodide").iterdir() if p.is_dir()]
    if len(versions) != 1:
        raise ValueError(f"{site}/pyodide/ should hold one runtime version, found {versions}")
    return versions[0]


def write_bench_site(site, out, stock=STOCK_RUNTIME, compress=True):
    """out = a fresh copy of the built site plus the bare page under _bench/bare/ and the stock
    runtime files it loads (compressed as the build compresses the site's: kb/precompress.py)."""
    site, out = Path(site), Path(out)
    if not (site / "troubleshooter" / "index.html").is_file():
        raise ValueError(f"{site} is not a built site: run `make build`")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(site, out)
    bare = out / BARE_DIR
    bare.mkdir(parents=True)
    version = pyodide_version(site)
    for name, text in bare_files(version, engine_stdlib_imports()).items():
        (bare / name).write_text(text, encoding="utf-8")
    for source, name in STOCK_FILES:
        if not (Path(stock) / source).is_file():
            raise ValueError(f"{stock}/{source} is missing: run `npm ci`")
        target = out / "pyodide" / version / name
        shutil.copyfile(Path(stock) / source, target)
        if compress:
            precompress_file(target)
    return out
