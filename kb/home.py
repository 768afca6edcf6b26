"""The home page's layout, read from content/home.yaml and checked against the rest of the
source: every task leads to a real step of the troubleshooter (a path of answer ids of
content/flow.yaml) or to an existing article, every icon is one the theme bundles, every
category has an icon. Texts are interface texts (ui.yaml: task_<id>, task_<id>_text)."""

import re
from dataclasses import dataclass
from pathlib import Path

import material

from .errors import SourceError
from .yamlio import load_yaml

# The icons the theme bundles (what pymdownx.emoji inlines for :material-login: and the like).
ICONS = Path(material.__file__).parent / "templates" / ".icons"
ICON = re.compile(r"^(material|fontawesome-(?:solid|regular|brands)|octicons|simple)-[a-z0-9-]+$")


@dataclass
class Task:
    id: str
    icon: str
    troubleshooter: str | None    # "portal/invalid/many", or None
    article: str | None           # an article id, or None


@dataclass
class Home:
    tasks: list
    category_icons: dict
    contact_article: str | None


def icon_file(icon):
    """The bundled SVG of an emoji shortcode name (`material-login` → .icons/material/login.svg)."""
    family, _, name = icon.partition("-")
    if family == "fontawesome":
        style, _, name = name.partition("-")
        return ICONS / "fontawesome" / style / f"{name}.svg"
    return ICONS / family / f"{name}.svg"


def _icon(value, file, unit):
    if not isinstance(value, str) or not ICON.match(value) or not icon_file(value).exists():
        raise SourceError(file, f"unknown icon {value!r} (a name like material-login, from the theme's bundled icons)", unit)
    return value


def flow_node_after(flow, path):
    """The node id a path of answer ids leads to from the flow's (kb.flow.Flow) first
    question, or a one-line reason it does not."""
    node_id = flow.start
    for answer in path.split("/"):
        node = flow.nodes.get(node_id)
        answers = {answer_id: target for answer_id, _, target in (node.answers if node else [])}
        if answer not in answers:
            raise ValueError(f"'{answer}' is not an answer of step '{node_id}' (answers: {', '.join(answers) or 'none'})")
        node_id = answers[answer]
    return node_id


def load_home(root, site):
    root = Path(root)
    file = root / "home.yaml"
    data = load_yaml(file)
    if not isinstance(data, dict):
        raise SourceError(file, "expected a mapping with tasks, category_icons and contact")
    tasks = []
    for node in data.get("tasks") or []:
        task_id = node.get("id") if isinstance(node, dict) else None
        if not isinstance(task_id, str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", task_id):
            raise SourceError(file, f"task id {task_id!r} must be lowercase letters, digits and dashes", "tasks")
        unit = f"tasks/{task_id}"
        path, article = node.get("troubleshooter"), node.get("article")
        if (path is None) == (article is None):
            raise SourceError(file, "a task leads to either `troubleshooter: <answer>/<answer>` or `article: <id>`", unit)
        if path is not None:
            try:
                flow_node_after(site.flow, str(path))
            except ValueError as exc:
                raise SourceError(file, f"troubleshooter path '{path}': {exc}", unit) from None
        if article is not None and site.article(str(article)) is None:
            raise SourceError(file, f"unknown article '{article}'", unit)
        for key in (f"task_{task_id.replace('-', '_')}", f"task_{task_id.replace('-', '_')}_text"):
            if key not in site.ui:
                raise SourceError(root / "ui.yaml", f"missing interface text '{key}' (home page task {task_id})")
        tasks.append(Task(task_id, _icon(node.get("icon"), file, unit), path and str(path), article and str(article)))
    if not tasks:
        raise SourceError(file, "the home page needs at least one task", "tasks")
    icons = data.get("category_icons") or {}
    for key in site.categories:
        _icon(icons.get(key), file, f"category_icons/{key}")
    contact = (data.get("contact") or {}).get("article")
    if contact is not None and site.article(str(contact)) is None:
        raise SourceError(file, f"unknown article '{contact}'", "contact")
    return Home(tasks, {k: icons[k] for k in site.categories}, contact and str(contact))
