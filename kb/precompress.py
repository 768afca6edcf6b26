"""`python -m kb precompress site`: write a Brotli (.br) and a gzip (.gz) copy beside every
file nginx should send compressed (deploy/http.conf: brotli_static, gzip_static), so the
server never compresses on the fly and serves the smallest encoding each browser accepts.

Which files: text (HTML, CSS, JavaScript, JSON, XML, SVG, text) and the Pyodide runtime's
WebAssembly binary and standard library zip. A copy is written only when it is smaller than
the file itself.

Brotli at quality 11 takes a while on the 9.6 MB WebAssembly binary, so every compressed copy
is kept in a cache keyed by the file's sha256 (build/precompress-cache/): a rebuild compresses
only what changed, the rest is copied from the cache. Compression runs in parallel. Brotli is
Debian's `brotli` command (the Makefile installs it); gzip is Python's, at level 9.
"""

import argparse
import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "precompress-cache"
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".map", ".wasm", ".zip"}
BROTLI = shutil.which("brotli") or "/usr/bin/brotli"


class PrecompressError(Exception):
    """A failure the user can act on, printed as one line."""


def wanted(path):
    return path.is_file() and path.suffix in SUFFIXES


def _brotli(data):
    done = subprocess.run([BROTLI, "-q", "11", "-c"], input=data, capture_output=True)
    if done.returncode != 0:
        raise PrecompressError(f"brotli failed: {done.stderr.decode(errors='replace').strip()[:200]}")
    return done.stdout


def _gzip(data):
    # mtime=0: the bytes depend on the content only, so they can be cached and compared.
    return gzip.compress(data, compresslevel=9, mtime=0)


ENCODERS = {".br": _brotli, ".gz": _gzip}


def _compressed(data, suffix, cache):
    """The compressed bytes of `data` (from the cache, or made and cached)."""
    key = cache / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if key.is_file():
        return key.read_bytes()
    out = ENCODERS[suffix](data)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = key.with_name(f".{key.name}.{os.getpid()}.tmp")
    tmp.write_bytes(out)
    os.replace(tmp, key)
    return out


def precompress_file(path, cache=CACHE):
    """Write path.br and path.gz when smaller than path (and remove a stale one). Returns the
    suffixes written."""
    data = path.read_bytes()
    written = []
    for suffix in ENCODERS:
        target = path.with_name(path.name + suffix)
        out = _compressed(data, suffix, cache)
        if len(out) < len(data):
            if not (target.is_file() and target.stat().st_size == len(out) and target.read_bytes() == out):
                target.write_bytes(out)
            written.append(suffix)
        elif target.exists():
            target.unlink()
    return written


def precompress(site, cache=CACHE, jobs=None):
    site = Path(site)
    if not site.is_dir():
        raise PrecompressError(f"{site} does not exist: run `make build` first")
    if not Path(BROTLI).exists():
        raise PrecompressError(f"{BROTLI} is missing: `make build` installs Debian's brotli")
    files = sorted((p for p in site.rglob("*") if wanted(p)), key=lambda p: -p.stat().st_size)
    # Largest first, so the WebAssembly binary does not start last and hold up the rest.
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda p: precompress_file(p, cache), files))
    return len(files), sum(len(r) for r in results)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m kb precompress",
                                     description="Write .br and .gz copies beside the site's compressible files.")
    parser.add_argument("site", nargs="?", default="site")
    args = parser.parse_args(argv)
    try:
        files, written = precompress(args.site)
    except PrecompressError as exc:
        print(f"precompress: error: {exc}", file=sys.stderr)
        return 1
    print(f"precompress: {args.site}: {written} compressed copies of {files} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
