"""What a translation must keep from its English: the Jinja2 expressions of the source
({{ facts.x }}, {{ terms.x }}, {{ link('ID') }}, {{ tool('name') }}) and the run-time
placeholders of the troubleshooter's plain texts ({field}, {amount}…).

A French unit must use exactly the same references as its English unit, as a multiset: a
translator may move them, never drop, add or change one. Only the quoted label of a link
or a tool (`link('KB70', 'the overview')`) is free to differ: it is text to translate."""

import re
from collections import Counter

from . import expressions

# {name} outside {{ … }}: filled in by the troubleshooter at run time (content/flow.yaml).
RUNTIME_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_-]*)\}(?!\})")


def references(text):
    """Counter of the references in one text: '{{ facts.x }}', "{{ link('KB70') }}",
    '{placeholder}'. Raises expressions.ExpressionError on a text outside the language."""
    found = Counter()
    for part in expressions.parse(text):
        if isinstance(part, str):
            for name in RUNTIME_PLACEHOLDER.findall(part):
                found["{" + name + "}"] += 1
        else:
            found[part.canonical()] += 1
    return found


def _listed(counter):
    return ", ".join(f"{ref} ×{n}" if n > 1 else ref for ref, n in sorted(counter.items()))


def difference(english, french):
    """None when both texts use the same references, else a sentence saying what differs."""
    en, fr = references(english), references(french)
    if en == fr:
        return None
    missing, extra = en - fr, fr - en
    parts = []
    if missing:
        parts.append(f"missing in French: {_listed(missing)}")
    if extra:
        parts.append(f"not in the English: {_listed(extra)}")
    return "; ".join(parts)


def compare_unit(english, french):
    """Problems (sentences) between a unit's English and French, either texts or lists of
    table cells (compared cell by cell)."""
    if isinstance(english, list) or isinstance(french, list):
        en = english if isinstance(english, list) else [english]
        fr = french if isinstance(french, list) else [french]
        if len(en) != len(fr):
            return [f"the French has {len(fr)} cells, the English {len(en)}"]
        problems = []
        for number, (e, f) in enumerate(zip(en, fr), start=1):
            problem = _safe_difference(e, f)
            if problem:
                problems.append(f"cell {number}: {problem}")
        return problems
    problem = _safe_difference(english, french)
    return [problem] if problem else []


def _safe_difference(english, french):
    try:
        references(english)
    except expressions.ExpressionError:
        return None                          # the English is the generator's to report
    try:
        return difference(english, french)
    except expressions.ExpressionError as exc:
        return f"bad expression in the French text: {exc}"
