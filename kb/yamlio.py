"""Reading source YAML with errors that name the file (and line) instead of a traceback."""

from pathlib import Path

import yaml

from .errors import SourceError

# libyaml's loader when PyYAML has it (ten times faster); same safe subset either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_source(path):
    """The bytes of a source file, or a SourceError saying why not."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror}") from None


def load_yaml(path, raw=None):
    """The mapping in the YAML file `path` (or in its bytes `raw`, already read)."""
    path = Path(path)
    raw = read_source(path) if raw is None else raw
    try:
        # universal newlines, as a file opened as text reads them
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"cannot read: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(path, f"{where}malformed YAML: {problem}") from None
    if not isinstance(data, dict):
        raise SourceError(path, "expected a mapping at the top level")
    return data
