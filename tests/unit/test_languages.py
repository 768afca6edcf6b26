"""The languages are declared once (mkdocs.yml's i18n languages, read by kb/languages.py):
what is derived from the declaration, and no language written by name anywhere else in the
generator or the theme overrides."""

import re
from pathlib import Path

from kb import languages

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""['"](?:en|fr)['"]|docs_fr""")


def test_each_language_is_derived_from_its_declaration():
    english, french = languages.LANGUAGES
    assert languages.DEFAULT is english and languages.TRANSLATED == (french,)
    assert (english.folder, english.prefix, english.search) == ("docs", "", "en")
    assert (french.folder, french.prefix, french.fingerprint_key, french.english_name) == ("docs_fr", "fr/", "fr_from", "French")
    assert (english.babel, french.babel, french.intl, french.typography) == ("en_US", "fr_FR", "fr-FR", "french")


def test_exactly_one_default_language_is_required(tmp_path):
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("          default: true\n", "")
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    try:
        languages.load(tmp_path / "mkdocs.yml")
    except ValueError as exc:
        assert "exactly one language" in str(exc)
    else:
        raise AssertionError("a declaration without a default language was accepted")


def test_no_language_is_named_outside_the_declaration():
    found = set()
    for folder in ("kb", "overrides"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".py", ".js", ".html", ".j2", ".css", ".md"} or path == ROOT / "kb" / "languages.py":
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if LITERAL.search(line):
                    found.add((path.relative_to(ROOT).as_posix(), line.strip()))
    assert found == set()
