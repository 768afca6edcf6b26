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
from ..languages import TRANSLATED, get
from ..lint import text_problems
from ..placeholders import compare_unit
from ..units import SOURCE_LANG

# Every function here works for any translated language of the declaration (kb/languages.py);
# LANG, the first one, is what the commands follow when not told a language (`--lang`).
LANG = TRANSLATED[0].code
# Units that are names, not prose: they may hold digits (a product name).
NAME_PREFIXES = ("terms/",)


def translation_problems(key, english, french, lang=LANG):
    """What is wrong with a unit's translation (`french`: its text in `lang`), as sentences:
    the checks every text passes (expressions, markup, bare numbers: kb/lint.py), then the
    references it must keep from its English. For `kb po import`, `kb translations` and the
    build alike."""
    numbers = not key.startswith(NAME_PREFIXES)
    problems = [problem for text in (french if isinstance(french, list) else [french])
                for problem in text_problems(text, lang, numbers=numbers)]
    if problems:
        return problems
    names = get(lang).english_name, get(SOURCE_LANG).english_name
    return [f"the {names[0]} does not keep the {names[1]} references: {problem}" for problem in compare_unit(english, french)]


def unit_state(unit, lang=LANG):
    if lang not in unit.texts:
        return "missing"
    if unit.origins.get(lang) is None:
        return "unverified"
    if str(unit.origins[lang]) != fingerprint(unit.texts[SOURCE_LANG]):
        return "stale"
    return "current"


def collect(site, skip=frozenset()):
    """Every translatable unit of the site, as Entries (kb/units.py), in Site.units() order
    (but those of the files in `skip`)."""
    return list(site.units(skip))


def check_entries(entries, memory):
    """A translated unit (in the memory's language) must use the same {{ … }} references and
    {placeholders} as the English it was translated from: the current English, or for a
    stale unit its old English (from the memory; unknown → not checked: the stale notice
    already flags the unit)."""
    problems, lang = [], memory.lang
    for entry in entries:
        unit = entry.unit
        if lang not in unit.texts:
            continue
        english = unit.texts[SOURCE_LANG]
        if unit_state(unit, lang) == "stale":
            english = memory.old_english(unit)
            if english is None:
                continue
        for problem in translation_problems(unit.key, english, unit.texts[lang], lang):
            problems.append(SourceError(entry.file, problem, unit.key))
    return problems


def check_translations(site, skip=frozenset()):
    """Every reference mismatch between a translated unit and its English, in every
    translated language, as SourceErrors (not raised): for the generator (kb/generate.py)
    and `kb translations`; not those of the files in `skip`."""
    from .memory import Memory
    entries = collect(site, skip)
    return [problem for language in TRANSLATED for problem in check_entries(entries, Memory(site.root, language.code))]
