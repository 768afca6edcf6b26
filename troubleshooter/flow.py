"""The guided troubleshooter, step by step (standard library only; runs under Pyodide).

The flow is data: troubleshooter/_data/flow.json, which `kb generate` exports from
content/flow.yaml with every text already rendered in English and French. A position in the
flow is the list of answer ids chosen from the start node (the *path*), so a URL can carry it.

    step(path, lang, inputs=None, form=None) -> dict   the one entry point of the browser
    all_paths(lang)                                    every path from the start to an outcome
    path_to(node_id)                                   the shortest path to a node (deep links)
    ui(lang)                                           the page's interface texts

`step` never raises for bad input: an unknown answer id or a tampered path returns the start
node with the error "unknown-path"; bad calculator input returns the node with a structured
error whose message is in the reader's language. Texts marked HTML are safe HTML produced
from the structured source; everything the reader typed appears only in plain-text
messages (`error.message`, `presentation`), never in HTML. Messages and results carry typed
values that the page formats in the reader's language and time zone (troubleshooter.present).
"""

import json
from functools import lru_cache
from importlib import resources

from .amounts import AMOUNT_PARAMS
from .errors import InputError
from .forms import REQUIRED_FIELDS, WITHDRAWAL_AMOUNT, WITHDRAWAL_DATE, form_inputs
from .present import guess, message, present, text, typed

DATA_FILE = ("_data", "flow.json")


# --- data ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _packaged():
    ref = resources.files(__package__)
    for part in DATA_FILE:
        ref = ref.joinpath(part)
    return json.loads(ref.read_text(encoding="utf-8"))


def _lang(data, lang):
    return lang if lang in data["langs"] else data["langs"][0]


def ui(lang, data=None):
    """The interface texts of the troubleshooter page in `lang` (plain text)."""
    data = data or _packaged()
    lang = _lang(data, lang)
    return {key: texts[lang] for key, texts in data["ui"].items()}


# --- errors -----------------------------------------------------------------------------------
def _message(data, lang, code, values, variant=None):
    errors = data["errors"]
    entry = errors.get(f"{code}/{variant}") if variant else None
    entry = entry or errors.get(code) or errors["bad-input"]
    return message(entry[lang], values)


def _field_label(data, lang, tool, name):
    fields = data["tools"].get(tool, {}).get("fields", {}) if tool else {}
    if name in fields:
        return fields[name]["label"][lang]
    generic = data["ui"].get(f"field-{name}") if name else None
    return generic[lang] if generic else (name or "—")


def _event_field(data, event_text):
    """The access form field of an event given as "WHEN=EVENT" (or None)."""
    if not isinstance(event_text, str):
        return None
    name = event_text.rpartition("=")[2].strip().lower()
    for fname, spec in data["tools"]["access"]["fields"].items():
        if spec.get("event") == name:
            return fname
    return None


def _form_field(data, tool, err):
    """Which form field an InputError is about (the browser marks it)."""
    params = err.params or {}
    if err.field == "event":
        if err.code in ("bad-event", "unknown-event"):
            return "event"
        return _event_field(data, params.get("event", err.value)) or "event"
    if err.field == "withdrawal":
        if err.code == "bad-amount":
            return WITHDRAWAL_AMOUNT
        if err.code == "empty-value" and "withdrawal" in params:
            date_part = str(params["withdrawal"]).partition("=")[0]
            return WITHDRAWAL_DATE if not date_part.strip() else WITHDRAWAL_AMOUNT
        return WITHDRAWAL_DATE
    return err.field


def _input_error(data, lang, tool, err):
    field = _form_field(data, tool, err)
    # An example shows the expected input format: it stays as the engine wrote it. Amounts
    # (a sample, a reading of what was typed) are written like every amount on the page.
    values = {key: (text(v) if key == "example" else typed("amount", v) if key in AMOUNT_PARAMS
                    else guess(v)) for key, v in (err.params or {}).items()}
    values["value"] = text("" if err.value is None else err.value)
    values["field"] = text(_field_label(data, lang, tool, field))
    if err.code == "events-out-of-order":
        values["previous_field"] = text(_field_label(data, lang, tool,
                                                     _event_field(data, (err.params or {}).get("previous")) or "event"))
    variant = (err.params or {}).get("reason")
    return {
        "code": err.code,
        "field": field,
        "engine_field": err.field,
        "value": err.value,
        "message": _message(data, lang, err.code, values, variant),
    }


def _flow_error(data, lang, code, tool=None, field=None, value=None):
    values = {"field": text(_field_label(data, lang, tool, field)), "value": text("" if value is None else value)}
    return {"code": code, "field": field, "engine_field": None, "value": value,
            "message": _message(data, lang, code, values)}


# --- calculators ------------------------------------------------------------------------------
def _check_inputs(data, lang, tool, inputs):
    """Shape of the inputs before the engine sees them: an error dict, or None."""
    if not isinstance(inputs, dict):
        return _flow_error(data, lang, "bad-input", tool)
    for name in REQUIRED_FIELDS[tool]:
        if inputs.get(name) is None:
            return _flow_error(data, lang, "missing-input", tool, name)
        if not isinstance(inputs[name], str):
            return _flow_error(data, lang, "bad-input", tool, name, inputs[name])
    lists = {"access": ("events", "event"), "limits": ("withdrawals", "withdrawal")}.get(tool)
    if lists:
        key, field = lists
        items = inputs.get(key, [])
        if items is None:
            items = []
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, str) for i in items):
            return _flow_error(data, lang, "bad-input", tool, field)
    return None


def _compute(tool, inputs, numbers=None):
    """(result, extra) from the engine; raises InputError. `numbers`: the number symbols of
    the reader's language, with which typed amounts are read."""
    if tool == "access":
        from .access import access_timeline, compute_access
        events = list(inputs.get("events") or [])
        return compute_access(inputs["at"], events), access_timeline(inputs["at"], events)
    if tool == "limits":
        from .limits import compare_devices, compute_limits
        withdrawals = list(inputs.get("withdrawals") or [])
        return (compute_limits(inputs["device"], inputs["on"], withdrawals, amount_symbols=numbers),
                compare_devices(inputs["on"], withdrawals, amount_symbols=numbers))
    from .username import check_username
    return check_username(inputs["value"]), None


def _fields(data, lang, node):
    tool = data["tools"][node["tool"]]
    out = []
    circulation = {}
    if node["tool"] == "limits":
        from .facts import load_facts
        circulation = {d.id: d.in_circulation for d in load_facts().devices.values()}
    for name in node["fields"]:
        spec = tool["fields"][name]
        options = None
        if spec.get("options"):
            options = []
            for value, label in spec["options"].items():
                if circulation and value not in circulation:
                    continue
                text = label[lang]
                if circulation and not circulation[value]:
                    text = f"{text} ({data['ui']['no-longer-issued'][lang]})"
                options.append({"value": value, "label": text})
        out.append({
            "name": name,
            "type": spec["type"],
            "label": spec["label"][lang],
            "help": spec["help"][lang] if spec.get("help") else None,
            "event": spec.get("event"),
            "repeat": spec.get("repeat"),
            "required": name in REQUIRED_FIELDS[node["tool"]],
            "options": options,
        })
    return out


# --- walking the flow -------------------------------------------------------------------------
def _asked(node, lang):
    """What a node asks, for the summary of answers: its question or its title."""
    texts = node.get("question") or node.get("title")
    return texts[lang] if texts else ""


def _walk(data, path):
    """(node id, summary entries) at the end of `path`, or None when the path is not valid."""
    if path is None:
        path = []
    if not isinstance(path, (list, tuple)):
        return None
    node_id = data["start"]
    trail = []
    for answer_id in path:
        node = data["nodes"][node_id]
        answer = next((a for a in node.get("answers", []) if a["id"] == answer_id), None) \
            if isinstance(answer_id, str) else None
        if answer is None:
            return None
        trail.append((node_id, answer))
        node_id = answer["next"]
    return node_id, trail


def _view(data, lang, node_id, trail):
    node = data["nodes"][node_id]
    path = [answer["id"] for _, answer in trail]

    def text(role):
        texts = node.get(role)
        return texts[lang] if texts else None

    view = {
        "lang": lang,
        "node": node_id,
        "kind": node["kind"],
        "is_start": node_id == data["start"],
        "path": path,
        "summary": [{"node": nid, "question": _asked(data["nodes"][nid], lang),
                     "answer": answer["id"], "label": answer["label"][lang]}
                    for nid, answer in trail],
        "question": text("question"),
        "help": text("help"),
        "title": text("title"),
        "intro": text("intro"),
        "body": text("body"),
        "answers": [{"id": a["id"], "label": a["label"][lang], "next": a["next"], "path": [*path, a["id"]]}
                    for a in node.get("answers", [])],
        "read": [{"id": aid, "title": data["articles"][aid]["title"][lang], "url": data["articles"][aid]["url"]}
                 for aid in node.get("read", [])],
        "tool": node.get("tool"),
        "fields": _fields(data, lang, node) if node["kind"] == "calculator" else [],
        "inputs": None,
        "result": None,
        "details": None,
        "presentation": None,
        "suggested": None,
        "error": None,
    }
    return view


def step(path, lang, inputs=None, form=None, data=None):
    """The current step after the answers in `path` (answer ids from the start node), in `lang`.

    On a calculator node, `inputs` (the engine's strings: access {"at", "events"}, limits
    {"device", "on", "withdrawals"}, username {"value"}) or `form` (the form's values, see
    form_inputs) run the engine, which reads amounts as typed in `lang` (150,000 /
    150 000,50: troubleshooter.amounts; every amount of the command line's form is read the
    same): `result` is its raw dict, `details` the access timeline or the limits of every
    device, `presentation` the result for people in `lang` and `suggested` the answer that
    fits it. Bad input gives `error` = {"code", "field",
    "engine_field", "value", "message"} instead.

    Every key is always present (None or [] when it does not apply):
      lang, node, kind ("question" | "calculator" | "outcome"), is_start, path,
      summary   [{"node", "question" (HTML), "answer" (id), "label" (HTML)}] – answers so far
      question, help, title, intro, body        HTML in `lang` (body: outcomes only)
      answers   [{"id", "label" (HTML), "next", "path" (path + [id])}]
      read      [{"id", "title", "url" (relative to the troubleshooter page)}]
      tool, fields [{"name", "type", "label", "help", "event", "repeat", "required",
                     "options": [{"value", "label"}] | None}]
      inputs    the engine inputs used; result (raw dict); details (raw list)
      presentation {"key", "headline", "lines": [{"key", "label", "value"}], "list_title", "list"}
                (messages and typed values: troubleshooter.present); suggested: an answer id
      error     {"code", "field" (form field), "engine_field", "value", "message"} | None
    """
    data = data or _packaged()
    lang = _lang(data, lang)
    walked = _walk(data, path)
    if walked is None:
        view = _view(data, lang, data["start"], [])
        view["error"] = _flow_error(data, lang, "unknown-path")
        return view
    node_id, trail = walked
    view = _view(data, lang, node_id, trail)
    node = data["nodes"][node_id]
    if node["kind"] != "calculator" or (inputs is None and form is None):
        return view
    tool = node["tool"]
    if inputs is None:
        inputs = form_inputs(tool, form, data)
    view["inputs"] = inputs
    problem = _check_inputs(data, lang, tool, inputs)
    if problem:
        view["error"] = problem
        return view
    try:
        result, extra = _compute(tool, inputs, data["numbers"][lang])
    except InputError as err:
        view["error"] = _input_error(data, lang, tool, err)
        return view
    view["result"] = result
    view["details"] = extra
    view["presentation"] = present(data, lang, tool, result, extra)
    # The answer that fits the result (flow.yaml: `matches` on the node's answers).
    view["suggested"] = next((a["id"] for a in node.get("answers", [])
                              if view["presentation"]["key"] in a.get("matches", ())), None)
    return view


def all_paths(lang, data=None):
    """Every path from the start node to an outcome, depth first in the source's order:
    [{"path": [answer ids], "outcome": node id, "title": HTML, "summary": [...]}]."""
    data = data or _packaged()
    lang = _lang(data, lang)
    out = []

    def visit(node_id, trail):
        node = data["nodes"][node_id]
        if node["kind"] == "outcome":
            view = _view(data, lang, node_id, trail)
            out.append({"path": view["path"], "outcome": node_id, "title": view["title"],
                        "summary": view["summary"]})
            return
        for answer in node.get("answers", []):
            visit(answer["next"], [*trail, (node_id, answer)])

    visit(data["start"], [])
    return out


def path_to(node_id, data=None):
    """The shortest path (answer ids) from the start to `node_id`, or None if there is none:
    for deep links to a node, e.g. #/limits."""
    data = data or _packaged()
    if node_id not in data["nodes"]:
        return None
    queue, seen = [(data["start"], [])], {data["start"]}
    while queue:
        current, path = queue.pop(0)
        if current == node_id:
            return path
        for answer in data["nodes"][current].get("answers", []):
            if answer["next"] not in seen:
                seen.add(answer["next"])
                queue.append((answer["next"], [*path, answer["id"]]))
    return None
