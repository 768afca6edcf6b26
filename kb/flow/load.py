"""Loading content/flow.yaml into a Flow (kb/flow/model.py): the shape of every node,
answer, tool and text. What needs the rest of the site (articles, engine codes, reachability)
is checked by kb/flow/checks.py. A bad node does not stop the loading of the others: every
problem found is reported together (kb.errors.SourceErrors)."""

import re

from ..errors import Collector
from ..units import LANGS, TEXT_KEYS
from ..yamlio import load_yaml
from .model import (HEADLINES, KINDS, LIST_BLOCKS, REQUIRED_FIELDS,
                    REQUIRED_RESULTS, REQUIRED_UI, TEXT_BLOCKS, TOOLS, FIELD_NAME, FIELD_TYPES,
                    Flow, Node, Unit)
from .texts import Loader, load_flat, load_tree

SECTIONS = ("start", "contact_article", "nodes", "tools", "errors", "ui")
ERROR_KEY = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)?$")


def load_flow(path, article_ids=None, error_codes=None, fact_names=None, term_names=None):
    """content/flow.yaml → Flow, or SourceError(s). Checks the shape of every node and text;
    with `article_ids` (every known article id) it also runs the checks of kb/flow/checks.py:
    targets, reachability, cycles, articles, error codes."""
    flow = read_flow_data(load_yaml(path), path)
    if article_ids is not None:
        from .checks import validate_flow
        validate_flow(flow, article_ids, error_codes, fact_names, term_names)
    return flow


def read_flow_data(data, path):
    """The flow from its loaded data (PyYAML or ruamel round-trip), without the checks that
    need the rest of the site."""
    ld = Loader(path)
    for key in SECTIONS:
        if key not in data:
            ld.fail(f"missing top-level '{key}'")
    unknown = set(data) - set(SECTIONS)
    if unknown:
        ld.fail(f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}")
    if not isinstance(data["nodes"], list) or not data["nodes"]:
        ld.fail("'nodes' must be a non-empty list of nodes")
    found = Collector()
    nodes = {}
    for raw in data["nodes"]:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"] in nodes:
            found.attempt(ld.fail, "duplicate node id", raw["id"])
            continue
        node = found.attempt(_load_node, ld, raw)
        if node is not None:
            nodes[node.id] = node
    start = found.attempt(ld.id, data["start"], "start node id")
    contact_article = data["contact_article"]
    if not isinstance(contact_article, str):
        found.attempt(ld.fail, "'contact_article' must be an article id, such as HC150", "contact_article")
    tools = found.attempt(_load_tools, ld, data["tools"])
    if tools is not None:
        for node in nodes.values():
            found.attempt(_check_calculator_fields, ld, node, tools)
    errors = found.attempt(load_flat, ld, data["errors"], "errors", plain=True, key_re=ERROR_KEY)
    ui = found.attempt(load_flat, ld, data["ui"], "ui", plain=True)
    if ui is not None:
        found.attempt(_check_required_ui, ld, ui)
    found.raise_errors()
    return Flow(ld.path, start, contact_article, nodes, tools, errors, ui)


def _check_calculator_fields(ld, node, tools):
    if node.kind != "calculator":
        return
    known = tools.get(node.tool, {}).get("fields", {})
    if node.tool not in tools:
        ld.fail(f"tool '{node.tool}' has no entry under 'tools'", node.id)
    for name in REQUIRED_FIELDS[node.tool]:
        if name not in node.fields:
            ld.fail(f"a '{node.tool}' calculator needs the field '{name}'", f"{node.id}/fields")
    for name in node.fields:
        if name not in known:
            ld.fail(f"unknown field '{name}' of tool '{node.tool}' "
                    f"(expected one of {', '.join(known)})", f"{node.id}/fields")


def _check_required_ui(ld, ui):
    for key in REQUIRED_UI:
        if key not in ui:
            ld.fail(f"missing interface text '{key}'", "ui")


def _load_node(ld, raw):
    if not isinstance(raw, dict):
        ld.fail(f"a node must be a mapping, got {raw!r}")
    node_id = ld.id(raw.get("id"), "node id")
    kind = raw.get("kind")
    if kind not in KINDS:
        ld.fail(f"unknown node kind {kind!r} (expected one of {', '.join(KINDS)})", node_id)
    allowed = {"id", "kind"} | {
        "question": {"question", "help", "answers"},
        "calculator": {"tool", "fields", "title", "intro", "answers", "read"},
        "outcome": {"title", "body", "read", "contact"},
    }[kind]
    extra = set(raw) - allowed
    if extra:
        ld.fail(f"unexpected key(s) for a {kind} node: {', '.join(sorted(map(str, extra)))}", node_id)
    node = Node(node_id, kind, {})
    required = {"question": ("question",), "calculator": ("title",), "outcome": ("title",)}[kind]
    for role in ("question", "help", "title", "intro"):
        if role in raw:
            node.texts[role] = ld.unit(raw[role], f"flow/{node_id}/{role}")
        elif role in required:
            ld.fail(f"a {kind} node needs '{role}'", node_id)
    if kind in ("question", "calculator"):
        answers = raw.get("answers")
        if not isinstance(answers, list) or not answers:
            ld.fail(f"a {kind} node needs a non-empty 'answers' list", node_id)
        for answer in answers:
            if not isinstance(answer, dict):
                ld.fail(f"an answer must be a mapping, got {answer!r}", f"{node_id}/answers")
            answer_id = ld.id(answer.get("id"), "answer id", f"{node_id}/answers")
            if any(a == answer_id for a, _, _ in node.answers):
                ld.fail("duplicate answer id", f"{node_id}/{answer_id}")
            extra = set(answer) - {"id", *TEXT_KEYS, "next"} - ({"matches"} if kind == "calculator" else set())
            if extra:
                ld.fail(f"unexpected key(s) in an answer: {', '.join(sorted(map(str, extra)))}", f"{node_id}/{answer_id}")
            target = answer.get("next")
            if target is None:
                ld.fail("the answer has no 'next' node", f"{node_id}/{answer_id}")
            target = ld.id(target, "next node id", f"{node_id}/{answer_id}")
            node.answers.append((answer_id, ld.unit(answer, f"flow/{node_id}/{answer_id}"), target))
            if "matches" in answer:
                matches = answer["matches"]
                if not isinstance(matches, list) or not matches or not all(isinstance(m, str) for m in matches):
                    ld.fail("'matches' must be a non-empty list of result headline keys", f"{node_id}/{answer_id}")
                node.matches[answer_id] = list(matches)
    if kind == "calculator":
        node.tool = raw.get("tool")
        if node.tool not in TOOLS:
            ld.fail(f"unknown tool {node.tool!r} (expected one of {', '.join(TOOLS)})", node_id)
        fields = raw.get("fields")
        if not isinstance(fields, list) or not fields or not all(isinstance(f, str) for f in fields):
            ld.fail("a calculator node needs a non-empty 'fields' list of field names", node_id)
        if len(set(fields)) != len(fields):
            ld.fail("a field is listed twice", f"{node_id}/fields")
        node.fields = list(fields)
        _check_matches(ld, node)
    if kind in ("calculator", "outcome"):
        # The articles to read: an outcome's next steps, a calculator's rules.
        read = raw.get("read", [])
        if not isinstance(read, list) or not all(isinstance(r, str) for r in read):
            ld.fail("'read' must be a list of article ids", f"{node_id}/read")
        node.read = list(read)
    if kind == "outcome":
        if not isinstance(raw.get("contact", False), bool):
            ld.fail("'contact' is true or false (add the contact block of ui.yaml)", node_id)
        node.contact = raw.get("contact", False)
        body = raw.get("body")
        if not isinstance(body, list) or not body:
            ld.fail("an outcome needs a non-empty 'body' list of units", node_id)
        for block in body:
            node.body.append(_load_block(ld, block, node_id))
    return node


def _check_matches(ld, node):
    """`matches` names headlines of the node's tool, each taken by at most one answer: the
    suggestion after a calculation is never ambiguous."""
    taken = {}
    for answer_id, keys in node.matches.items():
        for key in keys:
            if key not in HEADLINES[node.tool]:
                ld.fail(f"'matches': '{key}' is not a result headline of the tool '{node.tool}' "
                        f"(expected one of {', '.join(HEADLINES[node.tool])})", f"{node.id}/{answer_id}")
            if key in taken:
                ld.fail(f"'matches': '{key}' is already matched by the answer '{taken[key]}'", f"{node.id}/{answer_id}")
            taken[key] = answer_id


def _load_block(ld, block, node_id):
    if not isinstance(block, dict):
        ld.fail(f"expected a unit (a mapping with id, {', '.join(LANGS)}), got {block!r}", node_id)
    unit_id = ld.id(block.get("id"), "unit id", node_id)
    btype = block.get("type", "paragraph")
    if btype in TEXT_BLOCKS:
        return btype, ld.unit(block, f"flow/{node_id}/{unit_id}")
    if btype in LIST_BLOCKS:
        if f"flow/{node_id}/{unit_id}" in ld.seen:
            ld.fail("duplicate unit id", f"{node_id}/{unit_id}")
        ld.seen.add(f"flow/{node_id}/{unit_id}")
        items = block.get("items")
        if not isinstance(items, list) or not items:
            ld.fail(f"a '{btype}' unit needs a non-empty 'items' list", f"{node_id}/{unit_id}")
        units = []
        for item in items:
            if not isinstance(item, dict):
                ld.fail(f"expected an item (id, {', '.join(LANGS)}), got {item!r}", f"{node_id}/{unit_id}")
            item_id = ld.id(item.get("id"), "item id", f"{node_id}/{unit_id}")
            units.append(ld.unit(item, f"flow/{node_id}/{item_id}"))
        return btype, units
    ld.fail(f"unknown unit type {btype!r} (expected one of {', '.join(TEXT_BLOCKS + LIST_BLOCKS)})",
            f"{node_id}/{unit_id}")


def _load_tools(ld, raw):
    if not isinstance(raw, dict):
        ld.fail("'tools' must be a mapping of tool names", "tools")
    tools = {}
    for name in TOOLS:
        spec = raw.get(name)
        if not isinstance(spec, dict) or not isinstance(spec.get("fields"), dict) or not spec["fields"]:
            ld.fail(f"tool '{name}' needs 'fields' (its form fields)", f"tools/{name}")
        fields = {}
        for fname, f in spec["fields"].items():
            where = f"tools/{name}/{fname}"
            if not isinstance(fname, str) or not FIELD_NAME.match(fname):
                ld.fail(f"field name {fname!r} must be lowercase letters, digits and underscores", where)
            if not isinstance(f, dict) or f.get("type") not in FIELD_TYPES:
                ld.fail(f"field type must be one of {', '.join(FIELD_TYPES)}", where)
            extra = set(f) - {"type", "event", "repeat", *TEXT_KEYS, "help", "options", "default"}
            if extra:
                ld.fail(f"unexpected key(s): {', '.join(sorted(map(str, extra)))}", where)
            entry = {
                "type": f["type"],
                "event": f.get("event"),
                "repeat": f.get("repeat"),
                "label": ld.unit(f, f"flow/{where}", plain=True),
                "help": ld.unit(f["help"], f"flow/{where}/help", plain=True) if "help" in f else None,
                "options": None,
                "default": None,
            }
            if f["type"] in ("select", "choice"):
                options = f.get("options")
                if not isinstance(options, dict) or not options:
                    ld.fail(f"a {f['type']} field needs 'options'", where)
                entry["options"] = {str(k): ld.unit(v, f"flow/{where}/{k}", plain=True) for k, v in options.items()}
            if f["type"] == "choice":
                # One answer is chosen beforehand, so the form works without a tap on each.
                if f.get("default") not in entry["options"]:
                    ld.fail(f"a choice field needs a 'default', one of its options ({', '.join(entry['options'])})", where)
                entry["default"] = f["default"]
            elif "default" in f:
                ld.fail("only a choice field has a 'default'", where)
            if name == "access" and f["type"].startswith("datetime") and fname != "at" and not f.get("event"):
                ld.fail("an access field other than 'at' names the engine event it stands for ('event')", where)
            fields[fname] = entry
        results = spec.get("results")
        if not isinstance(results, dict):
            ld.fail(f"tool '{name}' needs 'results' (the labels of its result)", f"tools/{name}")
        tools[name] = {"fields": fields, "results": load_tree(ld, results, f"tools/{name}/results")}
        for dotted in REQUIRED_RESULTS[name]:
            node = tools[name]["results"]
            for part in dotted.split("."):
                node = node.get(part) if isinstance(node, dict) else None
            if not isinstance(node, Unit):
                ld.fail(f"missing result text '{dotted}'", f"tools/{name}/results")
    extra = set(raw) - set(TOOLS)
    if extra:
        ld.fail(f"unknown tool(s): {', '.join(sorted(map(str, extra)))}", "tools")
    return tools


