"""The standard library the site ships to the browser: Pyodide's python_stdlib.zip trimmed to
the files the troubleshooter's engine imports, compiled to bytecode (about 0.9 MB compressed
instead of 2.5 MB, and no compiling at start-up).

kb/pyodide_stdlib_record.mjs boots the runtime in Node.js as the page's worker does (worker.js's
own INSTALL and GLUE code), runs every engine case of tests/pyodide/cases.json, and writes the
modules imported from the zip, each compiled by that same runtime (.pyc only: in Pyodide,
compiling the standard library's sources was most of the start-up). The zip's entries are
stored (not deflated): the server's Brotli compresses it far better than zip's per-file
deflate, and importing needs no inflating. Its name carries a hash of its bytes
(python_stdlib-<hash>.zip), so browsers keep it for good and a new one never meets a stale copy.
(Bytecode is not byte-for-byte reproducible across compilations, so the zip is rebuilt only when
an input changes: a new name then, never a wrong file.)

Proof that this is enough: tests/pyodide/run-engine-tests.mjs runs the engine's tests on this
zip (see there); the record is redone whenever one of its inputs changes (`inputs_digest`).
"""

import hashlib
import json
import os
import re
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDER = ROOT / "kb" / "pyodide_stdlib_record.mjs"
WORKER_JS = ROOT / "overrides" / "assets" / "troubleshooter" / "worker.js"
CASES = ROOT / "tests" / "pyodide" / "cases.json"
PARITY = ROOT / "tests" / "pyodide" / "parity.py"
FULL_STDLIB = "python_stdlib.zip"


class StdlibError(Exception):
    """A failure the user can act on, printed as one line."""


def _digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        data = part.read_bytes() if isinstance(part, Path) else str(part).encode()
        h.update(f"{len(data)}\0".encode() + data)
    return h.hexdigest()


def worker_python():
    """The Python code the page's worker runs (its INSTALL and GLUE blocks), which the recorder runs too."""
    return "\0".join(re.findall(r"^const (?:INSTALL|GLUE) = `([^`]*)`", WORKER_JS.read_text(encoding="utf-8"), re.M))


def inputs_digest(runtime, wheel):
    """Everything the zip depends on."""
    return _digest(runtime / FULL_STDLIB, runtime / "pyodide.asm.wasm", wheel, RECORDER, worker_python(), CASES, PARITY)


def record(runtime, wheel, out_zip):
    """Write the compiled zip to `out_zip`; return the source files it holds (recorded under
    Pyodide in Node.js)."""
    cmd = ["node", str(RECORDER), str(runtime), str(wheel), str(WORKER_JS), str(CASES), str(PARITY), str(out_zip)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    except FileNotFoundError:
        raise StdlibError("node is not installed: it records which standard modules the engine imports") from None
    except subprocess.TimeoutExpired:
        raise StdlibError(f"{RECORDER.name} did not finish within 300 s") from None
    try:
        names = json.loads(proc.stdout)
    except ValueError:
        names = None
    if proc.returncode != 0 or not isinstance(names, list) or not names:
        lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
        raise StdlibError(f"recording the engine's standard modules failed: {lines[-1] if lines else proc.returncode}")
    return names


def _check(data, names):
    """Every recorded module is in the zip, as bytecode only."""
    with zipfile.ZipFile(BytesIO(data)) as zf:
        members = set(zf.namelist())
    if members != {f"{name}c" for name in names}:
        raise StdlibError(f"the compiled standard library does not hold exactly the {len(names)} recorded modules")


def file_name(data):
    return f"python_stdlib-{hashlib.sha256(data).hexdigest()[:12]}.zip"


def build(runtime, wheel, out, previous=None):
    """Write the trimmed zip into `out` unless `previous` (the stdlib entry of the last lock
    file) shows it is current; return (its lock entry, changed)."""
    runtime, out = Path(runtime), Path(out)
    digest = inputs_digest(runtime, wheel)
    if previous and previous.get("inputs") == digest and (out / previous.get("file_name", "")).is_file():
        return previous, False
    tmp = out / ".python_stdlib.tmp.zip"
    names = record(runtime, wheel, tmp)
    data = tmp.read_bytes()
    _check(data, names)
    name = file_name(data)
    os.replace(tmp, out / name)
    for stale in out.glob("python_stdlib*.zip"):   # (and the full one older bundles copied)
        if stale.name != name:
            stale.unlink()
    entry = {"file_name": name, "sha256": hashlib.sha256(data).hexdigest(), "inputs": digest,
             "modules": len(names), "from": f"{FULL_STDLIB} of the pyodide npm package, compiled"}
    return entry, True
