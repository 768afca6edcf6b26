"""The state of each unit's French and the checks its text must pass.

States:
  current     `fr_from` is the fingerprint of the current English
  unverified  French present, no `fr_from` yet: counted as translated (stamp it with
              `kb translations --accept`; `--strict` refuses it)
  stale       `fr_from` differs from the current English's fingerprint: the English
              changed since the French was written
  missing     no French (a strict build stops; a preview falls back to English)

A French unit keeps every {{ … }} reference and {placeholder} of the English it was
translated from (the current English, or for a stale unit its old English, from the
translation memory)."""

from ..errors import SourceError
from ..fingerprint import fingerprint
from ..lint import text_problems
from ..placeholders import compare_unit

LANG = "fr"
# Units that are names, not prose: they may hold digits (a product name).
NAME_PREFIXES = ("terms/",)


def translation_problems(key, english, french):
    """What is wrong with a unit's French, as sentences: the checks every text passes
    (expressions, markup, bare numbers: kb/lint.py), then the references it must keep from
    its English. For `kb po import`, `kb translations` and the build alike."""
    numbers = not key.startswith(NAME_PREFIXES)
    problems = [problem for text in (french if isinstance(french, list) else [french])
                for problem in text_problems(text, LANG, numbers=numbers)]
    if problems:
        return problems
    return [f"the French does not keep the English references: {problem}" for problem in compare_unit(english, french)]


def unit_state(unit):
    if LANG not in unit.texts:
        return "missing"
    if unit.fr_from is None:
        return "unverified"
    if str(unit.fr_from) != fingerprint(unit.texts["en"]):
        return "stale"
    return "current"


def collect(site, skip=frozenset()):
    """Every translatable unit of the site, as Entries (kb/units.py), in Site.units() order
    (but those of the files in `skip`)."""
    return list(site.units(skip))


def check_entries(entries, memory):
    """A French unit must use the same {{ … }} references and {placeholders} as the English
    it was translated from: the current English, or for a stale unit its old English (from
    the memory; unknown → not checked: the stale notice already flags the unit)."""
    problems = []
    for entry in entries:
        unit = entry.unit
        if LANG not in unit.texts:
            continue
        english = unit.texts["en"]
        if entry.state == "stale":
            english = memory.old_english(unit)
            if english is None:
                continue
        for problem in translation_problems(unit.key, english, unit.texts[LANG]):
            problems.append(SourceError(entry.file, problem, unit.key))
    return problems


def check_translations(site, skip=frozenset()):
    """Every reference mismatch between a French unit and its English, as SourceErrors (not
    raised): for the generator (kb/generate.py) and `kb translations`; not those of the
    files in `skip`."""
    from .memory import Memory
    return check_entries(collect(site, skip), Memory(site.root))
