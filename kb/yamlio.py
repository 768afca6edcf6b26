"""Reading source YAML with errors that name the file (and line) instead of a traceback."""

from pathlib import Path

import yaml

from .errors import SourceError

# libyaml's loader when PyYAML has it (ten times faster); same safe subset either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror}") from None
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
