"""A pseudo-locale (the en-XA practice): English made longer and accented by code, so that a
page shows at a glance which texts went through translation and which did not, while every
expression, placeholder, link target and bit of markup is kept as it is.

`add_pseudo_locale(project)` adds en-XA to a copy of the project the way a new language is
added: one entry in the declaration (mkdocs.yml's i18n languages, kb/languages.py), its
texts beside the English of every unit in content/, and the theme's own texts for it
(Material has no en-XA: its English texts, pseudo-translated, as a language partial)."""

import re
from pathlib import Path

import yaml

CODE = "en-XA"
NAME = "Ëñĝļîšĥ (ƥšéûđö)"
ACCENTS = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                   "àƀçđéƒĝĥîĵķļɱñöƥǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖƤǪŔŠŢÛṼŴẊÝŽ"))
VOWELS = set("aeiouAEIOU")
# Kept as written: expressions (but for a link's or a tool's label, which is translated),
# placeholders and attribute lists, link targets, inline code, HTML tags and entities,
# addresses, and words that start with a digit (ordinals).
EXPRESSION = re.compile(r"\{\{.*?\}\}")
LABEL = re.compile(r"""(,\s*)(['"])(.*?)\2""")
KEEP = re.compile(r"\{\{.*?\}\}|\{[^{}]*\}|\]\([^)]*\)|`[^`]*`|<[^>]+>|&#?\w+;|https?://\S+|\S+@\S+|\b\d\w*")
# The theme's texts that are settings, not words.
THEME_SETTINGS = ("language", "direction", "search.config.")


def pseudo(text):
    """`text` in en-XA: every letter accented, every vowel doubled (about a third longer)."""
    out, last = [], 0
    for match in KEEP.finditer(text):
        out.append(_letters(text[last:match.start()]))
        kept = match.group(0)
        if EXPRESSION.fullmatch(kept):
            kept = LABEL.sub(lambda m: m.group(1) + m.group(2) + pseudo(m.group(3)) + m.group(2), kept)
        out.append(kept)
        last = match.end()
    out.append(_letters(text[last:]))
    return "".join(out)


def _letters(text):
    return "".join(ACCENTS.get(c, c) * (2 if c in VOWELS else 1) for c in text)


def _translate(node):
    """Every unit's mapping (one with an `en` text) gets its en-XA text beside it."""
    if isinstance(node, dict):
        if "en" in node:
            english = node["en"]
            node[CODE] = [pseudo(str(t)) for t in english] if isinstance(english, list) else pseudo(str(english))
        for value in list(node.values()):
            _translate(value)
    elif isinstance(node, list):
        for value in node:
            _translate(value)


class _Dumper(yaml.SafeDumper):
    """Every text double-quoted: a fingerprint such as 7525e8706974 is a number to YAML 1.2
    (ruamel.yaml, which `kb translations --accept` edits with) unless quoted."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))


def translate_content(content):
    """The en-XA of every unit of content/ (facts.yaml holds facts, not texts of pages)."""
    files = [content / name for name in ("ui.yaml", "categories.yaml", "glossary.yaml", "flow.yaml")]
    for path in [*files, *sorted((content / "articles").glob("*.yaml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _translate(data)
        path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def declare(mkdocs_file, site_name):
    """One more entry at the end of the i18n plugin's languages (the last key of the last
    plugin, right before `hooks:`)."""
    text = mkdocs_file.read_text(encoding="utf-8")
    entry = (f"        - locale: {CODE}\n          name: \"{NAME}\"\n          build: true\n"
             f"          site_name: \"{pseudo(site_name)}\"\n"
             "          extra:\n            language: {babel: en_US, intl: en-US, ordinals: [st, nd, rd, th]}\n")
    head, sep, tail = text.partition("\nhooks:\n")
    assert sep, "mkdocs.yml: no hooks: after the plugins"
    mkdocs_file.write_text(head.rstrip("\n") + "\n" + entry + sep + tail, encoding="utf-8")


def theme_texts(theme_english, target):
    """Material's English texts, pseudo-translated, as the en-XA language partial."""
    out = []
    for line in Path(theme_english).read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(\s*"([^"]+)": ")(.*)(",?)$', line)
        if match and match.group(2) == "language":
            line = f'{match.group(1)}{CODE}{match.group(4)}'
        elif match and not match.group(2).startswith(THEME_SETTINGS):
            line = match.group(1) + pseudo(match.group(3)) + match.group(4)
        out.append(line)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")


def add_pseudo_locale(project, site_name):
    import material
    project = Path(project)
    declare(project / "mkdocs.yml", site_name)
    translate_content(project / "content")
    theme_texts(Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html",
                project / "overrides" / "partials" / "languages" / f"{CODE}.html")
