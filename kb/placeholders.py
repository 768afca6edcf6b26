"""What a translation must keep from its English: the Jinja2 expressions of the source
({{ facts.x }}, {{ terms.x }}, {{ link('ID') }}, {{ tool('name') }}) and the run-time
placeholders of the troubleshooter's plain texts ({field}, {amount}…).

A French unit must use exactly the same references as its English unit, as a multiset: a
translator may move them, never drop, add or change one. Only the quoted label of a link
or a tool (`link('KB70', 'the overview')`) is free to differ: it is text to translate."""

import re
from collections import Counter

import jinja2
from jinja2 import nodes

_ENV = jinja2.Environment()
# {name} outside {{ … }}: filled in by the troubleshooter at run time (content/flow.yaml).
RUNTIME_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_-]*)\}(?!\})")
LABELLED_CALLS = ("link", "tool")


def _expr(node):
    """A canonical, readable form of one expression node."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Getattr):
        return f"{_expr(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_expr(node.node)}[{_expr(node.arg)}]"
    if isinstance(node, nodes.Call):
        args = list(node.args)
        if isinstance(node.node, nodes.Name) and node.node.name in LABELLED_CALLS and args:
            args = args[:1]     # the label is text to translate
        inner = [_expr(a) for a in args] + [f"{k.key}={_expr(k.value)}" for k in node.kwargs]
        return f"{_expr(node.node)}({', '.join(inner)})"
    if isinstance(node, nodes.Filter):
        return f"{_expr(node.node)} | {node.name}"
    return type(node).__name__


def references(text):
    """Counter of the references in one text: '{{ facts.x }}', "{{ link('KB70') }}",
    '{placeholder}'. Raises jinja2.TemplateSyntaxError on a malformed expression."""
    found = Counter()
    tree = _ENV.parse(text)
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                for name in RUNTIME_PLACEHOLDER.findall(node.data):
                    found["{" + name + "}"] += 1
            else:
                found["{{ " + _expr(node) + " }}"] += 1
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            found["{% " + type(statement).__name__.lower() + " %}"] += 1
    return found


def _listed(counter):
    return ", ".join(f"{ref} ×{n}" if n > 1 else ref for ref, n in sorted(counter.items()))


def difference(english, french):
    """None when both texts use the same references, else a sentence saying what differs."""
    en, fr = references(english), references(french)
    if en == fr:
        return None
    missing, extra = en - fr, fr - en
    parts = []
    if missing:
        parts.append(f"missing in French: {_listed(missing)}")
    if extra:
        parts.append(f"not in the English: {_listed(extra)}")
    return "; ".join(parts)


def compare_unit(english, french):
    """Problems (sentences) between a unit's English and French, either texts or lists of
    table cells (compared cell by cell)."""
    if isinstance(english, list) or isinstance(french, list):
        en = english if isinstance(english, list) else [english]
        fr = french if isinstance(french, list) else [french]
        if len(en) != len(fr):
            return [f"the French has {len(fr)} cells, the English {len(en)}"]
        problems = []
        for number, (e, f) in enumerate(zip(en, fr), start=1):
            problem = _safe_difference(e, f)
            if problem:
                problems.append(f"cell {number}: {problem}")
        return problems
    problem = _safe_difference(english, french)
    return [problem] if problem else []


def _safe_difference(english, french):
    try:
        references(english)
    except jinja2.TemplateSyntaxError:
        return None                          # the English is the generator's to report
    try:
        return difference(english, french)
    except jinja2.TemplateSyntaxError as exc:
        return f"bad expression in the French text: {exc.message}"
