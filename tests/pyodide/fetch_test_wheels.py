"""Download the wheels that pytest and hypothesis need inside Pyodide.

    .venv/bin/python tests/pyodide/fetch_test_wheels.py [--dest build/pyodide-test-wheels]

The npm pyodide package ships no packages, so run-engine-tests.mjs installs these wheels itself
(unzipping them into Pyodide's site-packages). Versions are exactly those requirements.lock pins.
Each is a pure-Python wheel, or one built for Pyodide's ABI when the project publishes no pure
one (hypothesis, whose core is compiled: PyPI has a cp314-pyemscripten_2026_0_wasm32 wheel).
The dependency closure is computed from each wheel's metadata for Pyodide's environment
(Emscripten, Python and ABI from node_modules/pyodide/pyodide-lock.json), so a new pytest or
hypothesis that needs another package fails here, by name, rather than at import in Pyodide.

Idempotent: a wheel already in --dest is not downloaded again (no network at all when every
wheel is there); other wheels are removed; wheels.txt lists the set for the runner.
"""

import argparse
import re
import subprocess
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROOTS = ("pytest", "hypothesis")
MANIFEST = "wheels.txt"


def fail(msg):
    print(f"fetch-test-wheels: error: {msg}", file=sys.stderr)
    sys.exit(1)


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(lock):
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[norm(name.split("[", 1)[0])] = version.strip()
    return pins


def pyodide_info():
    """Pyodide's Python and platform, from the runtime's own lock file
    (python 3.14.2, abi_version 2026_0, platform emscripten_5_0_3, arch wasm32 for pyodide 314)."""
    import json

    try:
        info = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text())["info"]
        python, arch = info["python"], info.get("arch", "wasm32")
        platforms = [f"{info['platform']}_{arch}"]
        if info.get("abi_version"):
            platforms[:0] = [f"pyemscripten_{info['abi_version']}_{arch}", f"pyodide_{info['abi_version']}_{arch}"]
        return python, platforms
    except (OSError, ValueError, KeyError):
        fail("node_modules/pyodide/pyodide-lock.json not found or unreadable: run `npm ci`")


def marker_env(python):
    major_minor = ".".join(python.split(".")[:2])
    return {
        "implementation_name": "cpython", "implementation_version": python,
        "os_name": "posix", "platform_machine": "wasm32", "platform_release": "",
        "platform_system": "Emscripten", "platform_version": "#1",
        "python_full_version": python, "platform_python_implementation": "CPython",
        "python_version": major_minor, "sys_platform": "emscripten", "extra": "",
    }


def wheel_for(dest, name, version, platforms):
    """The already-downloaded wheel of name==version for Pyodide in dest, if any."""
    for whl in dest.glob("*.whl"):
        parts = whl.name[:-4].split("-")
        plats = set(parts[-1].split("."))
        if norm(parts[0]) == name and parts[1] == version and plats & {"any", *platforms}:
            return whl
    return None


def download(dest, name, version, python, platforms):
    cp = "cp" + "".join(python.split(".")[:2])
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
           "--no-deps", "--only-binary=:all:", "--implementation", "cp",
           "--python-version", cp[2:], "--abi", cp, "--abi", "abi3", "--abi", "none",
           "--platform", "any", *(a for p in platforms for a in ("--platform", p)),
           "--dest", str(dest), f"{name}=={version}"]
    print(f"fetch-test-wheels: downloading {name}=={version}", flush=True)
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
        fail(f"pip download {name}=={version} failed: {lines[-1] if lines else proc.returncode}")
    whl = wheel_for(dest, name, version, platforms)
    if whl is None:
        fail(f"pip download {name}=={version} gave no wheel for Pyodide")
    return whl


def requires(whl):
    with zipfile.ZipFile(whl) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        msg = HeaderParser().parsestr(zf.read(meta).decode("utf-8"))
    return msg.get_all("Requires-Dist") or []


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", default=str(ROOT / "build/pyodide-test-wheels"))
    parser.add_argument("--lock", default=str(ROOT / "requirements.lock"))
    args = parser.parse_args(argv)
    try:
        from packaging.requirements import Requirement
    except ImportError:
        fail("the `packaging` module is missing: run this with .venv/bin/python (make setup)")

    dest = Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    pins = read_pins(Path(args.lock))
    python, platforms = pyodide_info()
    env = marker_env(python)

    wanted, queue, needed_by = {}, list(ROOTS), {r: "the Pyodide test run" for r in ROOTS}
    while queue:
        name = norm(queue.pop(0))
        if name in wanted:
            continue
        if name not in pins:
            fail(f"{name} (needed by {needed_by[name]}) is not pinned in {args.lock}: add it there")
        whl = (wheel_for(dest, name, pins[name], platforms)
               or download(dest, name, pins[name], python, platforms))
        wanted[name] = whl
        for spec in requires(whl):
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate(env):
                dep = norm(req.name)
                needed_by.setdefault(dep, name)
                queue.append(dep)

    keep = {w.name for w in wanted.values()}
    for whl in dest.glob("*.whl"):
        if whl.name not in keep:
            whl.unlink()
    manifest = "".join(f"{n}\n" for n in sorted(keep))
    path = dest / MANIFEST
    if not path.is_file() or path.read_text() != manifest:
        path.write_text(manifest)
    print(f"fetch-test-wheels: {len(keep)} wheels in {dest} ({', '.join(sorted(wanted))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
