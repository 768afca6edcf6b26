"""The bare-number lint: a digit in article prose that is not inside a {{ … }} expression
is a policy number typed by hand, which would drift from the facts registry. Ordinals
(1st, 2e) are allowed; step numbers are generated, never typed."""

import re

from .errors import SourceError

EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,\u202f\u00a0 ]\d+)*(?P<suffix>[^\W\d_]*)")
ORDINAL_SUFFIXES = {"en": {"st", "nd", "rd", "th"}, "fr": {"er", "re", "e", "es", "ème", "èmes", "nd", "nde"}}


def bare_numbers(text, lang):
    """The numbers in `text` that are neither expressions nor ordinals."""
    stripped = _LINK_TARGET.sub("]()", EXPRESSION.sub(" ", text))
    found = []
    for match in _NUMBER.finditer(stripped):
        if match.group("suffix") and match.group("suffix") in ORDINAL_SUFFIXES[lang]:
            continue
        found.append(match.group(0))
    return found


def lint_units(units, file_of):
    """Every problem as a SourceError (not raised): article file, unit and the number."""
    problems = []
    for unit in units:
        for lang, value in unit.texts.items():
            for text in value if isinstance(value, list) else [value]:
                for number in bare_numbers(text, lang):
                    language = "English" if lang == "en" else "French"
                    problems.append(SourceError(file_of(unit), f"bare number '{number}' in the {language} text: refer to a fact ({{{{ facts.… }}}}) instead", unit.key))
    return problems


def lint_site(site, extra_units=()):
    problems = []
    for article in site.articles:
        problems += lint_units(article.units(), lambda unit, f=article.file: f)
    problems += lint_units(site.ui.values(), lambda unit: site.root / "ui.yaml")
    for unit_file, units in extra_units:
        problems += lint_units(units, lambda unit, f=unit_file: f)
    return problems
