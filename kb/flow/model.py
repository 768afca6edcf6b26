"""The troubleshooter's flow as data: nodes (questions, calculators, outcomes), the tools'
forms and result texts, error messages, interface texts and formats, each text a
kb.units.Unit. The rules the data must follow are in kb/flow/load.py (shape) and
kb/flow/checks.py (cross-references); the constants here are the ones they share."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from troubleshooter.forms import REQUIRED_FIELDS, TOOLS    # noqa: F401  (the engine declares its forms)

from ..units import LANGS, Unit

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
# The interface texts the generator and the page need (each tool also needs its button's
# text, `submit-<tool>`; see REQUIRED_UI_PER_TOOL).
REQUIRED_UI = ("note", "tip", "warning", "yes", "no", "no-longer-issued", "start-again", "title", "back",
               "change", "your-answers", "copy", "needs-js", "then", "read-next", "loading", "waiting",
               "slow-start", "failed")
REQUIRED_UI_PER_TOOL = ("submit-{tool}",)
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
        "headlines.exhausted-next", "comparison.title",
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

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)\}(?!\})")
LINK = re.compile(
    r"\{\{-?\s*link\(\s*(['\"])(?P<id>[^'\"]+)\1\s*(?:,\s*(['\"])(?P<text>.*?)\3\s*)?\)\s*-?\}\}", re.S)




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
    contact: str                # the article offered when a calculator cannot run (its id)
    nodes: dict                 # id -> Node, in source order
    tools: dict                 # tool -> {"fields": {name: {...}}, "results": nested Units}
    errors: dict                # code -> Unit
    ui: dict                    # key -> Unit

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


def _nested_units(tree):
    for value in tree.values():
        if isinstance(value, Unit):
            yield value
        else:
            yield from _nested_units(value)

