"""Start-up of the troubleshooter against bare Pyodide, side by side in one run (`make bench`;
never a test).

    python -m benchmarks.startup [--runs 5] [--site site] [--port 0] [--out benchmarks/results.json]

Serves a copy of the built site plus the bare page (benchmarks/bare_page.py, build/bench-site/)
through nginx with the project's configuration (kb/nginx.py), and drives Debian's Chromium.
Each run measures ours and bare alternately (which goes first alternates too), on localhost and
on a phone network throttled through the DevTools protocol (10 Mbps, 40 ms): a new browser
context (empty cache) for the cold visit, then a second visit in that context (warm).

- first question painted: ours only, the first contentful paint (the question is in the HTML);
- engine ready: ours the page's `ts-engine-ready` mark, bare its `bare-engine-ready` mark, both
  from the start of the navigation; ours' mark says how the engine started (`boot`: "fresh", or
  "snapshot" when restored from the memory snapshot an earlier visit kept). After a fresh start
  the cold visit stays open until the worker has kept its snapshot (or said it could not), as a
  reader's page would: the warm visit is the second visit of a reader who stayed a moment;
- bytes: what nginx sent (its access log: compressed bodies, a 304 sends none), all of it and
  the runtime's (/pyodide/).

Prints a Markdown table (median, min–max, ratio ours/bare, the issue's target) and writes it
with every sample to the "startup" section of the results file."""

import argparse
import json
import os
import re
import socket
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright  # noqa: E402

from benchmarks import bare_page  # noqa: E402
from kb import nginx  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the browser the tests use)

BENCH_SITE = ROOT / "build" / "bench-site"
PAGES = {
    "ours": ("/troubleshooter/", "#troubleshooter", "ts-engine-ready"),
    "bare": (f"/{bare_page.BARE_DIR}/", "#bare", bare_page.READY_MARK),
}
# DevTools throughput is in bytes per second.
PHONE = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}
NETWORKS = {"localhost": None, "phone": PHONE}
READY_TIMEOUT_MS = 180_000


class BenchError(Exception):
    """A run that cannot be measured, printed as one line."""


TIMES = """(mark) => ({
    paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
    ready: (performance.getEntriesByName(mark)[0] || {}).startTime ?? null,
    boot: ((performance.getEntriesByName(mark)[0] || {}).detail || {}).boot ?? null })"""
# Ours, after a fresh start: the worker says whether it kept the snapshot (engine-client.js).
SNAPSHOT_SETTLED = """() => ['ts-engine-snapshot-kept', 'ts-engine-snapshot-not-kept']
    .some((name) => performance.getEntriesByName(name).length > 0)"""
SNAPSHOT_TIMEOUT_MS = 60_000


def machine():
    cpu = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    return {"nproc": os.cpu_count(), "cpu": cpu.group(1).strip() if cpu else "unknown"}


def sent_since(server, offset):
    """(all body bytes, runtime body bytes) nginx logged after `offset` of its access log."""
    total = runtime = 0
    with open(server.access_log, encoding="utf-8") as fh:
        fh.seek(offset)
        for line in fh:
            m = re.search(r'"\w+ (\S+) HTTP/[\d.]+" \d{3} (\d+)', line)
            if m:
                total += int(m.group(2))
                runtime += int(m.group(2)) if m.group(1).startswith("/pyodide/") else 0
    return total, runtime


def visit(context, server, kind, network):
    """One visit in `context`: times (ms from navigation start) and bytes sent."""
    path, root, mark = PAGES[kind]
    page = context.new_page()
    if network:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
    offset = server.access_log.stat().st_size
    page.goto(server.url + path)
    try:
        page.wait_for_selector(f'{root}[data-engine="ready"], {root}[data-engine="failed"]', state="attached",
                               timeout=READY_TIMEOUT_MS)
        state = page.get_attribute(root, "data-engine")
    except PlaywrightTimeout:
        state = "loading"
    if state != "ready":
        why = "failed to start" if state == "failed" else f"not ready within {READY_TIMEOUT_MS // 1000} s"
        raise BenchError(f"{kind} ({path}) {why} on {'the phone network' if network else 'localhost'}")
    page.wait_for_load_state("networkidle")
    times = page.evaluate(TIMES, mark)
    if kind == "ours" and times["boot"] != "snapshot":
        try:
            page.wait_for_function(SNAPSHOT_SETTLED, timeout=SNAPSHOT_TIMEOUT_MS)
        except PlaywrightTimeout:
            raise BenchError(f"ours kept no snapshot within {SNAPSHOT_TIMEOUT_MS // 1000} s") from None
    page.close()
    time.sleep(0.2)  # let nginx write the last log lines
    total, runtime = sent_since(server, offset)
    return {"paint_ms": times["paint"], "ready_ms": times["ready"], "boot": times["boot"], "bytes": total,
            "runtime_bytes": runtime}


def measure(browser, server, runs, log=print):
    """samples[kind][network][cold|warm] = list of visit results."""
    samples = {kind: {net: {"cold": [], "warm": []} for net in NETWORKS} for kind in PAGES}
    for run in range(runs):
        order = list(PAGES) if run % 2 == 0 else list(reversed(PAGES))
        for net, conditions in NETWORKS.items():
            for kind in order:
                context = browser.new_context()
                for visit_name in ("cold", "warm"):
                    result = visit(context, server, kind, conditions)
                    samples[kind][net][visit_name].append(result)
                    boot = f" ({result['boot']})" if result["boot"] else ""
                    log(f"run {run + 1}/{runs} {net:<9} {kind} {visit_name}: ready {result['ready_ms']:.0f} ms{boot}, "
                        f"{result['bytes']:,d} bytes (runtime {result['runtime_bytes']:,d})", flush=True)
                context.close()
    return samples


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# (figure, metric, network, visit, target ratio or None, unit)
ROWS = [
    ("engine ready, cold", "ready_ms", "localhost", "cold", 0.5),
    ("engine ready, cold", "ready_ms", "phone", "cold", 0.8),
    ("engine ready, warm", "ready_ms", "localhost", "warm", 0.25),
    ("engine ready, warm", "ready_ms", "phone", "warm", 0.25),
    ("bytes, cold", "bytes", "localhost", "cold", None),
    ("bytes, warm", "bytes", "localhost", "warm", None),
    ("runtime bytes, warm", "runtime_bytes", "localhost", "warm", None),
]
FIRST_PAINT_TARGET_MS = 200


def summarise(samples):
    rows = []
    for net in NETWORKS:
        paints = [v["paint_ms"] for v in samples["ours"][net]["cold"]]
        rows.append({"figure": "first question painted", "network": net, "visit": "cold", "metric": "paint_ms",
                     "ours": spread(paints), "bare": None, "ratio": None,
                     "target": f"<= {FIRST_PAINT_TARGET_MS} ms",
                     "met": statistics.median(paints) <= FIRST_PAINT_TARGET_MS})
    for figure, metric, net, visit_name, target in ROWS:
        ours = spread([v[metric] for v in samples["ours"][net][visit_name]])
        bare = spread([v[metric] for v in samples["bare"][net][visit_name]])
        ratio = ours["median"] / bare["median"] if bare["median"] else None
        row = {"figure": figure, "network": net, "visit": visit_name, "metric": metric,
               "ours": ours, "bare": bare, "ratio": ratio, "target": None, "met": None}
        if target is not None:
            warm_runtime = [v["runtime_bytes"] for v in samples["ours"][net][visit_name]] if visit_name == "warm" else []
            row["target"] = f"<= {target}× bare" + (", 0 runtime bytes" if visit_name == "warm" else "")
            row["met"] = ratio is not None and ratio <= target and not any(warm_runtime)
        rows.append(row)
    return rows


def _fmt(metric, s):
    if s is None:
        return "—"
    if metric.endswith("_ms"):
        return f"{s['median'] / 1000:.2f} s ({s['min'] / 1000:.2f}–{s['max'] / 1000:.2f})"
    if s["max"] < 100_000:
        return f"{s['median'] / 1e3:.1f} kB ({s['min'] / 1e3:.1f}–{s['max'] / 1e3:.1f})"
    return f"{s['median'] / 1e6:.2f} MB ({s['min'] / 1e6:.2f}–{s['max'] / 1e6:.2f})"


def markdown(rows):
    lines = ["| figure | network | ours: median (min–max) | bare Pyodide: median (min–max) | ours / bare | target | met |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        met = "—" if r["met"] is None else ("yes" if r["met"] else "**no**")
        target = r["target"] or "reported"
        lines.append(f"| {r['figure']} | {r['network']} | {_fmt(r['metric'], r['ours'])} | "
                     f"{_fmt(r['metric'], r['bare'])} | {ratio} | {target.replace('<=', '≤')} | {met} |")
    return "\n".join(lines)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_results(out, section):
    """Put `section` under "startup" in the results file, keeping the other benchmarks' keys."""
    out = Path(out)
    results = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    results["startup"] = section
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("--runs", type=int, default=5, help="runs of each page on each network (default 5)")
    parser.add_argument("--site", default=str(ROOT / "site"))
    parser.add_argument("--port", type=int, default=0, help="nginx port for the bench copy (default: a free one)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)

    started = time.monotonic()
    try:
        site = bare_page.write_bench_site(args.site, BENCH_SITE)
        server = nginx.Server(site, args.port or free_port())
    except (ValueError, nginx.NginxError) as exc:
        print(f"startup: {exc}", file=sys.stderr)
        return 1
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            version = browser.version
            samples = measure(browser, server, max(1, args.runs))
            browser.close()
    except BenchError as exc:
        print(f"startup: {exc}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    rows = summarise(samples)
    section = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
               "chromium": version, "server": "nginx (deploy/, kb/nginx.py), build/bench-site/",
               "runs": max(1, args.runs), "phone_network": PHONE, "bare_imports": bare_page.engine_stdlib_imports(),
               "seconds": round(time.monotonic() - started), "rows": rows, "samples": samples}
    write_results(args.out, section)
    m = section["machine"]
    print(f"\nstart-up, {section['runs']} run(s) of each page on each network, {section['date']}, {m['nproc']} × {m['cpu']}, "
          f"Chromium {version}; took {section['seconds']} s; written to {Path(args.out).name}\n")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
