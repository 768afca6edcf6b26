"""French typography: no-break spaces before high punctuation, including the punctuation
the page templates write and the colon that ends a bold label."""

from pathlib import Path

from kb.typography import NBSP, NNBSP, french, punctuation

ROOT = Path(__file__).resolve().parents[2]


def test_a_colon_ending_a_bold_label_gets_a_no_break_space():
    assert french("**Un pare-feu :** un pare-feu installé") == f"**Un pare-feu{NBSP}:** un pare-feu installé"
    assert french("*Attention :* lisez") == f"*Attention{NBSP}:* lisez"


def test_colons_that_are_not_punctuation_are_left_alone():
    assert french("à 10:30, voir https://ibkr.com") == "à 10:30, voir https://ibkr.com"
    assert french("[lien](https://x.org/a :b)") == "[lien](https://x.org/a :b)"


def test_template_punctuation_follows_the_language():
    assert punctuation(":", "fr") == f"{NBSP}:"
    assert punctuation("?", "fr") == f"{NNBSP}?"
    assert punctuation(":", "en") == ":"


def test_generated_lists_of_articles_space_their_colon_in_french():
    """Related articles and category pages write `[Title](link): summary` from a template."""
    for page in ("docs_fr/logging-in/index.md", "docs_fr/logging-in/temporary-passcode-validity.md"):
        entries = [line for line in (ROOT / page).read_text(encoding="utf-8").splitlines() if line.startswith("- [")]
        assert entries, page
        assert all(f"){NBSP}: " in line for line in entries), page
    english = [line for line in (ROOT / "docs/logging-in/index.md").read_text(encoding="utf-8").splitlines() if line.startswith("- [")]
    assert english and all("): " in line for line in english)


def test_bold_labels_in_french_articles_keep_their_colon_with_the_label():
    # The source puts the colon after the bold label; either way it is never left on a line of its own.
    text = (ROOT / "docs_fr/logging-in/trading-platform-login-problems.md").read_text(encoding="utf-8")
    assert f"**Un pare-feu**{NBSP}:" in text or f"**Un pare-feu{NBSP}:**" in text
    assert " :**" not in text and "** :" not in text
