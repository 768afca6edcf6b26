"""Lighthouse scores of the published site (`make bench`; never a test): home, an article and
the troubleshooter, in English and French, mobile (Lighthouse's default: emulated phone,
simulated slow 4G and 4x CPU slowdown) and desktop, through nginx with the project's
configuration (kb/nginx.py), at the address the site was built for.

    python -m benchmarks.lighthouse [--runs 3] [--out benchmarks/results.json]

Lighthouse is the npm package pinned in benchmarks/package.json (`make bench` installs it
into benchmarks/node_modules), run in Debian's Chromium. Writes every score, and for each
category below 100 the audits that cost it, to the results file and prints a Markdown table
(the README's speed table). Each page is measured --runs times and the run with the median
performance score is kept (Lighthouse's own advice: single runs vary, the more so on a busy
machine)."""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb import nginx  # noqa: E402

LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
PAGES = {"home": "/", "article": "/logging-in/temporary-passcode-validity/", "troubleshooter": "/troubleshooter/"}
LANGS = {"en": "", "fr": "/fr"}
FORM_FACTORS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def built_origin(site):
    loc = re.search(r"<loc>(https?://[^/<]+)", (Path(site) / "sitemap.xml").read_text(encoding="utf-8"))
    return urlparse(loc.group(1))


def run_lighthouse(url, form_factor, out, attempts=3):
    """Lighthouse's report as a dict. Lighthouse sometimes loses the trace of a load
    (NO_NAVSTART, NO_FCP on a busy machine): such a run is tried again."""
    for attempt in range(attempts):
        try:
            return _run_lighthouse(url, form_factor, out)
        except RuntimeError as exc:
            if attempt == attempts - 1:
                raise
            print(f"  retrying: {exc}", file=sys.stderr, flush=True)


def _run_lighthouse(url, form_factor, out):
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    done = subprocess.run(cmd, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
    if done.returncode != 0 or not Path(out).is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip().splitlines()[-1:]}")
    report = json.loads(Path(out).read_text(encoding="utf-8"))
    Path(out).unlink()
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse failed on {url}: {report['runtimeError'].get('code')}")
    return report


def summarise(report):
    """Scores out of 100, the weighted audits below full marks per category, and what the
    issue asks to watch (bytes, console errors, failed requests)."""
    audits = report["audits"]
    scores, below = {}, {}
    for key in CATEGORIES:
        category = report["categories"][key]
        scores[key] = round(100 * (category["score"] or 0))
        costs = [f"{ref['id']} ({audits[ref['id']]['score']:.2f})" for ref in category["auditRefs"]
                 if ref["weight"] > 0 and audits[ref["id"]].get("score") is not None and audits[ref["id"]]["score"] < 1]
        if costs:
            below[key] = costs
    errors = audits.get("errors-in-console", {}).get("details", {}).get("items", [])
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    return {
        "scores": scores,
        "below": below,
        "total_byte_weight": audits["total-byte-weight"]["numericValue"],
        "console_errors": [item.get("description", "")[:200] for item in errors],
        "failed_requests": [item["url"] for item in requests if (item.get("statusCode") or 0) >= 400],
        "failing_audits": sorted(a["id"] for a in audits.values()
                                 if a.get("score") is not None and a["score"] < 0.9
                                 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")),
    }


def markdown(results):
    lines = ["| page | language | device | performance | accessibility | best practices | SEO | transferred | below 100 because |",
             "|---|---|---|---|---|---|---|---|---|"]
    for run in results["runs"]:
        s = run["scores"]
        why = "; ".join(f"{cat}: {', '.join(costs)}" for cat, costs in run["below"].items()) or "—"
        lines.append(f"| {run['page']} | {run['lang']} | {run['form_factor']} | {s['performance']} | "
                     f"{s['accessibility']} | {s['best-practices']} | {s['seo']} | "
                     f"{run['total_byte_weight'] / 1e6:.2f} MB | {why} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse")
    parser.add_argument("--site", default=str(ROOT / "site"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is kept (default 3)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("lighthouse: benchmarks/node_modules is missing: run `make bench`", file=sys.stderr)
        return 1
    origin = built_origin(args.site)
    try:
        server = nginx.Server(args.site, origin.port or 80)
    except nginx.NginxError as exc:
        print(f"lighthouse: {exc}", file=sys.stderr)
        return 1
    version = json.loads((ROOT / "benchmarks" / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    results = {"lighthouse": version, "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True,
                                                                  text=True).stdout.strip(),
               "server": "nginx (deploy/, kb/nginx.py)", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "runs": []}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for page, path in PAGES.items():
                for lang, prefix in LANGS.items():
                    for form_factor in FORM_FACTORS:
                        url = f"{server.url}{prefix}{path}"
                        runs = sorted((summarise(run_lighthouse(url, form_factor, Path(tmp) / "report.json"))
                                       for _ in range(max(1, args.runs))), key=lambda r: r["scores"]["performance"])
                        run = {"page": page, "lang": lang, "form_factor": form_factor, "url": prefix + path,
                               "runs": len(runs), "performance_scores": [r["scores"]["performance"] for r in runs],
                               **runs[len(runs) // 2]}
                        results["runs"].append(run)
                        print(f"{page:<15}{lang:<4}{form_factor:<9}{run['scores']}", flush=True)
    finally:
        server.stop()
    out = Path(args.out)
    # The other benchmarks' sections (start-up) stay in the same file.
    results = {**(json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}), **results}
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.out}\n")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
