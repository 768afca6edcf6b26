"""`kb translations`: the translation status per article and group (translated, stale,
missing, unverified), as a table or as JSON; a stale unit shows what changed in its
English, word by word."""

import difflib
from pathlib import Path

from .memory import Memory
from ..units import SOURCE_LANG
from .state import LANG, check_entries, collect


def _rel(path, root):
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def report(site, root="."):
    """The translation status as a JSON-ready dict (see `kb translations --json`)."""
    entries = collect(site)
    memory = Memory(site.root)
    groups, order = {}, []
    for entry in entries:
        if entry.group not in groups:
            order.append(entry.group)
            groups[entry.group] = {"id": entry.group, "kind": entry.kind, "file": _rel(entry.file, root),
                                   "translated": 0, "stale": 0, "missing": 0, "unverified": 0}
        row = groups[entry.group]
        state = entry.state
        if state in ("current", "unverified"):
            row["translated"] += 1
        if state != "current":
            row[state] += 1
    totals = {k: sum(groups[g][k] for g in order) for k in ("translated", "stale", "missing", "unverified")}
    totals["units"] = len(entries)
    stale = [{"unit": e.key, "file": _rel(e.file, root), "old_en": memory.old_english(e.unit),
              "new_en": e.unit.texts[SOURCE_LANG], LANG: e.unit.texts[LANG]}
             for e in entries if e.state == "stale"]
    missing = [{"unit": e.key, "file": _rel(e.file, root), SOURCE_LANG: e.unit.texts[SOURCE_LANG]}
               for e in entries if e.state == "missing"]
    problems = [str(p) for p in check_entries(entries, memory)]
    return {"language": LANG, "articles": [groups[g] for g in order], "totals": totals,
            "stale": stale, "missing": missing, "problems": problems}


def _show(value):
    if value is None:
        return "(unknown: not in the translation memory)"
    return " | ".join(value) if isinstance(value, list) else value


def word_runs(old, new):
    """Two English texts (or table rows) word by word: [(same, old words, new words)], the
    runs in order; the report and the preview's dashboard both show changes from these."""
    a, b = _show(old).split(" "), _show(new).split(" ")
    return [(tag == "equal", " ".join(a[i1:i2]), " ".join(b[j1:j2]))
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]


def word_changes(old, new):
    """What changed between two English texts, word by word: '“a short time” → “a few days”'."""
    if old is None:
        return None
    changes = []
    for same, before, after in word_runs(old, new):
        if same:
            continue
        changes.append(f"“{before}” → “{after}”" if before and after else (f"+ “{after}”" if after else f"− “{before}”"))
    return "; ".join(changes)


def format_report(data):
    lines = []
    name_width = max([len(row["id"]) for row in data["articles"]] + [5])
    file_width = max([len(row["file"]) for row in data["articles"]] + [4])
    head = f"{'unit':<{name_width}}  {'file':<{file_width}}  {'translated':>10}  {'stale':>5}  {'missing':>7}  {'unverified':>10}"
    lines += [f"French translation status ({data['totals']['units']} units)", "", head, "-" * len(head)]
    for row in data["articles"]:
        lines.append(f"{row['id']:<{name_width}}  {row['file']:<{file_width}}  {row['translated']:>10}  "
                     f"{row['stale']:>5}  {row['missing']:>7}  {row['unverified']:>10}")
    t = data["totals"]
    lines += ["-" * len(head), f"{'total':<{name_width}}  {'':<{file_width}}  {t['translated']:>10}  "
              f"{t['stale']:>5}  {t['missing']:>7}  {t['unverified']:>10}"]
    if data["stale"]:
        lines += ["", "Stale: the English changed since the French was written. Update the French (or",
                  "`kb po export fr`), then `kb translations --accept UNIT`:"]
        for s in data["stale"]:
            lines += [f"  {s['unit']}  ({s['file']})"]
            changes = word_changes(s["old_en"], s["new_en"])
            if changes:
                lines.append(f"    changed:     {changes}")
            lines += [f"    old English: {_show(s['old_en'])}", f"    new English: {_show(s['new_en'])}",
                      f"    French:      {_show(s[LANG])}"]
    if data["missing"]:
        lines += ["", "Missing French (a release build stops; `kb generate --preview` shows the English):"]
        lines += [f"  {m['unit']}  ({m['file']})" for m in data["missing"]]
    if t["unverified"]:
        lines += ["", f"Unverified: {t['unverified']} unit(s) have French but no fingerprint (fr_from) yet; they count as",
                  "translated. Once their French is checked: `kb translations --accept` stamps them all."]
    if data["problems"]:
        lines += ["", "Problems (a French unit must keep every {{ … }} and {placeholder} of its English):"] + [f"  {p}" for p in data["problems"]]
    return "\n".join(lines)
