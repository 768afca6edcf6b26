"""`kb translations --accept`: record that the French of units matches their current English
(fr_from = fingerprint of the English; the English goes into the translation memory). A
unit whose French does not keep the references of its English is not stamped."""

from pathlib import Path

from ..errors import SourceError
from ..source import load_site
from .memory import Memory
from ..units import SOURCE_LANG
from .state import LANG, collect, translation_problems
from .yamledit import SourceEditor, commit


def _select(entries, selectors, content):
    """Entries named by unit keys, article ids or groups; no selector: every unverified unit."""
    if not selectors:
        return [e for e in entries if e.state == "unverified"], []
    aliases = {"category": "categories", "glossary": "terms"}
    chosen, explicit = {}, []
    for selector in selectors:
        selector = aliases.get(selector, selector)
        exact = [e for e in entries if e.key == selector]
        matched = exact or [e for e in entries if e.group == selector]
        if not matched:
            raise SourceError(content, f"no unit, article or group '{selector}' (try `kb translations` for the list)")
        if exact:
            explicit.append(selector)
        for e in matched:
            chosen[e.key] = e
    return list(chosen.values()), explicit


def accept(root=".", selectors=()):
    """Stamp fr_from = fingerprint(current English) on the selected units whose French is
    present and passes the reference check; record their English in the memory. Returns
    (stamped keys, problems, written paths)."""
    content = Path(root) / "content"
    site = load_site(content)
    entries = collect(site)
    selected, explicit = _select(entries, selectors, content)
    memory = Memory(content)
    problems, to_stamp = [], []
    for entry in selected:
        if entry.state == "missing":
            if entry.key in explicit:
                problems.append(SourceError(entry.file, "cannot accept: there is no French text", entry.key))
            continue
        if entry.state == "current":
            continue
        found = translation_problems(entry.key, entry.unit.texts[SOURCE_LANG], entry.unit.texts[LANG])
        if found:
            problems += [SourceError(entry.file, f"not accepted: {p}", entry.key) for p in found]
            continue
        to_stamp.append(entry)
    editor = SourceEditor(content)
    for entry in to_stamp:
        editor.set(entry.file, entry.key, fr_from=memory.add(entry.unit.texts[SOURCE_LANG]))
    written = commit(content, editor, memory)
    return [e.key for e in to_stamp], problems, written
