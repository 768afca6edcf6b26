"""The checks every text of the source passes, in every build, before anything is rendered.
Each is a small function of one text; `text_problems` runs them in order.

- expressions: only the expression language of kb/expressions.py;
- markup: only what the allowlist of kb/markup.py keeps (no script, handler or unsafe URL);
- bare numbers: a digit in prose that is not inside a {{ … }} expression is a policy number
  typed by hand, which would drift from the facts registry. Ordinals (1st, 2e) are allowed;
  step numbers are generated, never typed.

A link's or a tool's label is prose: it is checked like any text."""

import re

from . import expressions, markup
from .errors import SourceError
from .languages import get

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,\u202f\u00a0 ]\d+)*(?P<suffix>[^\W\d_]*)")
ALLOWED_MARKUP = ("allowed: Markdown text, emphasis, lists, tables, code and links to http(s), "
                  "mailto, tel or relative URLs; no HTML beyond that, no event handler, no script")


def bare_numbers(text, lang):
    """The numbers in `text` that are neither expressions nor ordinals. The text must be in
    the expression language (check_expressions first)."""
    stripped = _LINK_TARGET.sub("]()", expressions.prose(text))
    found = []
    for match in _NUMBER.finditer(stripped):
        if match.group("suffix") and match.group("suffix") in get(lang).ordinals:
            continue
        found.append(match.group(0))
    return found


def check_expressions(text, lang):
    try:
        expressions.parse(text)
    except expressions.ExpressionError as exc:
        return [f"the {get(lang).english_name} text: {exc}"]
    return []


def check_markup(text, lang):
    fragment = markup.markdown_problem(expressions.prose(text, fill="x"))
    if fragment is None:
        return []
    return [f"forbidden markup {fragment!r} in the {get(lang).english_name} text; {ALLOWED_MARKUP}"]


def check_bare_numbers(text, lang):
    return [f"bare number '{number}' in the {get(lang).english_name} text: refer to a fact ({{{{ facts.… }}}}) instead"
            for number in bare_numbers(text, lang)]


def text_problems(text, lang, numbers=True):
    """Every problem of one text, as sentences. A text outside the expression language gets
    that one problem only: the other checks read its expressions. `numbers=False` for the
    troubleshooter's date and time patterns, which hold no prose."""
    problems = check_expressions(text, lang)
    if problems:
        return problems
    checks = (check_markup, check_bare_numbers) if numbers else (check_markup,)
    return [problem for check in checks for problem in check(text, lang)]


def unit_problems(unit):
    """Every problem of a unit's texts, in both languages, as sentences."""
    for lang, value in unit.texts.items():
        for text in value if isinstance(value, list) else [value]:
            for problem in text_problems(text, lang):
                yield problem


def lint_units(units, file_of):
    """Every problem as a SourceError (not raised): file, unit and what is wrong."""
    return [SourceError(file_of(unit), problem, unit.key) for unit in units for problem in unit_problems(unit)]


# Units whose texts are checked where they are loaded, by their own rules: glossary terms are
# plain names (kb/source.py), the flow's texts are plain or patterns (kb/flow/texts.py).
CHECKED_ON_LOAD = ("terms", "flow")


def lint_site(site, extra_units=(), skip=frozenset()):
    """Every problem of the texts of articles, interface texts and categories (Site.units()),
    but those of the files in `skip`."""
    problems = [SourceError(entry.file, problem, entry.key) for entry in site.units(skip)
                if entry.group not in CHECKED_ON_LOAD for problem in unit_problems(entry.unit)]
    for unit_file, units in extra_units:
        problems += lint_units(units, lambda unit, f=unit_file: f)
    return problems
