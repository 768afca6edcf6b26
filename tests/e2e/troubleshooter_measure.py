"""Measure the troubleshooter page against an article page in Debian's Chromium:

- time to the first question visible (first contentful paint: the question is in the HTML)
  and time to the engine ready (the page's `ts-engine-ready` performance mark), cold cache;
- bytes loaded by the troubleshooter page (the engine's worker included) and by an article.

    .venv/bin/python -m tests.e2e.troubleshooter_measure [--runs 5] [--site site]

Serves the built site (make build) through nginx (kb/nginx.py) on a free local port; the
sizes are the bytes on the wire (Brotli-compressed). Each run uses a fresh browser profile on
disk, as a first visit in a normal browser does."""

import argparse
import re
import socket
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kb import nginx
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
TIMES = """() => ({
    paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
    ready: (performance.getEntriesByName('ts-engine-ready')[0] || {}).startTime })"""


def visit(p, url, incognito=False, wait_ready=False, browser=None):
    sizes = []
    if incognito:
        context = browser.new_context()
    else:
        context = p.chromium.launch_persistent_context(tempfile.mkdtemp(prefix="ts-measure-"), executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
    page = context.new_page()
    page.on("requestfinished", lambda request: sizes.append((request.url, request.sizes()["responseBodySize"])))
    page.goto(url)
    if wait_ready:
        page.wait_for_selector('#troubleshooter[data-engine="ready"]', state="attached", timeout=120000)
    page.wait_for_load_state("networkidle")
    times = page.evaluate(TIMES)
    context.close()
    return times, sizes


def server_log(server, offset):
    """(path, status, body bytes sent) of each request nginx logged after `offset`."""
    with open(server.access_log, encoding="utf-8") as fh:
        fh.seek(offset)
        return [(m.group(1), int(m.group(2)), int(m.group(3))) for m in
                (re.search(r'"\w+ (\S+) HTTP/[\d.]+" (\d{3}) (\d+)', line) for line in fh) if m]


def two_visits(p, server, url):
    """A first and a second visit in the same browser profile: what nginx sent each time."""
    context = p.chromium.launch_persistent_context(tempfile.mkdtemp(prefix="ts-measure-"), executable_path=CHROMIUM,
                                                   args=CHROMIUM_ARGS)
    logs = []
    for _ in range(2):
        offset = server.access_log.stat().st_size
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector('#troubleshooter[data-engine="ready"]', state="attached", timeout=120000)
        page.wait_for_load_state("networkidle")
        page.close()
        logs.append(server_log(server, offset))
    context.close()
    return logs


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.troubleshooter_measure")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", default=str(ROOT / "site"))
    args = parser.parse_args(argv)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = nginx.Server(args.site, port)
    origin = server.url
    with sync_playwright() as p:
        paints, readies = [], []
        for _ in range(args.runs):
            times, ts_sizes = visit(p, origin + "/troubleshooter/", wait_ready=True)
            paints.append(times["paint"])
            readies.append(times["ready"])
        _, article_sizes = visit(p, origin + "/logging-in/temporary-passcode-validity/")
        first, second = two_visits(p, server, origin + "/troubleshooter/")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _, incognito_sizes = visit(p, origin + "/troubleshooter/", incognito=True, wait_ready=True, browser=browser)
        browser.close()
    server.stop()

    def total(sizes):
        return sum(size for _, size in sizes)

    pyodide = sum(size for url, size in ts_sizes if "/pyodide/" in url)
    print(f"runs: {args.runs} (cold cache, fresh profile each)")
    print(f"first question visible (first contentful paint): median {statistics.median(paints):.0f} ms "
          f"(min {min(paints):.0f}, max {max(paints):.0f})")
    print(f"engine ready (Pyodide + engine wheel in the worker): median {statistics.median(readies):.0f} ms "
          f"(min {min(readies):.0f}, max {max(readies):.0f})")
    print(f"troubleshooter page: {total(ts_sizes) / 1e6:.2f} MB in {len(ts_sizes)} requests, "
          f"of which Pyodide and the engine {pyodide / 1e6:.2f} MB")
    print(f"article page: {total(article_sizes) / 1e6:.3f} MB in {len(article_sizes)} requests, "
          f"Pyodide: {sum(1 for url, _ in article_sizes if '/pyodide/' in url)} request(s)")
    print(f"troubleshooter page in an incognito context: {total(incognito_sizes) / 1e6:.2f} MB "
          f"(pyodide.asm.wasm fetched {sum(1 for url, _ in incognito_sizes if url.endswith('.wasm'))} times)")
    for name, log in (("first", first), ("second", second)):
        runtime = sum(size for path, _, size in log if "/pyodide/" in path)
        print(f"troubleshooter, {name} visit (same profile), as nginx sent it: {sum(size for _, _, size in log):,d} bytes "
              f"in {len(log)} responses ({sum(1 for _, status, _ in log if status == 304)} of them 304), "
              f"of which Pyodide and the engine {runtime:,d} bytes")
    for url, size in sorted(ts_sizes, key=lambda item: -item[1])[:8]:
        print(f"  {size:>10,d}  {url.replace(origin, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
