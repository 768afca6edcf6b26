"""The one translatable text of the source, `Unit`, for every kind of content (articles,
interface texts, categories, glossary terms and the troubleshooter's flow), and `Entry`, a
unit with the file and group it belongs to: what `Site.units()` walks."""

from dataclasses import dataclass, field
from pathlib import Path

from .languages import CODES as LANGS, DEFAULT, TRANSLATED

SOURCE_LANG = DEFAULT.code
# The keys a unit's mapping in content/ uses for its texts: each language's, and the
# fingerprint beside each translation.
TEXT_KEYS = frozenset(LANGS) | {lang.fingerprint_key for lang in TRANSLATED}


@dataclass
class Unit:
    """One bilingual text (or a container of them, in articles).

    `key` is its global name, the PO message context and the unit named in errors:
    `KB70/intro`, `ui/note`, `category/logging-in/title`, `terms/client_portal`,
    `flow/start/question`, `flow/tools/access/at`…"""
    key: str
    texts: dict                   # {language: str | list[str]} (kb/languages.py); missing languages absent
    type: str = "text"
    # {language: fingerprint of the English its text was translated from} (`<language>_from`)
    origins: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    header: "Unit | None" = None
    plain: bool = False           # flow texts without Markdown or links; {placeholders} allowed
    # The mapping the unit was read from: `kb translations` and `kb po import` edit it in a
    # round-trip copy of the file, found by the same walk that loads the source.
    node: dict | None = field(default=None, repr=False, compare=False)

    def __getstate__(self):
        """Pickled (the generator's cache, kb/gencache.py) without `node`: only editing a
        file needs it, and that reads the file again."""
        return {**self.__dict__, "node": None}

    @property
    def id(self):
        return self.key.rsplit("/", 1)[-1]

    @property
    def name(self):
        """The key inside flow.yaml (errors of the flow name `start/question`)."""
        return self.key.removeprefix("flow/")

    def text_in(self, lang):
        """Its text in `lang`, or the source language's where it has none (as the pages show
        a missing translation)."""
        return self.texts.get(lang, self.texts[SOURCE_LANG])

    def walk(self):
        """This unit and every unit inside it, in document order."""
        if self.header:
            yield self.header
        if self.texts:
            yield self
        for child in self.children:
            yield from child.walk()


def read_texts(node, file, key, required=(SOURCE_LANG,), lists=False):
    """A unit's texts from its mapping in content/ ({language: text}): the one reader of a
    translatable text. Every language in `required` must have a text that is not blank (the
    flow's texts are shown by the engine and need every language; elsewhere a missing
    translation falls back to English); `lists`: a text may be a list of texts (a table's
    cells). Raises SourceError naming `file` and `key`."""
    from .errors import SourceError
    from .languages import get

    if not isinstance(node, dict):
        raise SourceError(file, f"expected a text in each language {{{': …, '.join(LANGS)}: …}}, got {node!r}", key)
    texts = {}
    for lang in LANGS:
        value = node.get(lang)
        if value is None:
            continue
        if lists and isinstance(value, list):
            if not all(isinstance(v, (str, int, float)) for v in value):
                raise SourceError(file, f"'{lang}' must be a list of texts", key)
            value = [str(v) for v in value]
        elif not isinstance(value, str):
            raise SourceError(file, f"'{lang}' must be a text, got {type(value).__name__}", key)
        texts[lang] = value
    for lang in required:
        text = texts.get(lang)
        if text is None or (isinstance(text, str) and not text.strip()):
            raise SourceError(file, f"the {get(lang).english_name} text is missing", key)
    return texts


def origins(node):
    """The fingerprints a unit's mapping records beside its translations (`fr_from: …`)."""
    return {lang.code: node[lang.fingerprint_key] for lang in TRANSLATED if node.get(lang.fingerprint_key) is not None}


@dataclass
class Entry:
    """One translatable unit of the site, with the file it lives in and its group: an
    article id, `ui`, `categories`, `terms` or `flow`."""
    unit: Unit
    file: Path
    group: str
    kind: str          # article | interface | flow

    @property
    def key(self):
        return self.unit.key

    @property
    def state(self):
        from .i18n.state import unit_state
        return unit_state(self.unit)
