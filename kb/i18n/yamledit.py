"""Editing the source YAML with ruamel.yaml's round trip: only the `fr` and `fr_from` of the
units concerned change; layout, quoting and comments stay as they were. Every edit is
validated (the whole content/ reloads, in a temporary copy) before anything is written,
and a file is written only if it changes."""

import copy
import difflib
import io
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import SourceError, SourceErrors
from ..outputs import write_if_changed
from ..source import GROUP_FILES, load_site, read_article
from ..units import SOURCE_LANG
from ..languages import get
from .state import LANG, collect


def locate(group, data, path):
    """Unit key → the mapping holding its texts, in a loaded file of `group` (an article
    id, or ui / categories / terms / flow). Works on plain and on ruamel round-trip data:
    articles and the flow are walked by their own loaders, so the keys are theirs."""
    if group == "ui":
        return {f"ui/{k}": v for k, v in data.items() if isinstance(v, dict)}
    if group == "categories":
        return {f"category/{k}/{part}": v[part] for k, v in data.items() if isinstance(v, dict)
                for part in ("title", "summary") if isinstance(v.get(part), dict)}
    if group == "terms":
        return {f"terms/{k}": v for k, v in data.items() if isinstance(v, dict)}
    if group == "flow":
        from ..flow import read_flow_data
        return {u.key: u.node for u in read_flow_data(data, path).units()}
    return {u.key: u.node for u in read_article(data, path).units() if u.node is not None}


def group_of_file(content, path):
    path = Path(path)
    for group, name in GROUP_FILES.items():
        if path.name == name and path.parent.resolve() == Path(content).resolve():
            return group
    return "article"


# Characters a reviewer cannot see, written as escapes in double-quoted scalars (as the
# source writes them: "{amount}\u00a0USD"); ruamel would write them raw.
_INVISIBLE = {c: f"\\u{ord(c):04x}" for c in "\u00a0\u00ad\u200b\u200c\u200d\u2009\u202f\u2060"}
_INVISIBLE_RE = re.compile("[" + "".join(_INVISIBLE) + "]")


class _EscapingStream:
    def __init__(self, stream):
        self.stream = stream

    def write(self, data):
        return self.stream.write(_INVISIBLE_RE.sub(lambda m: _INVISIBLE[m.group(0)], data))


class _Emitter(RoundTripEmitter):
    def write_double_quoted(self, text, split=True):
        stream = self._stream
        self._stream = _EscapingStream(stream)
        try:
            super().write_double_quoted(text, split)
        finally:
            self._stream = stream


def _yaml():
    y = YAML()
    y.Emitter = _Emitter
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _dump(y, data):
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _styled(value, like):
    """`value` (a str) in the scalar style of `like` (an existing scalar of the file)."""
    if type(like) is not str and isinstance(like, str):
        try:
            return type(like)(value)
        except TypeError:
            pass
    return value


def _styled_list(values, like):
    """A list of cells in the style of `like` (an existing list of the file): flow or block
    style, each cell quoted like the cell it replaces (or like the first one)."""
    like = like if isinstance(like, list) else []
    seq = CommentedSeq(_styled(v, like[i] if i < len(like) else (like[0] if like else "")) for i, v in enumerate(values))
    if isinstance(like, CommentedSeq) and like.fa.flow_style():
        seq.fa.set_flow_style()
    return seq


def _move_trailing_comment(mapping, after, new_key):
    """A comment that follows the value of `after` (on the lines below it: the next unit's
    heading comment) must follow the newly inserted key instead."""
    items = mapping.ca.items
    entry = items.get(after)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    token = entry[2]
    eol, newline, rest = token.value.partition("\n")
    if not newline:
        return                                  # only an end-of-line comment: it stays
    moved = copy.copy(token)
    moved.value = "\n" + rest
    items[new_key] = [None, None, moved, None]
    if eol.strip():
        token.value = eol + "\n"
    else:
        entry[2] = None
        if not any(entry):
            del items[after]


def _insert_after(mapping, after, key, value):
    position = list(mapping.keys()).index(after) + 1
    mapping.insert(position, key, value)
    _move_trailing_comment(mapping, after, key)


def _merge_lines(original, before, after):
    """ruamel's output for the edited data (`after`), with every line it did not change taken
    from the original file: round-tripping may rewrite escapes (\\u00a0) of untouched lines."""
    if before == original:
        return after
    o, b, a = (t.splitlines(keepends=True) for t in (original, before, after))
    if len(o) != len(b):
        return after
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, b, a, autojunk=False).get_opcodes():
        out += o[i1:i2] if tag == "equal" else a[j1:j2]
    merged = "".join(out)
    try:
        if yaml.safe_load(merged) == yaml.safe_load(after):
            return merged
    except yaml.YAMLError:
        pass
    return after


class SourceEditor:
    """Edits one language's text (`fr`) and fingerprint (`fr_from`) of units in the source
    YAML; writes nothing until commit()."""

    def __init__(self, content, lang=LANG):
        self.content = Path(content)
        self.lang = lang
        self.yaml = _yaml()
        self.files = {}            # path -> {"text", "data", "before", "nodes", "group"}
        self.changed = set()

    def _file(self, path):
        path = Path(path)
        if path not in self.files:
            text = path.read_text(encoding="utf-8")
            data = self.yaml.load(text)
            group = group_of_file(self.content, path)
            self.files[path] = {"text": text, "data": data, "before": _dump(self.yaml, data),
                                "nodes": locate(group, data, path), "group": group}
        return self.files[path]

    def node(self, path, key):
        node = self._file(path)["nodes"].get(key)
        if node is None:
            raise SourceError(path, "unit not found in its file (edited meanwhile? run again)", key)
        return node

    def set(self, path, key, french=None, fr_from=None):
        """Set the unit's translation (when given) and its fingerprint."""
        node = self.node(path, key)
        lang, fingerprint_key = self.lang, get(self.lang).fingerprint_key
        if french is not None:
            current = node.get(lang)
            plain = [str(v) for v in current] if isinstance(current, list) else current
            if plain != french:
                like = current if current is not None else node.get(SOURCE_LANG)
                value = _styled_list(french, like) if isinstance(french, list) else _styled(french, like)
                if lang in node:
                    node[lang] = value
                else:
                    _insert_after(node, SOURCE_LANG, lang, value)
                self.changed.add(Path(path))
        if fr_from is not None and node.get(fingerprint_key) != fr_from:
            if lang not in node:
                raise SourceError(path, f"cannot record a fingerprint without a {get(lang).english_name} text", key)
            value = DoubleQuotedScalarString(fr_from)
            if fingerprint_key in node:
                node[fingerprint_key] = value
            else:
                _insert_after(node, lang, fingerprint_key, value)
            self.changed.add(Path(path))

    def texts(self):
        """{path: new text} of the files that change."""
        out = {}
        for path in sorted(self.changed):
            f = self.files[path]
            new = _merge_lines(f["text"], f["before"], _dump(self.yaml, f["data"]))
            if new != f["text"]:
                out[path] = new
        return out


def _validate(content, new_texts, lang):
    """Reload the whole source with the new texts, in a temporary copy: the entries of the
    edited site, or the SourceError (naming the real file)."""
    content = Path(content)
    with tempfile.TemporaryDirectory() as tmp:
        copy_root = Path(tmp) / "content"
        shutil.copytree(content, copy_root, ignore=shutil.ignore_patterns("translations"))
        for path, text in new_texts.items():
            (copy_root / Path(path).resolve().relative_to(content.resolve())).write_text(text, encoding="utf-8")
        try:
            site = load_site(copy_root)
            entries = collect(site)
        except SourceError as exc:
            raise SourceErrors([_in_content(error, content, copy_root) for error in exc.errors]) from None
        return [(e.key, e.unit.origins.get(lang)) for e in entries]


def commit(content, editor, memory):
    """Validate every edit, then write the changed source files and the memory. Returns the
    written paths. Nothing is written when validation fails or a file changed meanwhile."""
    new_texts = editor.texts()
    if not new_texts:
        return []
    entries = _validate(content, new_texts, editor.lang)
    referenced = {str(fp) for _, fp in entries if fp is not None}
    memory_text = memory.render(referenced)
    for path in new_texts:
        if Path(path).read_text(encoding="utf-8") != editor.files[Path(path)]["text"]:
            raise SourceError(path, "the file changed while it was being updated: nothing written, run again")
    written = [Path(path) for path, text in new_texts.items() if write_if_changed(path, text)]
    if memory_text != memory.original and write_if_changed(memory.path, memory_text):
        written.append(memory.path)
    return written


def _in_content(error, content, copy_root):
    """An error found in the temporary copy, naming the real file."""
    real = Path(error.file)
    try:
        real = content / real.resolve().relative_to(copy_root.resolve())
    except ValueError:
        pass
    return SourceError(real, f"{error.message} (nothing written)", error.unit)
