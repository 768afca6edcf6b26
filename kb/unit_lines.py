"""Where a unit is written: its line in its YAML file, for links and error messages that
point the docs team at the very line to edit (`content/articles/x.yaml:42`).

A unit key is `<group>/<id>/<id>…` (`KB70/intro`, `KB70/full-access#2`, `ui/note`,
`category/logging-in/title`, `flow/start/question`). Each part after the group names either
a mapping key or a mapping's `id`; the parts are found one inside the other in the file's
node tree (PyYAML's composer keeps each node's line), so nothing is guessed from text."""

from pathlib import Path

import yaml


def _children(node):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key, value
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            yield None, value


def _find(node, part):
    """The first node below `node` named `part` (a key, or a mapping whose id is `part`), breadth first."""
    queue = [node]
    while queue:
        current = queue.pop(0)
        for key, value in _children(current):
            if key is not None and key.value == part:
                return value
            if isinstance(value, yaml.MappingNode):
                for k, v in value.value:
                    if k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value == part:
                        return value
            queue.append(value)
    return None


def unit_line(path, key):
    """The 1-based line where the unit `key` starts in `path`, or None when it cannot be found
    (a file that does not parse, a unit renamed since)."""
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None
    if node is None:
        return None
    line = None
    for part in key.split("#")[0].split("/")[1:]:
        found = _find(node, part)
        if found is None:
            break
        node, line = found, found.start_mark.line + 1
    return line
