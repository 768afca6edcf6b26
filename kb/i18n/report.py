"""`kb translations`: the translation status per article and group (translated, stale,
missing, unverified), as a table or as JSON; a stale unit shows what changed in its
English, word by word."""

import difflib
from pathlib import Path

from .memory import Memory
from ..units import SOURCE_LANG
from ..languages import get
from .state import LANG, check_entries, collect, unit_state


def _rel(path, root):
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def report(site, root=".", lang=LANG):
    """The translation status of one language as a JSON-ready dict (see `kb translations --json`)."""
    entries = collect(site)
    memory = Memory(site.root, lang)
    states = {e.key: unit_state(e.unit, lang) for e in entries}
    groups, order = {}, []
    for entry in entries:
        if entry.group not in groups:
            order.append(entry.group)
            groups[entry.group] = {"id": entry.group, "kind": entry.kind, "file": _rel(entry.file, root),
                                   "translated": 0, "stale": 0, "missing": 0, "unverified": 0}
        row = groups[entry.group]
        state = states[entry.key]
        if state in ("current", "unverified"):
            row["translated"] += 1
        if state != "current":
            row[state] += 1
    totals = {k: sum(groups[g][k] for g in order) for k in ("translated", "stale", "missing", "unverified")}
    totals["units"] = len(entries)
    stale = [{"unit": e.key, "file": _rel(e.file, root), "old_en": memory.old_english(e.unit),
              "new_en": e.unit.texts[SOURCE_LANG], lang: e.unit.texts[lang]}
             for e in entries if states[e.key] == "stale"]
    missing = [{"unit": e.key, "file": _rel(e.file, root), SOURCE_LANG: e.unit.texts[SOURCE_LANG]}
               for e in entries if states[e.key] == "missing"]
    problems = [str(p) for p in check_entries(entries, memory)]
    return {"language": lang, "articles": [groups[g] for g in order], "totals": totals,
            "stale": stale, "missing": missing, "problems": problems}


def one_line(value):
    """A unit's text on one line (a table row's cells joined by " | "), or None."""
    if value is None:
        return None
    return " | ".join(value) if isinstance(value, list) else value


def _show(value):
    return "(unknown: not in the translation memory)" if value is None else one_line(value)


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
    lang = data["language"]
    name = get(lang).english_name
    name_width = max([len(row["id"]) for row in data["articles"]] + [5])
    file_width = max([len(row["file"]) for row in data["articles"]] + [4])
    head = f"{'unit':<{name_width}}  {'file':<{file_width}}  {'translated':>10}  {'stale':>5}  {'missing':>7}  {'unverified':>10}"
    lines += [f"{name} translation status ({data['totals']['units']} units)", "", head, "-" * len(head)]
    for row in data["articles"]:
        lines.append(f"{row['id']:<{name_width}}  {row['file']:<{file_width}}  {row['translated']:>10}  "
                     f"{row['stale']:>5}  {row['missing']:>7}  {row['unverified']:>10}")
    t = data["totals"]
    lines += ["-" * len(head), f"{'total':<{name_width}}  {'':<{file_width}}  {t['translated']:>10}  "
              f"{t['stale']:>5}  {t['missing']:>7}  {t['unverified']:>10}"]
    if data["stale"]:
        lines += ["", f"Stale: the English changed since the {name} was written. Update the {name} (or",
                  f"`kb po export {lang}`), then `kb translations --accept UNIT`:"]
        for s in data["stale"]:
            lines += [f"  {s['unit']}  ({s['file']})"]
            changes = word_changes(s["old_en"], s["new_en"])
            if changes:
                lines.append(f"    changed:     {changes}")
            lines += [f"    old English: {_show(s['old_en'])}", f"    new English: {_show(s['new_en'])}",
                      f"    {name + ':':<12} {_show(s[lang])}"]
    if data["missing"]:
        lines += ["", f"Missing {name} (a release build stops; `kb generate --preview` shows the English):"]
        lines += [f"  {m['unit']}  ({m['file']})" for m in data["missing"]]
    if t["unverified"]:
        lines += ["", f"Unverified: {t['unverified']} unit(s) have {name} but no fingerprint ({get(lang).fingerprint_key}) yet; they count as",
                  f"translated. Once their {name} is checked: `kb translations --accept` stamps them all."]
    if data["problems"]:
        lines += ["", f"Problems (a {name} unit must keep every {{{{ … }}}} and {{placeholder}} of its English):"] + [f"  {p}" for p in data["problems"]]
    return "\n".join(lines)
