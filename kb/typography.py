"""French typography, applied to rendered French text so writers type ordinary spaces:
a no-break space before the high punctuation (: ; ? !), inside guillemets, and between a
number and the word that follows it. Punctuation written by the page templates (not by a
writer) goes through the same rules: `punctuation(mark, lang)`."""

import re

from .languages import get

NBSP = "\u00a0"        # before ':' and inside « »
NNBSP = "\u202f"       # narrow no-break space before ; ? !

_HIGH = re.compile(r"[ \u00a0]+([;?!])")
# A colon ends a label: followed by a space, the end of the text, or the closing of the
# emphasis or bracket around the label (`**Un pare-feu :** …`).
_COLON = re.compile(r"[ \u00a0]+:(?=[\s*_)\]]|$)")
_OPEN_GUILLEMET = re.compile(r"«[ \u00a0]*")
_CLOSE_GUILLEMET = re.compile(r"[ \u00a0]*»")
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=[^\W\d_])")
_DIGIT = re.compile(r"\d")
# Spans that typography must not touch: Markdown link targets, inline code, HTML tags.
_PROTECTED = re.compile(r"\]\([^)]*\)|`[^`]*`|<[^>]+>")


def _fix(text):
    # Each rule only where its character is (most texts have none of them: a thousand
    # articles' texts went through every pattern).
    if ";" in text or "?" in text or "!" in text:
        text = _HIGH.sub(lambda m: NNBSP + m.group(1), text)
    if ":" in text:
        text = _COLON.sub(NBSP + ":", text)
    if "«" in text:
        text = _OPEN_GUILLEMET.sub("«" + NBSP, text)
    if "»" in text:
        text = _CLOSE_GUILLEMET.sub(NBSP + "»", text)
    return _NUMBER_UNIT.sub(NBSP, text) if _DIGIT.search(text) else text


def french(text):
    out, last = [], 0
    for match in _PROTECTED.finditer(text):
        out.append(_fix(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_fix(text[last:]))
    return "".join(out)


def punctuation(mark, lang):
    """A punctuation mark a template writes right after a word (`Title: summary`), spaced
    as the language wants it: in French the rules above add the no-break space before it."""
    return apply(" " + mark, lang) if RULES.get(get(lang).typography) else mark


# A language declares its rules by name (mkdocs.yml, kb/languages.py).
RULES = {"french": french}


def apply(text, lang):
    """`text` with the typography rules its language declares, if any."""
    rules = RULES.get(get(lang).typography)
    return rules(text) if rules else text
