"""`kb translations --accept`: record that the French of units matches their current English
(fr_from = fingerprint of the English; the English goes into the translation memory). A
unit whose French does not keep the references of its English is not stamped."""

from pathlib import Path

from ..errors import SourceError
from ..source import load_site
from .memory import Memory
from ..languages import get
from ..units import SOURCE_LANG
from .state import LANG, collect, translation_problems, unit_state
from .yamledit import SourceEditor, commit


def _select(entries, selectors, content, lang=LANG):
    """Entries named by unit keys, article ids or groups; no selector: every unverified unit."""
    if not selectors:
        return [e for e in entries if unit_state(e.unit, lang) == "unverified"], []
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


def accept(root=".", selectors=(), lang=LANG):
    """Stamp fr_from = fingerprint(current English) on the selected units whose French is
    present and passes the reference check; record their English in the memory. Returns
    (stamped keys, problems, written paths)."""
    content = Path(root) / "content"
    site = load_site(content)
    entries = collect(site)
    selected, explicit = _select(entries, selectors, content, lang)
    memory = Memory(content, lang)
    problems, to_stamp = [], []
    for entry in selected:
        state = unit_state(entry.unit, lang)
        if state == "missing":
            if entry.key in explicit:
                problems.append(SourceError(entry.file, f"cannot accept: there is no {get(lang).english_name} text", entry.key))
            continue
        if state == "current":
            continue
        found = translation_problems(entry.key, entry.unit.texts[SOURCE_LANG], entry.unit.texts[lang], lang)
        if found:
            problems += [SourceError(entry.file, f"not accepted: {p}", entry.key) for p in found]
            continue
        to_stamp.append(entry)
    editor = SourceEditor(content, lang)
    for entry in to_stamp:
        editor.set(entry.file, entry.key, fr_from=memory.add(entry.unit.texts[SOURCE_LANG]))
    written = commit(content, editor, memory)
    return [e.key for e in to_stamp], problems, written
