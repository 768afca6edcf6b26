"""The build at scale (`make bench`; never a test).

    python -m benchmarks build [--sizes 100,500,1000] [--runs 1] [--out benchmarks/results.json]

For each size N, a temporary copy of the project with N articles in each language
(benchmarks/corpus.py: the real articles repeated under new ids and slugs, their links and
related articles rewritten to the copies) is built the way `make build` builds it, `kb
generate` then `mkdocs build --strict`, each in its own process:

- full: from nothing (no docs/, no generator cache, no site/);
- no change: the same again, nothing edited;
- one-article edit: one paragraph of one article's English changed.

Each figure is the wall time (the targets' measure) and the CPU time of the process; the
machine is shared, so the load average at the start of each size is recorded too. With
`--runs R`, every step is repeated R times and the median kept (each full build from
nothing again). Prints a Markdown table and writes every sample to the "build" section of
the results file."""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import CorpusError, edit_article, make_corpus  # noqa: E402

SIZES = (100, 500, 1000)
STEPS = {"generate": ["-m", "kb", "generate"], "mkdocs": ["-m", "mkdocs", "build", "--strict", "--quiet"]}
# The targets, at N = 1000.
TARGETS = {"full build": 30.0, "generator share": 0.10, "one-article regeneration": 1.0}
EDIT_WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


class BuildError(Exception):
    """A step that failed, printed as one line."""


def machine():
    from benchmarks.startup import machine as startup_machine
    return startup_machine()


def timed(project, step):
    """(wall seconds, CPU seconds) of one step run in `project` (its own copy of kb/)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *STEPS[step]], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BuildError(f"{step} failed in {project}: {last}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(wall, 3), round(cpu, 3)


def build(project):
    """{"generate": (wall, cpu), "mkdocs": (wall, cpu)}: one build as `make build` runs it."""
    return {step: timed(project, step) for step in STEPS}


def from_nothing(project):
    for folder in ("docs", "docs_fr", "site", "build/kb-cache"):
        subprocess.run(["rm", "-rf", str(project / folder)], check=True)


def measure_size(size, runs, workdir):
    """Every sample of the three kinds of build at one size."""
    project = make_corpus(Path(workdir) / f"n{size}", size)
    samples = {"full": [], "no change": [], "one-article edit": []}
    for run in range(runs):
        from_nothing(project)
        samples["full"].append(build(project))
        samples["no change"].append(build(project))
        edit_article(project, EDIT_WORDS[run % len(EDIT_WORDS)])
        samples["one-article edit"].append(build(project))
    return samples


def median(samples, step, index=0):
    return statistics.median(s[step][index] for s in samples)


def summarise(size, samples):
    rows = []
    for kind, runs in samples.items():
        generate, mkdocs = median(runs, "generate"), median(runs, "mkdocs")
        rows.append({"articles": size, "build": kind, "generate": generate, "mkdocs": mkdocs,
                     "total": round(generate + mkdocs, 3), "generator_share": round(generate / (generate + mkdocs), 3),
                     "generate_cpu": median(runs, "generate", 1), "mkdocs_cpu": median(runs, "mkdocs", 1)})
    return rows


def verdicts(rows):
    """The issue's build targets at the largest size measured (they are stated for 1000)."""
    largest = max(r["articles"] for r in rows)
    by_kind = {r["build"]: r for r in rows if r["articles"] == largest}
    full, edit = by_kind["full"], by_kind["one-article edit"]
    return [
        {"figure": f"full build, N = {largest} × 2", "value": f"{full['total']:.1f} s", "target": "≤ 30 s",
         "met": full["total"] <= TARGETS["full build"]},
        {"figure": "generator share of the full build", "value": f"{100 * full['generator_share']:.0f} %",
         "target": "≤ 10 %", "met": full["generator_share"] <= TARGETS["generator share"]},
        {"figure": "one-article regeneration (kb generate)", "value": f"{edit['generate']:.2f} s", "target": "≤ 1 s",
         "met": edit["generate"] <= TARGETS["one-article regeneration"]},
    ]


def markdown(rows, targets):
    lines = ["| articles × 2 | build | kb generate | MkDocs | total | generator share | CPU: generate, MkDocs |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['articles']} | {r['build']} | {r['generate']:.2f} s | {r['mkdocs']:.1f} s | {r['total']:.1f} s | "
                     f"{100 * r['generator_share']:.0f} % | {r['generate_cpu']:.2f} s, {r['mkdocs_cpu']:.1f} s |")
    lines += ["", "| target (issue 11) | measured | target | met |", "|---|---|---|---|"]
    lines += [f"| {t['figure']} | {t['value']} | {t['target']} | {'yes' if t['met'] else '**no**'} |" for t in targets]
    return "\n".join(lines)


def write_results(out, section):
    """Put `section` under "build" in the results file, keeping the other benchmarks' keys."""
    out = Path(out)
    results = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
    results["build"] = section
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def sizes_arg(text):
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: sizes are whole numbers, comma-separated (100,500,1000)") from None
    if not sizes:
        raise argparse.ArgumentTypeError("no size given")
    return sizes


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks build")
    parser.add_argument("--sizes", type=sizes_arg, default=list(SIZES), help="articles per language (default 100,500,1000)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each build at each size (default 1)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args(argv)
    started = time.monotonic()
    rows, samples, load = [], {}, {}
    try:
        with tempfile.TemporaryDirectory(prefix="kb-build-bench-") as workdir:
            for size in args.sizes:
                load[size] = os.getloadavg()[0]
                samples[size] = measure_size(size, max(1, args.runs), workdir)
                rows += summarise(size, samples[size])
                print(f"build: {size} articles × 2 done ({round(time.monotonic() - started)} s so far)", flush=True)
    except (CorpusError, BuildError) as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    targets = verdicts(rows)
    section = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
               "python": sys.version.split()[0], "runs": max(1, args.runs), "load_average_at_start": load,
               "seconds": round(time.monotonic() - started), "rows": rows, "targets": targets,
               "samples": {str(size): s for size, s in samples.items()}}
    write_results(args.out, section)
    m = section["machine"]
    print(f"\nbuild at scale, {section['runs']} run(s) per size, {section['date']}, {m['nproc']} × {m['cpu']}; "
          f"took {section['seconds']} s; written to {Path(args.out).name}\n")
    print(markdown(rows, targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
