"""The `kb` command line (python -m kb …). Source errors print one line naming the file and
the unit, and exit 1; never a traceback."""

import argparse
import os
import sys

from .errors import SourceError


def _generate(args):
    from .generate import generate
    changed, statuses = generate(args.root, check=args.check, strict=not args.preview, cache=not args.no_cache)
    if args.check:
        if changed:
            listed = ", ".join(str(p) for p in changed[:5]) + (" …" if len(changed) > 5 else "")
            print(f"kb: generated files are out of date with content/ ({listed}): run `make generate` and commit", file=sys.stderr)
            return 1
        print("kb: generated files are up to date")
        return 0
    from .languages import TRANSLATED
    pending = {lang: sum(1 for s in statuses[lang.code].values() if s.state != "complete") for lang in TRANSLATED}
    print(f"kb: {len(changed)} file(s) written" + "".join(
        f"; {count} {lang.english_name} page(s) not fully translated" for lang, count in pending.items() if count))
    return 0


def _lint(args):
    """The checks of `kb generate`, writing nothing: the source's problems, then what the
    rendering of the pages and the engine's data refuses."""
    from .checks import check_source
    from .factlint import seeds_dir
    from .generate import render_outputs
    site, problems, cited = check_source(args.root)
    if not problems:
        try:
            render_outputs(site, args.root, strict=True)
        except SourceError as exc:
            problems = exc.errors
    for problem in problems:
        print(f"kb: {problem}", file=sys.stderr)
    if not cited:
        print(f"kb: citation check skipped: no seeds at {seeds_dir(args.root)} (set KB_SEEDS)", file=sys.stderr)
    if not problems:
        print(f"kb: lint passed ({len(site.articles)} articles, {len(site.facts.facts)} facts)")
    return 1 if problems else 0


def print_errors(exc):
    """Every error of a SourceError (one, or a SourceErrors), one line each."""
    for error in exc.errors:
        print(f"kb: {error}", file=sys.stderr)


# Subcommands with a command line of their own: `kb NAME ARGS…` runs kb.MODULE.main(ARGS).
DELEGATED = {"translations": "i18n.cli", "po": "i18n.po", "pyodide-bundle": "pyodide_bundle",
             "csp": "csp", "precompress": "precompress", "nginx": "nginx"}
# Those that take `--root DIR` themselves; the others read paths relative to the project root,
# so `kb --root DIR NAME …` runs them from DIR.
TAKES_ROOT = {"translations", "po", "pyodide-bundle"}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="kb", description="Generator of the bilingual help centre.")
    parser.add_argument("--root", default=".", help="project root (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("generate", help="content/ → each language's docs folder, troubleshooter/_data/")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if any generated file is out of date")
    p.add_argument("--preview", action="store_true", help="a missing French unit falls back to English instead of stopping")
    p.add_argument("--no-cache", action="store_true",
                   help="check and render everything again, without build/kb-cache/ (it is not read, nor written)")
    p.set_defaults(run=_generate)
    p = sub.add_parser("lint", help="every check of `kb generate`, writing nothing: texts, translations, facts, flow")
    p.set_defaults(run=_lint)
    for name, text in (("translations", "translation status per article (kb translations --help)"),
                       ("po", "export/import PO catalogs for translators (kb po --help)"),
                       ("pyodide-bundle", "the engine wheel, lock file and Pyodide runtime for the site"),
                       ("csp", "the nginx Content-Security-Policy snippet, inline scripts by hash"),
                       ("precompress", "write .br and .gz copies beside the site's files"),
                       ("nginx", "serve the built site through nginx (kb nginx --help)")):
        sub.add_parser(name, help=text, add_help=False)
    argv = sys.argv[1:] if argv is None else list(argv)
    # `kb --root DIR translations …`: the root goes to the subcommand's own command line.
    root = []
    if argv[:1] == ["--root"] and len(argv) > 1:
        root, argv = argv[:2], argv[2:]
    elif argv[:1] and argv[0].startswith("--root="):
        root, argv = argv[:1], argv[1:]
    try:
        if argv and argv[0] in DELEGATED:
            import importlib
            command = importlib.import_module(f"kb.{DELEGATED[argv[0]]}").main
            if argv[0] in TAKES_ROOT or not root:
                return command(root + argv[1:])
            folder = root[0].removeprefix("--root=") if len(root) == 1 else root[1]
            if not os.path.isdir(folder):
                print(f"kb: {folder}: no such folder", file=sys.stderr)
                return 1
            os.chdir(folder)
            return command(argv[1:])
        args = parser.parse_args(root + argv)
        return args.run(args)
    except SourceError as exc:
        print_errors(exc)
        return 1
    except OSError as exc:      # a file that cannot be written: where, and why
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"kb: {where}cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
