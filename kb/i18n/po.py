"""`kb po`: a translation (any translated language of kb/languages.py; French below) as a
gettext PO catalog, for translators' tools (Poedit, Weblate, Lokalize…), and back into the
structured source. Babel's catalog API reads and
writes the files.

    kb po export fr [--out FILE] [--pending]
    kb po import fr FILE [--dry-run]

One message per unit (Site.units() walks them): msgctxt is the unit's stable key
(`KB70/intro`, `ui/note`, `flow/start/question`), msgid its English, msgstr its French
("" when missing). A stale unit (its English changed since the French was written) is
`fuzzy`, with the English its French was translated from as `#| msgid` (previous_id,
from the translation memory) so tools show what changed. A table row is a list of cells
(a cell may hold a line break): one message per cell, msgctxt `KB70/full-access#2` for
cell 2; a row is imported only when all its cells are translated and none is fuzzy.

Import merges a catalog back into content/ (ruamel round trip: layout, quoting and
comments kept) and stamps `fr_from` = fingerprint of the msgid on the units whose French
it changes (or whose fuzzy flag the translator removed). Fuzzy and empty entries are not
imported. All or nothing: an unknown msgctxt, a broken reference ({{ … }} dropped or
added) or a table row with a missing cell stops the import with every problem named, and
nothing is written. Exporting then importing an untouched catalog changes nothing."""

import argparse
import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, normalize, read_po, write_po

from ..errors import SourceError, SourceErrors
from ..fingerprint import fingerprint
from ..source import load_site
from .memory import Memory
from .report import _rel
from ..units import SOURCE_LANG
from ..languages import TRANSLATED, get
from .state import LANG, collect, translation_problems, unit_state
from .yamledit import SourceEditor, commit

CELL = "#"          # msgctxt of a table cell: `KB70/full-access#2` (cells numbered from 1)
DEFAULT_OUT = Path("build") / "translations" / "<language>.po"
WIDTH = 76
PROJECT = "Secure Login System help centre"
HEADER = """\
# {name} translation of the Secure Login System help centre.
# Written by `kb po export {lang}` from content/;
# merged back with `kb po import {lang} FILE`.
# msgctxt names the unit (article id/unit id). Keep every {{ … }}
# expression and every {placeholder} exactly; only the quoted label
# of link() and tool() is translated. A table row has one message per
# cell: msgctxt KB70/row-id#2 is its cell 2. Fuzzy entries are not
# imported: check them, then remove the fuzzy flag."""


class ImportProblems(SourceErrors):
    """Every problem of one catalog (kb.errors.SourceErrors); nothing was written."""

    def __init__(self, file, problems):
        self.catalog = str(file)
        super().__init__(problems)


def _check_language(lang):
    codes = [language.code for language in TRANSLATED]
    if lang not in codes:
        raise SourceError("content", f"'{lang}' is not a translated language of the site ({', '.join(codes)})")


def _catalog_locale(lang):
    """The catalog's locale: the language's code, or its Babel locale where Babel knows no such
    code (a pseudo-locale)."""
    from babel import Locale, UnknownLocaleError
    try:
        return str(Locale.parse(lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return get(lang).babel


def _messages(entry, memory):
    """(msgctxt, msgid, msgstr, fuzzy, previous msgid, comments) of one unit: one message,
    or one per cell for a table row (msgctxt `<key>#<cell number>`)."""
    unit, state = entry.unit, unit_state(entry.unit, memory.lang)
    english, french = unit.texts[SOURCE_LANG], unit.texts.get(memory.lang)
    stale = state == "stale"
    previous = memory.old_english(unit) if stale else None
    unknown = ["The English changed since this translation (previous English unknown)."] if stale and previous is None else []
    if not isinstance(english, list):
        comments = ["Keep every {{ … }} unchanged; only a quoted link/tool label is translated."] if "{{" in english else []
        return [(unit.key, english, french or "", stale, previous, comments + unknown)]
    out = []
    for number, cell in enumerate(english, start=1):
        if not cell:
            raise SourceError(entry.file, f"cell {number} of the English is empty: it cannot be exported", unit.key)
        comments = [f"Table row {unit.key}: cell {number} of {len(english)}."]
        if "{{" in cell:
            comments.append("Keep every {{ … }} unchanged.")
        old = previous[number - 1] if isinstance(previous, list) and number <= len(previous) else None
        out.append((f"{unit.key}{CELL}{number}", cell, french[number - 1] if french else "", stale, old, comments + unknown))
    return out


def build_catalog(root=".", pending=False, lang=LANG):
    """The Babel Catalog of every unit (or only the stale and missing ones) for `lang`."""
    content = Path(root) / "content"
    site = load_site(content)
    memory = Memory(content, lang)
    now = datetime.now(timezone.utc)
    name = get(lang).english_name
    catalog = Catalog(locale=_catalog_locale(lang), project=PROJECT, version=now.strftime("%Y-%m-%d"),
                      header_comment=HEADER.replace("{name}", name).replace("{lang}", lang), fuzzy=False,
                      creation_date=now, revision_date=now, language_team=name, charset="utf-8")
    for entry in collect(site):
        if pending and unit_state(entry.unit, lang) not in ("stale", "missing"):
            continue
        for context, msgid, msgstr, fuzzy, previous, comments in _messages(entry, memory):
            catalog.add(msgid, msgstr, locations=[(_rel(entry.file, root), None)],
                        flags={"fuzzy"} if fuzzy else (), auto_comments=comments,
                        previous_id=previous, context=context)
    return catalog


def export(root=".", out=None, pending=False, lang=LANG):
    """Write the catalog; returns (path, catalog)."""
    catalog = build_catalog(root, pending, lang)
    out = Path(out) if out else Path(root) / DEFAULT_OUT.with_name(f"{lang}.po")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(catalog_bytes(catalog))
    return out, catalog


def catalog_bytes(catalog, width=WIDTH):
    """write_po's output, with each previous msgid (`#| msgid`, from message.previous_id)
    written as gettext writes it: Babel (2.18) re-wraps a long or multi-line previous msgid
    as comment text, which breaks its quoted strings across lines, so write_po is asked not
    to write them and they are inserted before their msgctxt here."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=width, include_previous=False, sort_output=False, ignore_obsolete=True)
    text = buffer.getvalue().decode("utf-8")
    for message in catalog:
        previous = message.previous_id[0] if isinstance(message.previous_id, (list, tuple)) and message.previous_id else message.previous_id
        if not message.id or not message.context or not previous:
            continue
        anchor = f"\nmsgctxt {normalize(message.context, width=width)}\n"
        block = "#| msgid " + normalize(previous, width=width - 3).replace("\n", "\n#| ") + "\n"
        assert text.count(anchor) == 1, message.context
        text = text.replace(anchor, "\n" + block + anchor[1:])
    return text.encode("utf-8")


def read_catalog(file, lang=LANG):
    file = Path(file)
    try:
        with open(file, "rb") as f:
            catalog = read_po(f, abort_invalid=True)
    except OSError as exc:
        raise SourceError(file, f"cannot read: {exc.strerror}") from None
    except (PoFileError, ValueError) as exc:
        raise SourceError(file, f"malformed PO file: {exc}") from None
    language = str(catalog.locale).split("_")[0] if catalog.locale else None
    if language not in (None, lang) and str(catalog.locale) != _catalog_locale(lang):
        raise SourceError(file, f"this catalog is for '{catalog.locale}', not '{lang}'")
    return catalog


def _group(messages, entries):
    """{unit key: message, or {cell number: message} for table rows}, and the contexts
    that name no unit (or no cell of one)."""
    units, unknown = {}, []
    for message in messages:
        context = message.context
        if context in entries and not isinstance(entries[context].unit.texts[SOURCE_LANG], list):
            units[context] = message
            continue
        key, _, number = (context or "").rpartition(CELL)
        entry = entries.get(key)
        if entry and isinstance(entry.unit.texts[SOURCE_LANG], list) and number.isdigit() \
                and 1 <= int(number) <= len(entry.unit.texts[SOURCE_LANG]):
            units.setdefault(key, {})[int(number)] = message
        else:
            unknown.append(context or f"(no msgctxt) {message.id[:40]!r}")
    return units, unknown


def import_po(root=".", file=None, dry_run=False, lang=LANG):
    """Merge a translator's catalog into content/. Returns a summary dict; raises
    ImportProblems (nothing written) when any message cannot be imported."""
    content = Path(root) / "content"
    catalog = read_catalog(file, lang)
    site = load_site(content)
    entries = {e.key: e for e in collect(site)}
    messages = [m for m in catalog if m.id]
    units, unknown = _group(messages, entries)
    if unknown:
        raise SourceError(file, f"unknown message context(s), nothing imported: {', '.join(unknown)} "
                                f"(export a fresh catalog with `kb po export {lang}`)")
    memory = Memory(content, lang)
    editor = SourceEditor(content, lang)
    problems = []
    summary = {"messages": len(messages), "imported": [], "fuzzy": 0, "untranslated": 0, "still_stale": []}
    for key, found in units.items():
        entry = entries[key]
        unit = entry.unit
        if isinstance(found, dict):                     # a table row, cell by cell
            width = len(unit.texts[SOURCE_LANG])
            absent = [str(n) for n in range(1, width + 1) if n not in found]
            if absent:
                problems.append(SourceError(file, f"the catalog lacks cell(s) {', '.join(absent)} of this table row "
                                                  f"({key}{CELL}N): a row is imported whole", key))
                continue
            cells = [found[n] for n in range(1, width + 1)]
            fuzzy = any(m.fuzzy for m in cells)
            empty = not all(isinstance(m.string, str) and m.string for m in cells)
            english, french = [m.id for m in cells], [m.string for m in cells]
        else:
            fuzzy = found.fuzzy
            empty = not (isinstance(found.string, str) and found.string)
            english, french = found.id, found.string
        if fuzzy:
            summary["fuzzy"] += 1
            continue
        if empty:
            summary["untranslated"] += 1
            continue
        source_fp = fingerprint(english)
        if unit.texts.get(lang) == french and (unit.origins.get(lang) is None or str(unit.origins[lang]) == source_fp):
            continue                                        # nothing new
        found_problems = translation_problems(key, english, french, lang)
        if found_problems:
            problems += [SourceError(file, p, key) for p in found_problems]
            continue
        editor.set(entry.file, key, french=french, fr_from=source_fp)
        memory.add(english)
        summary["imported"].append(key)
        if english != unit.texts[SOURCE_LANG]:
            summary["still_stale"].append(key)
    if problems:
        raise ImportProblems(file, problems)
    summary["written"] = [] if dry_run else commit(content, editor, memory)
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(prog="kb po", description="PO catalogs of a translation, for translators.")
    parser.add_argument("--root", default=".", help="project root (default: current folder)")
    sub = parser.add_subparsers(dest="action", required=True)
    p = sub.add_parser("export", help="write the catalog (msgctxt = unit key, msgid = English, msgstr = the translation)")
    p.add_argument("lang")
    p.add_argument("--out", help=f"the PO file to write (default: {DEFAULT_OUT})")
    p.add_argument("--pending", action="store_true", help="only the stale and missing units")
    p.add_argument("--root", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p = sub.add_parser("import", help="merge a translated catalog into content/ (all or nothing)")
    p.add_argument("lang")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    p.add_argument("--root", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        _check_language(args.lang)
        if args.action == "export":
            out, catalog = export(args.root, args.out, args.pending, args.lang)
            messages = [m for m in catalog if m.id]
            todo = sum(1 for m in messages if not m.string)
            fuzzy = sum(1 for m in messages if m.fuzzy)
            print(f"kb: wrote {out} ({len(messages)} messages: {todo} untranslated, {fuzzy} fuzzy)")
            return 0
        summary = import_po(args.root, args.file, args.dry_run, args.lang)
    except ImportProblems as exc:
        print(f"kb: {exc.catalog}: {len(exc.errors)} problem(s), nothing imported:", file=sys.stderr)
        for problem in exc.errors:
            print(f"kb: {problem}", file=sys.stderr)
        return 1
    except SourceError as exc:
        for error in exc.errors:
            print(f"kb: {error}", file=sys.stderr)
        return 1
    imported = summary["imported"]
    print(f"kb: {len(imported)} unit(s) imported" + (" (dry run: nothing written)" if args.dry_run else "")
          + f"; {summary['fuzzy']} fuzzy and {summary['untranslated']} untranslated entries skipped")
    for path in summary["written"]:
        print(f"kb: wrote {_rel(path, args.root)}")
    if summary["still_stale"]:
        print(f"kb: {len(summary['still_stale'])} unit(s) were translated from an older English and stay stale: "
              + ", ".join(summary["still_stale"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
