"""Reading the flow's texts: one bilingual unit, checked like every text of the source
(kb/lint.py) plus the flow's own rules (plain texts, placeholders, no tool() links), and the
sections made of such units (tools' results, errors, ui, formats). Every problem is a
SourceError naming flow.yaml and the unit."""

from pathlib import Path

from .. import expressions
from ..errors import SourceError
from ..lint import text_problems
from ..languages import get
from ..units import SOURCE_LANG, origins, read_texts
from .model import ID, LANGS, PLACEHOLDER, Unit


class Loader:
    """Reads units of one flow file; `seen` keeps every key, so a duplicate is refused."""

    def __init__(self, path):
        self.path = Path(path)
        self.seen = set()

    def fail(self, message, unit=None):
        raise SourceError(self.path, message, unit)

    def unit(self, node, key, plain=False):
        name = key.removeprefix("flow/")
        if key in self.seen:
            self.fail("duplicate unit id", name)
        self.seen.add(key)
        # The engine shows every language's text: none may be missing.
        texts = read_texts(node, self.path, name, required=LANGS)
        for lang, text in texts.items():
            self.check_text(text, lang, name, plain)
        if plain:
            names = {lang: sorted(PLACEHOLDER.findall(t)) for lang, t in texts.items()}
            source = names[SOURCE_LANG]
            for lang in LANGS:
                if names[lang] != source:
                    self.fail(f"the {get(SOURCE_LANG).english_name} and {get(lang).english_name} texts use different "
                              f"placeholders ({', '.join(source) or 'none'} / {', '.join(names[lang]) or 'none'})", name)
        return Unit(key, texts, plain=plain, origins=origins(node), node=node)

    def check_text(self, text, lang, name, plain):
        # The articles' checks, the same rules for the flow: expressions, markup, bare numbers.
        problems = text_problems(text, lang)
        if problems:
            self.fail(problems[0], name)
        kinds = {reference.kind for reference in expressions.references(text)}
        if "tool" in kinds:
            self.fail(f"'{lang}': tool() links are for articles; the flow moves by its answers", name)
        if plain and "link" in kinds:
            self.fail(f"'{lang}': no links in a plain text (interface, calculator or error text)", name)
        if not plain and PLACEHOLDER.search(expressions.prose(text)):
            self.fail(f"'{lang}': {{placeholders}} belong in calculator and error texts only", name)

    def id(self, value, what, unit=None):
        if not isinstance(value, str) or not ID.match(value):
            self.fail(f"{what} {value!r} must be short kebab-case (lowercase letters, digits, dashes)", unit)
        return value




def load_tree(ld, tree, prefix):
    """Nested mappings whose leaves are bilingual units (plain texts)."""
    out = {}
    for key, value in tree.items():
        where = f"{prefix}/{key}"
        if not isinstance(value, dict):
            ld.fail(f"expected a bilingual text or a mapping, got {value!r}", where)
        if any(lang in value for lang in LANGS):
            out[str(key)] = ld.unit(value, f"flow/{where}", plain=True)
        else:
            out[str(key)] = load_tree(ld, value, where)
    return out


def load_flat(ld, raw, section, plain, key_re=ID):
    if not isinstance(raw, dict) or not raw:
        ld.fail(f"'{section}' must be a non-empty mapping", section)
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key_re.match(key):
            ld.fail(f"key {key!r} must be kebab-case", section)
        out[key] = ld.unit(value, f"flow/{section}/{key}", plain=plain)
    return out
