"""The site's languages, declared once: the `languages` of mkdocs.yml's i18n plugin
(mkdocs-static-i18n builds each of them). The generator, the build hooks and the templates
read them from here, never by name: which language is the source's (the default, served
at the site's root), their order, and for each its code (also the key of its texts in
content/), its docs folder, its URL prefix, and what its `extra: {language: …}` declares:
the Babel and Intl locales and its writing rules (typography, search word separator,
ordinal suffixes).

A new language is one more entry there and its texts in content/ (with the theme's texts
for it, where Material has none): tests/unit/test_pseudo_locale.py builds the site with a
pseudo-locale added that way."""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_FILE = ROOT / "mkdocs.yml"
DEFAULT_SEPARATOR = r"[\s\-]+"      # lunr's own: words are cut at white space and dashes


@dataclass(frozen=True)
class Language:
    code: str                 # mkdocs.yml `locale`; the key of its texts in content/
    name: str                 # in its own language (the language selector)
    default: bool             # the source's language, at the site's root
    babel: str                # Babel locale: numbers, amounts and dates in articles
    intl: str                 # the browser's Intl locale: the same in the troubleshooter
    typography: str | None = None        # a set of rules of kb/typography.py (e.g. "french")
    search_separator: str = DEFAULT_SEPARATOR
    ordinals: frozenset = frozenset()    # suffixes that make a number an ordinal (1st, 2e)

    @property
    def folder(self):
        """Its generated Markdown: docs/ for the default language, docs_<code>/ (reached
        through the link docs/<code>) for the others."""
        return "docs" if self.default else f"docs_{self.code}"

    @property
    def prefix(self):
        """Its pages' path in the site: "" (the root) or "<code>/"."""
        return "" if self.default else f"{self.code}/"

    @property
    def search(self):
        """The language of its search index for lunr (lunr-languages names languages only)."""
        return re.split(r"[-_]", self.code)[0]

    @property
    def english_name(self):
        """Its name in error messages and reports (written in English): "French", or with
        its code where the code names a variant ("English (en-XA)")."""
        name = _english_name(self.babel)
        return name if self.code == self.search else f"{name} ({self.code})"

    @property
    def fingerprint_key(self):
        """The key beside its text in content/ that records which English it translates."""
        return f"{self.code}_from"


@lru_cache(maxsize=None)
def _english_name(babel_locale):
    """Babel's English name of a language (looked up once: the checks name a language in
    every message they may write, tens of thousands of times at a thousand articles)."""
    from babel import Locale
    return Locale.parse(babel_locale).get_language_name("en")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: MkDocs' own tags (!ENV, !!python/name) are not needed here."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load(mkdocs_file=MKDOCS_FILE):
    """The declared languages, in order, from an mkdocs.yml."""
    config = yaml.load(Path(mkdocs_file).read_text(encoding="utf-8"), Loader=_Loader)
    plugin = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    out = []
    for entry in plugin["languages"]:
        if not entry.get("build", True):
            continue
        declared = (entry.get("extra") or {}).get("language") or {}
        out.append(Language(
            code=entry["locale"], name=entry["name"], default=bool(entry.get("default")),
            babel=declared.get("babel", entry["locale"].replace("-", "_")),
            intl=declared.get("intl", entry["locale"]),
            typography=declared.get("typography"),
            search_separator=declared.get("search_separator", DEFAULT_SEPARATOR),
            ordinals=frozenset(declared.get("ordinals", ()))))
    if [lang.default for lang in out].count(True) != 1:
        raise ValueError(f"{mkdocs_file}: exactly one language of the i18n plugin must be the default")
    return tuple(sorted(out, key=lambda lang: not lang.default))    # the default first


LANGUAGES = load()
BY_CODE = {lang.code: lang for lang in LANGUAGES}
DEFAULT = LANGUAGES[0]
CODES = tuple(BY_CODE)                               # the default first, then as declared
TRANSLATED = tuple(lang for lang in LANGUAGES if not lang.default)


def get(code):
    return BY_CODE[code]


def addresses(base):
    """Where each other language is served, for a command's first line: "French: <base>fr/"."""
    return ", ".join(f"{lang.english_name}: {base}{lang.prefix}" for lang in TRANSLATED)


def current(config):
    """The language MkDocs is building (mkdocs-static-i18n builds one at a time)."""
    plugin = config.plugins.get("i18n") if hasattr(config, "plugins") else None
    code = getattr(plugin, "current_language", None) or config.theme.get("language")
    return code if code in BY_CODE else DEFAULT.code
