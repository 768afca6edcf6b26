"""The command line of `kb translations`: the status report (table or --json, --strict for
CI) and --accept."""

import argparse
import json
import sys
from pathlib import Path

from ..errors import SourceError
from ..source import load_site
from ..languages import TRANSLATED
from .accept import accept
from .report import _rel, format_report, report
from .state import LANG


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="kb translations",
        description="Translation status per article (units translated / stale / missing), "
                    "and fingerprints of translated units that are up to date.")
    parser.add_argument("--root", default=".", help="project root (default: current folder)")
    parser.add_argument("--lang", default=LANG, choices=[language.code for language in TRANSLATED],
                        help=f"the translated language (default: {LANG})")
    parser.add_argument("--json", action="store_true", help="the report as JSON")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when any unit is stale, missing or unverified (or a check fails)")
    parser.add_argument("--accept", nargs="*", metavar="UNIT", default=None,
                        help="record that the translation of these units (keys like KB70/intro, article ids like KB70, "
                             "or ui, categories, terms, flow) matches their current English; "
                             "with no UNIT: every unverified unit (never a stale one)")
    args = parser.parse_args(argv)
    try:
        if args.accept is not None:
            stamped, problems, written = accept(args.root, args.accept, args.lang)
            for problem in problems:
                print(f"kb: {problem}", file=sys.stderr)
            print(f"kb: {len(stamped)} unit(s) stamped"
                  + (f" in {len(written)} file(s): " + ", ".join(_rel(p, args.root) for p in written) if written else ""))
            return 1 if problems else 0
        site = load_site(Path(args.root) / "content")
        data = report(site, args.root, args.lang)
    except SourceError as exc:
        for error in exc.errors:
            print(f"kb: {error}", file=sys.stderr)
        return 1
    print(json.dumps(data, ensure_ascii=False, indent=1) if args.json else format_report(data))
    t = data["totals"]
    if data["problems"]:
        return 1
    if args.strict and (t["stale"] or t["missing"] or t["unverified"]):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
