"""Side-by-side measurements, printed as a table with ratios.

1. Generator: a full generation into empty folders (without its cache) vs a regeneration
   where nothing changed (the cache, and the write-if-changed path `mkdocs serve` relies on).
2. Engine: the withdrawal calculator and the login-state machine with small and large
   inputs, to show how they scale (ratio large/small vs the ratio of input sizes).
3. Build at scale (benchmarks/build.py): `kb generate` and `mkdocs build` on a synthetic
   corpus of 100 and 1000 articles per language (500 too with `python -m benchmarks build`:
   `make bench` has 15 minutes in all): from nothing, with nothing changed, after a
   one-article edit. `--sizes ''` skips it.
4. Start-up (benchmarks/startup.py): the troubleshooter against bare Pyodide in Chromium
   through nginx, cold and warm, localhost and a throttled phone network; needs the built
   site. `--startup-runs 0` skips it.

`python -m benchmarks build [--sizes 100,1000] [--runs 1]` runs the build part alone.
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import build, startup  # noqa: E402
from kb.generate import generate  # noqa: E402
from troubleshooter.access import compute_access  # noqa: E402
from troubleshooter.limits import compute_limits  # noqa: E402


def best_of(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def generator_rows():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "content", root / "content")

        def cold():
            for folder in ("docs", "docs_fr"):
                shutil.rmtree(root / folder, ignore_errors=True)
            generate(root, cache=False)

        cold_best, _ = best_of(cold, 3)
        generate(root)             # fills the generator's cache (kb/gencache.py)
        warm_best, _ = best_of(lambda: generate(root), 5)
    return [("generate: full (empty output, no cache)", cold_best, None),
            ("generate: nothing changed, nothing written", warm_best, cold_best / warm_best)]


def withdrawals(n, on=date(2026, 11, 20)):
    return [f"{on - timedelta(days=i % 7)}={1 + i % 50}.25" for i in range(n)]


def failed_logins(n):
    """n failed attempts, one a minute from midnight (n <= 1440: all on 1 November)."""
    return [f"2026-11-01T{i // 60:02d}:{i % 60:02d}:00Z=login-failed" for i in range(n)]


def engine_rows(calls=200):
    rows = []
    small, large = withdrawals(10), withdrawals(1000)
    t_small, _ = best_of(lambda: [compute_limits("sms", "2026-11-20", small) for _ in range(calls)])
    t_large, _ = best_of(lambda: [compute_limits("sms", "2026-11-20", large) for _ in range(calls)])
    rows.append((f"limits: {calls} calls, 10 withdrawals", t_small, None))
    rows.append((f"limits: {calls} calls, 1000 withdrawals (x100 input)", t_large, t_large / t_small))
    events_small = failed_logins(10)
    events_large = failed_logins(1000)
    at = "2026-11-02T00:00:00Z"
    a_small, _ = best_of(lambda: [compute_access(at, events_small) for _ in range(calls)])
    a_large, _ = best_of(lambda: [compute_access(at, events_large) for _ in range(calls)])
    rows.append((f"access: {calls} calls, 10 events", a_small, None))
    rows.append((f"access: {calls} calls, 1000 events (x100 input)", a_large, a_large / a_small))
    return rows


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["build"]:
        return build.main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     epilog="python -m benchmarks build --help: the build at scale alone")
    parser.add_argument("--startup-runs", type=int, default=5,
                        help="start-up runs of each page on each network (default 5; 0 skips)")
    parser.add_argument("--startup-port", type=int, default=0, help="nginx port for the start-up copy (default: a free one)")
    parser.add_argument("--sizes", default="100,1000",
                        help="articles per language of the build benchmark (default 100,1000; '' skips it)")
    args = parser.parse_args(argv)
    rows = generator_rows() + engine_rows()
    width = max(len(name) for name, _, _ in rows)
    print(f"{'measurement':<{width}}  {'best (s)':>9}  ratio")
    for name, seconds, ratio in rows:
        print(f"{name:<{width}}  {seconds:>9.4f}  {'' if ratio is None else f'{ratio:.1f}x'}")
    if args.sizes.strip():
        print(flush=True)
        if build.main(["--sizes", args.sizes]) != 0:
            return 1
    if args.startup_runs > 0:
        print(flush=True)
        return startup.main(["--runs", str(args.startup_runs), "--port", str(args.startup_port)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
