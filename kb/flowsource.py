"""The guided troubleshooter's flow (content/flow.yaml): loading, validation and the export
that the troubleshooter ships as troubleshooter/_data/flow.json.

    flow = load_flow("content/flow.yaml")          # shape: kinds, ids, texts in en and fr
    validate_flow(flow, article_ids)               # graph, article ids, engine error codes
    data = export_flow(flow, render, articles)     # JSON-ready, every text rendered

Every problem is a SourceError naming the file and the unit (`<node>/<unit>`), never a
traceback. Rendering is the caller's: `render(text, lang, unit) -> Markdown` turns the
Jinja expressions ({{ facts.x }}, {{ terms.x }}) into text in one language. Article links
({{ link('ID') }}) are resolved here, before `render`, into relative URLs that work from
the troubleshooter page (/troubleshooter/ and /fr/troubleshooter/): `../<category>/<slug>/`.
"""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown as _markdown

from .errors import SourceError
from . import expressions
from .lint import text_problems
from .markup import clean
from .yamlio import load_yaml
from troubleshooter.forms import REQUIRED_FIELDS, TOOLS    # the engine declares its forms

LANGS = ("en", "fr")
KINDS = ("question", "calculator", "outcome")
TEXT_BLOCKS = ("paragraph", "note", "tip", "warning")
LIST_BLOCKS = ("steps", "list")
# An outcome that tells the reader to call ends with the contact block (numbers by region,
# what to have ready): a reader at a dead end always gets a way out.
SENDS_TO_PHONE = re.compile(r"\b[Cc]all\b[^.]*terms\.(?:client_services|technical_assistance)")
FIELD_TYPES = ("datetime", "datetime-list", "date", "amount", "select", "text")
# Errors the flow itself reports (troubleshooter/flow.py), besides the engine's InputErrors.
FLOW_ERROR_CODES = ("unknown-path", "missing-input", "bad-input")
# Interface texts troubleshooter/flow.py relies on.
REQUIRED_UI = ("note", "tip", "warning", "yes", "no", "no-longer-issued", "start-again")
# Form fields each tool's calculator nodes must show, and the result texts flow.py uses.
REQUIRED_RESULTS = {
    "access": (
        "labels.at", "labels.client_portal", "labels.trading", "labels.credential",
        "labels.access_until", "labels.locked_until", "labels.failed_attempts",
        "values.client_portal.full", "values.client_portal.card-only", "values.client_portal.none",
        "values.credential.device", "values.credential.temp-passcode",
        "values.credential.online-card", "values.credential.none",
        "headlines.locked", "headlines.full", "headlines.full-until", "headlines.card-only",
        "headlines.card-only-until", "headlines.none",
        "timeline.title", "timeline.segment", "timeline.segment-until", "timeline.locked",
        "timeline.with",
    ),
    "limits": (
        "labels.device", "labels.on", "labels.daily_limit", "labels.window_limit",
        "labels.window_start", "labels.withdrawn_today", "labels.withdrawn_in_window",
        "labels.available", "labels.binding", "labels.next_increase_on",
        "values.binding.daily", "values.binding.window", "values.unlimited",
        "headlines.unlimited", "headlines.available", "headlines.exhausted",
        "headlines.exhausted-next", "comparison.title", "comparison.row",
    ),
    "username": (
        "labels.value", "labels.problems", "values.problems.empty", "values.problems.uppercase",
        "values.problems.bad-character", "headlines.ok", "headlines.problems",
    ),
}
# The headline keys of each tool's result (troubleshooter/flow.py picks one per result): an
# answer of a calculator node names those it fits in `matches`, the answer suggested after
# the calculation.
HEADLINES = {tool: tuple(key.removeprefix("headlines.") for key in keys if key.startswith("headlines."))
             for tool, keys in REQUIRED_RESULTS.items()}
REQUIRED_FORMATS = ("months", "weekdays", "day-first", "date", "datetime", "amount",
                    "group-separator", "decimal-separator")

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)\}(?!\})")
LINK = re.compile(
    r"\{\{-?\s*link\(\s*(['\"])(?P<id>[^'\"]+)\1\s*(?:,\s*(['\"])(?P<text>.*?)\3\s*)?\)\s*-?\}\}", re.S)


@dataclass
class Unit:
    """One bilingual text. `key` is its global name, `flow/<node>/<unit>` (or
    `flow/tools/…`, `flow/errors/…`): the unit named in errors and translation files."""
    key: str
    texts: dict            # {"en": str, "fr": str}
    plain: bool = False    # plain text (no Markdown, no links); {placeholders} allowed
    node: dict | None = field(default=None, repr=False, compare=False)   # the mapping it was read from

    @property
    def name(self):
        return self.key.removeprefix("flow/")


@dataclass
class Node:
    id: str
    kind: str
    texts: dict                                   # role -> Unit (question, help, title, intro)
    answers: list = field(default_factory=list)   # [(answer id, Unit, next node id)]
    tool: str | None = None
    fields: list = field(default_factory=list)
    body: list = field(default_factory=list)      # [(type, Unit | [Unit])]
    read: list = field(default_factory=list)
    contact: bool = False                         # outcome ends with the contact block (ui.yaml)
    # A calculator's answer id -> the result headlines it suggests (HEADLINES of its tool).
    matches: dict = field(default_factory=dict)

    def units(self):
        yield from self.texts.values()
        for _, unit, _ in self.answers:
            yield unit
        for _, content in self.body:
            yield from (content if isinstance(content, list) else [content])


@dataclass
class Flow:
    file: Path
    start: str
    nodes: dict                 # id -> Node, in source order
    tools: dict                 # tool -> {"fields": {name: {...}}, "results": nested Units}
    errors: dict                # code -> Unit
    ui: dict                    # key -> Unit
    formats: dict               # key -> Unit

    def units(self):
        """Every bilingual unit of the flow, in source order."""
        for node in self.nodes.values():
            yield from node.units()
        for tool in self.tools.values():
            for spec in tool["fields"].values():
                yield spec["label"]
                if spec.get("help"):
                    yield spec["help"]
                yield from (spec.get("options") or {}).values()
            yield from _nested_units(tool["results"])
        yield from self.errors.values()
        yield from self.ui.values()
        yield from self.formats.values()


def _nested_units(tree):
    for value in tree.values():
        if isinstance(value, Unit):
            yield value
        else:
            yield from _nested_units(value)


# --- loading -------------------------------------------------------------------------------
class _Loader:
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
        if not isinstance(node, dict):
            self.fail(f"expected a bilingual text {{en: …, fr: …}}, got {node!r}", name)
        texts = {}
        for lang in LANGS:
            value = node.get(lang)
            if value is None or (isinstance(value, str) and not value.strip()):
                language = "English" if lang == "en" else "French"
                self.fail(f"the {language} text is missing", name)
            if not isinstance(value, str):
                self.fail(f"'{lang}' must be a text, got {type(value).__name__}", name)
            texts[lang] = value
        for lang, text in texts.items():
            self.check_text(text, lang, name, plain)
        if plain:
            names = {lang: sorted(PLACEHOLDER.findall(t)) for lang, t in texts.items()}
            if names["en"] != names["fr"]:
                self.fail(f"the English and French texts use different placeholders "
                          f"({', '.join(names['en']) or 'none'} / {', '.join(names['fr']) or 'none'})", name)
        return Unit(key, texts, plain, node)

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


def load_flow(path, article_ids=None, error_codes=None, fact_names=None, term_names=None):
    """content/flow.yaml → Flow, or SourceError. Checks the shape of every node and text;
    with `article_ids` (every known article id) it also runs validate_flow: targets,
    reachability, cycles, articles, error codes."""
    flow = _load(path)
    if article_ids is not None:
        validate_flow(flow, article_ids, error_codes, fact_names, term_names)
    return flow


def _load(path):
    return read_flow_data(load_yaml(path), path)


def read_flow_data(data, path):
    """The flow from its loaded data (PyYAML or ruamel round-trip), without the checks that
    need the rest of the site."""
    ld = _Loader(path)
    for key in ("start", "nodes", "tools", "errors", "ui", "formats"):
        if key not in data:
            ld.fail(f"missing top-level '{key}'")
    unknown = set(data) - {"start", "nodes", "tools", "errors", "ui", "formats"}
    if unknown:
        ld.fail(f"unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}")
    if not isinstance(data["nodes"], list) or not data["nodes"]:
        ld.fail("'nodes' must be a non-empty list of nodes")
    nodes = {}
    for raw in data["nodes"]:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"] in nodes:
            ld.fail("duplicate node id", raw["id"])
        node = _load_node(ld, raw)
        nodes[node.id] = node
    start = ld.id(data["start"], "start node id")
    tools = _load_tools(ld, data["tools"])
    for node in nodes.values():
        if node.kind == "calculator":
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
    errors = _load_flat(ld, data["errors"], "errors", plain=True, key_re=re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)?$"))
    ui = _load_flat(ld, data["ui"], "ui", plain=True)
    formats = _load_flat(ld, data["formats"], "formats", plain=True, check_digits=False)
    for key in REQUIRED_UI:
        if key not in ui:
            ld.fail(f"missing interface text '{key}'", "ui")
    for key in REQUIRED_FORMATS:
        if key not in formats:
            ld.fail(f"missing format '{key}'", "formats")
    for lang in LANGS:
        if len(formats["months"].texts[lang].split()) != 12 or len(formats["weekdays"].texts[lang].split()) != 7:
            ld.fail(f"'{lang}': months must list twelve names and weekdays seven", "formats")
    return Flow(ld.path, start, nodes, tools, errors, ui, formats)


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
            extra = set(answer) - {"id", "en", "fr", "fr_from", "next"} - ({"matches"} if kind == "calculator" else set())
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
        ld.fail(f"expected a unit (a mapping with id, en, fr), got {block!r}", node_id)
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
                ld.fail(f"expected an item (id, en, fr), got {item!r}", f"{node_id}/{unit_id}")
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
            extra = set(f) - {"type", "event", "repeat", "en", "fr", "fr_from", "help", "options"}
            if extra:
                ld.fail(f"unexpected key(s): {', '.join(sorted(map(str, extra)))}", where)
            entry = {
                "type": f["type"],
                "event": f.get("event"),
                "repeat": f.get("repeat"),
                "label": ld.unit(f, f"flow/{where}", plain=True),
                "help": ld.unit(f["help"], f"flow/{where}/help", plain=True) if "help" in f else None,
                "options": None,
            }
            if f["type"] == "select":
                options = f.get("options")
                if not isinstance(options, dict) or not options:
                    ld.fail("a select field needs 'options'", where)
                entry["options"] = {str(k): ld.unit(v, f"flow/{where}/{k}", plain=True) for k, v in options.items()}
            if name == "access" and f["type"].startswith("datetime") and fname != "at" and not f.get("event"):
                ld.fail("an access field other than 'at' names the engine event it stands for ('event')", where)
            fields[fname] = entry
        results = spec.get("results")
        if not isinstance(results, dict):
            ld.fail(f"tool '{name}' needs 'results' (the labels of its result)", f"tools/{name}")
        tools[name] = {"fields": fields, "results": _load_tree(ld, results, f"tools/{name}/results")}
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


def _load_tree(ld, tree, prefix):
    """Nested mappings whose leaves are bilingual units (plain texts)."""
    out = {}
    for key, value in tree.items():
        where = f"{prefix}/{key}"
        if not isinstance(value, dict):
            ld.fail(f"expected a bilingual text or a mapping, got {value!r}", where)
        if "en" in value or "fr" in value:
            out[str(key)] = ld.unit(value, f"flow/{where}", plain=True)
        else:
            out[str(key)] = _load_tree(ld, value, where)
    return out


def _load_flat(ld, raw, section, plain, key_re=ID, check_digits=True):
    if not isinstance(raw, dict) or not raw:
        ld.fail(f"'{section}' must be a non-empty mapping", section)
    out = {}
    for key, value in raw.items():
        if not isinstance(key, str) or not key_re.match(key):
            ld.fail(f"key {key!r} must be kebab-case", section)
        if check_digits:
            out[key] = ld.unit(value, f"flow/{section}/{key}", plain=plain)
        else:  # formats: separators and patterns, checked for both languages only
            out[key] = _format_unit(ld, value, f"flow/{section}/{key}")
    return out


def _format_unit(ld, node, key):
    name = key.removeprefix("flow/")
    if not isinstance(node, dict) or not all(isinstance(node.get(lang), str) for lang in LANGS):
        ld.fail("expected a text in both languages {en: …, fr: …}", name)
    if any(re.search(r"\d", node[lang]) for lang in LANGS):
        ld.fail("digits in a format", name)
    for lang in LANGS:
        for problem in text_problems(node[lang], lang, numbers=False):
            ld.fail(problem, name)
    if sorted(PLACEHOLDER.findall(node["en"])) != sorted(PLACEHOLDER.findall(node["fr"])):
        ld.fail("the English and French patterns use different placeholders", name)
    ld.seen.add(key)
    return Unit(key, {lang: node[lang] for lang in LANGS}, plain=True, node=node)


# --- validation ------------------------------------------------------------------------------
def engine_error_codes():
    """Every InputError code the engine can raise, as it declares them."""
    from troubleshooter.errors import CODES
    return set(CODES)


def engine_events():
    """The engine's access event names, or None when the engine cannot be imported."""
    try:
        from troubleshooter.access import EVENTS
    except ImportError:
        return None
    return set(EVENTS)


def validate_flow(flow, article_ids, error_codes=None, fact_names=None, term_names=None):
    """Cross-references of a loaded Flow; raises SourceError naming the node or unit.

    article_ids: every known article id. error_codes: the engine's InputError codes
    (default: engine_error_codes()). fact_names / term_names: when given, every
    {{ facts.x }} / {{ terms.x }} must name one of them."""
    def fail(message, unit=None):
        raise SourceError(flow.file, message, unit)

    nodes = flow.nodes
    if flow.start not in nodes:
        fail(f"the start node '{flow.start}' does not exist", "start")
    if nodes[flow.start].kind == "outcome":
        fail("the start node must ask something", flow.start)
    for node in nodes.values():
        for answer_id, _, target in node.answers:
            if target not in nodes:
                fail(f"the answer leads to node '{target}', which does not exist", f"{node.id}/{answer_id}")

    # No cycles (depth-first search with colours), then every node reachable from the start.
    state = {}

    def visit(node_id, trail):
        state[node_id] = "open"
        for answer_id, _, target in nodes[node_id].answers:
            if state.get(target) == "open":
                loop = " → ".join([*trail[trail.index(target):], target]) if target in trail else target
                fail(f"the answer makes a cycle ({loop})", f"{node_id}/{answer_id}")
            if target not in state:
                visit(target, [*trail, target])
        state[node_id] = "done"

    visit(flow.start, [flow.start])
    for node_id in nodes:
        if node_id not in state:
            fail("the node cannot be reached from the start node", node_id)
    # A node that does not ask must end the flow; every path must end on an outcome.
    for node in nodes.values():
        if node.kind != "outcome" and not node.answers:
            fail("only an outcome may end the flow", node.id)

    known_articles = set(article_ids)
    for node in nodes.values():
        for article_id in node.read:
            if article_id not in known_articles:
                fail(f"unknown article id '{article_id}'", f"{node.id}/read")
        if node.kind == "outcome" and not node.read:
            fail("an outcome lists at least one article to read next ('read')", node.id)
        if node.kind == "outcome" and not node.contact and any(
                SENDS_TO_PHONE.search(u.texts.get("en", "")) for u in node.units()):
            fail("an outcome that sends the reader to the telephone ends with the contact block: add `contact: true`", node.id)
    known = {"link": known_articles, "facts": fact_names, "terms": term_names}
    what = {"link": "link to unknown article", "facts": "unknown fact", "terms": "unknown term"}
    for unit in flow.units():
        for lang, text in unit.texts.items():
            for reference in expressions.references(text):
                names = known.get(reference.kind)
                if names is not None and reference.target not in names:
                    fail(f"'{lang}': {what[reference.kind]} '{reference.target}'", unit.name)

    events = engine_events()
    for fname, spec in flow.tools["access"]["fields"].items():
        if spec["event"] is not None and events is not None and spec["event"] not in events:
            fail(f"'{spec['event']}' is not an event of the engine ({', '.join(sorted(events))})",
                 f"tools/access/{fname}")

    codes = set(engine_error_codes() if error_codes is None else error_codes) | set(FLOW_ERROR_CODES)
    for code in sorted(codes):
        if code not in flow.errors:
            fail(f"no message for the error code '{code}'", "errors")
    for key in flow.errors:
        base = key.split("/", 1)[0]
        if base not in codes:
            fail(f"message for an unknown error code '{base}'", f"errors/{key}")
    return flow


def read_flow(path, article_ids, error_codes=None, fact_names=None, term_names=None):
    """load_flow + validate_flow."""
    return load_flow(path, article_ids, error_codes, fact_names, term_names)


# --- export --------------------------------------------------------------------------------
def article_url(category, slug):
    """An article's URL relative to the troubleshooter page, in either language."""
    return f"../{category}/{slug}/"


def _md_escape(text):
    return re.sub(r"([\[\]\\])", r"\\\1", text)


class _Exporter:
    def __init__(self, flow, render, articles, contact=None):
        self.flow = flow
        self.contact = contact
        self.render_fn = render
        self.articles = {}
        for article_id, entry in (articles or {}).items():
            if isinstance(entry, dict):
                category, slug, titles = entry["category"], entry["slug"], entry["title"]
            else:
                category, slug, titles = entry
            self.articles[article_id] = {"url": article_url(category, slug), "titles": titles}
        self.used_articles = set()

    def fail(self, message, unit):
        raise SourceError(self.flow.file, message, unit)

    def article(self, article_id, unit):
        entry = self.articles.get(article_id)
        if entry is None:
            self.fail(f"link to unknown article '{article_id}'", unit)
        self.used_articles.add(article_id)
        return entry

    def title(self, article_id, lang, unit):
        titles = self.article(article_id, unit)["titles"]
        title = titles.get(lang) if isinstance(titles, dict) else None
        if not title:
            self.fail(f"article '{article_id}' has no {lang} title", unit)
        if "{{" in title:
            title = self.render_fn(title, lang, f"{article_id}/title")
        return title

    def markdown(self, unit, lang):
        """Render one unit to Markdown in `lang`, article links resolved first."""
        def link(match):
            entry = self.article(match.group("id"), unit.name)
            text = match.group("text")
            label = text if text is not None else self.title(match.group("id"), lang, unit.name)
            return f"[{_md_escape(label)}]({entry['url']})"
        return self.render_fn(LINK.sub(link, unit.texts[lang]), lang, unit.key)

    def inline(self, unit):
        return {lang: _inline_html(self.markdown(unit, lang)) for lang in LANGS}

    def block(self, unit):
        return {lang: clean(_markdown.markdown(self.markdown(unit, lang))) for lang in LANGS}

    def plain(self, unit):
        return {lang: self.render_fn(unit.texts[lang], lang, unit.key) for lang in LANGS}

    def raw(self, unit):
        return dict(unit.texts)

    def body(self, node):
        out = {lang: [] for lang in LANGS}
        for btype, content in node.body:
            if btype in LIST_BLOCKS:
                tag = "ol" if btype == "steps" else "ul"
                items = [self.inline(u) for u in content]
                for lang in LANGS:
                    lis = "".join(f"<li>{item[lang]}</li>" for item in items)
                    out[lang].append(f"<{tag}>{lis}</{tag}>")
            elif btype == "paragraph":
                text = self.block(content)
                for lang in LANGS:
                    out[lang].append(text[lang])
            else:  # note, tip, warning: the markup of Material for MkDocs admonitions
                text = self.block(content)
                title = self.plain(self.flow.ui[btype])
                for lang in LANGS:
                    out[lang].append(f'<div class="admonition {btype}"><p class="admonition-title">'
                                     f"{html.escape(title[lang])}</p>{text[lang]}</div>")
        if node.contact and self.contact:
            title, text = self.plain(self.contact["title"]), self.block(self.contact["body"])
            for lang in LANGS:
                out[lang].append(f'<div class="admonition info contact"><p class="admonition-title">'
                                 f"{html.escape(title[lang])}</p>{text[lang]}</div>")
        return {lang: "\n".join(parts) for lang, parts in out.items()}


def _inline_html(md):
    out = clean(_markdown.markdown(md)).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def _tree(exporter, tree):
    return {key: exporter.plain(value) if isinstance(value, Unit) else _tree(exporter, value)
            for key, value in tree.items()}


def export_flow(flow, render, articles, contact=None):
    """The JSON-ready flow, every text rendered in both languages.

    render(text, lang, unit) -> Markdown: the generator's renderer (facts formatted for the
    language, terms, French typography). articles: {article id: (category, slug,
    {"en": title, "fr": title})}, or {article id: {"category", "slug", "title": {…}}}. Question, answer, title and intro texts become inline
    HTML, outcome bodies block HTML; texts of tools, errors, ui and formats stay plain text
    with their {placeholders}. contact: {"title": Unit, "body": Unit}, the contact block
    that ends the outcomes marked `contact: true`."""
    ex = _Exporter(flow, render, articles, contact)
    nodes = {}
    for node in flow.nodes.values():
        out = {"kind": node.kind}
        for role, unit in node.texts.items():
            out[role] = ex.inline(unit)
        if node.kind in ("question", "calculator"):
            out["answers"] = [{"id": answer_id, "next": target, "label": ex.inline(unit)}
                              for answer_id, unit, target in node.answers]
        if node.kind == "calculator":
            for answer in out["answers"]:
                answer["matches"] = list(node.matches.get(answer["id"], []))
            out["tool"] = node.tool
            out["fields"] = list(node.fields)
        if node.kind == "outcome":
            out["body"] = ex.body(node)
        if node.kind in ("calculator", "outcome"):
            out["read"] = list(node.read)
            for article_id in node.read:
                ex.article(article_id, f"{node.id}/read")
        nodes[node.id] = out
    tools = {}
    for name, tool in flow.tools.items():
        fields = {}
        for fname, spec in tool["fields"].items():
            fields[fname] = {
                "type": spec["type"],
                "event": spec["event"],
                "repeat": spec["repeat"],
                "label": ex.plain(spec["label"]),
                "help": ex.plain(spec["help"]) if spec["help"] else None,
                "options": ({key: ex.plain(unit) for key, unit in spec["options"].items()}
                            if spec["options"] else None),
            }
        tools[name] = {"fields": fields, "results": _tree(ex, tool["results"])}
    articles_out = {}
    for article_id in sorted(ex.used_articles):
        articles_out[article_id] = {
            "url": ex.articles[article_id]["url"],
            "title": {lang: html.escape(ex.title(article_id, lang, "read"), quote=False) for lang in LANGS},
        }
    return {
        "_generated": "by kb generate from content/flow.yaml; do not edit",
        "format": 1,
        "langs": list(LANGS),
        "start": flow.start,
        "nodes": nodes,
        "articles": articles_out,
        "tools": tools,
        "errors": {code: ex.plain(unit) for code, unit in flow.errors.items()},
        "ui": {key: ex.plain(unit) for key, unit in flow.ui.items()},
        "formats": {key: ex.raw(unit) for key, unit in flow.formats.items()},
    }
