"""The expression language of the source: the only code a content author or a translator
may write. A text is prose with expressions in `{{ … }}`, and an expression is one of

    facts.<group>.<name>            a fact from content/facts.yaml, formatted for the language
    terms.<name>                    a term from content/glossary.yaml
    link('<article id>')            a link to an article, titled with the article's title,
    link('<article id>', '<label>')   or with a label (a string literal, translated like prose)
    tool('<name>'), tool('<name>', '<label>')   a link to the troubleshooter or a calculator

and nothing else: no arithmetic, filters, statements (`{% … %}`), indexing, keyword
arguments, other names or attributes. A text is parsed by Jinja2's sandboxed environment and
every node is checked against this grammar; the generator then renders the validated
references itself (kb/render.py), so no text is ever compiled or run as a template.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

ENV = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
NAMESPACES = {"facts": "fact", "terms": "term"}
CALLS = ("link", "tool")
ALLOWED = "allowed: {{ facts.<group>.<name> }}, {{ terms.<name> }}, {{ link('ID'[, 'label']) }}, {{ tool('name'[, 'label']) }}"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_EXPRESSION_SOURCE = re.compile(r"\{\{.*?\}\}", re.S)


class ExpressionError(ValueError):
    """A text that is not in the expression language; `str()` is one line for a person."""


@dataclass(frozen=True)
class Reference:
    """One validated expression."""
    kind: str                 # "facts", "terms", "link" or "tool"
    target: str               # dotted fact name, term name, article id or tool name
    label: str | None = None  # a link's or a tool's own label (prose, translated)

    def canonical(self):
        """The reference as a translation must keep it (the label is free to differ)."""
        if self.kind in CALLS:
            return f"{{{{ {self.kind}({self.target!r}) }}}}"
        return f"{{{{ {self.kind}.{self.target} }}}}"


def _fragment(text, index):
    """The source of the index-th `{{ … }}` of `text`, for an error message."""
    found = _EXPRESSION_SOURCE.findall(text)
    return found[index] if index < len(found) else text.strip()[:60]


def _snippet(text, opening, closing, width=40):
    """The piece of `text` from its first `opening` (or `closing`) to the matching end."""
    start = text.find(opening)
    start = text.find(closing) if start < 0 else start
    end = text.find(closing, start + len(opening))
    end = start + width if end < 0 else end + len(closing)
    return repr(text[max(start, 0):min(end, start + width)])


def _attribute_chain(node):
    """`facts.a.b` → ("facts", ["a", "b"]); None for anything that is not names and dots."""
    attrs = []
    while isinstance(node, nodes.Getattr):
        attrs.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    return node.name, attrs[::-1]


def _string_args(node):
    if node.kwargs or node.dyn_args or node.dyn_kwargs:
        raise ExpressionError("keyword or starred arguments are not allowed")
    if not 1 <= len(node.args) <= 2:
        raise ExpressionError(f"{node.node.name}() takes an id and an optional label")
    values = []
    for arg in node.args:
        if not (isinstance(arg, nodes.Const) and isinstance(arg.value, str)):
            raise ExpressionError(f"the arguments of {node.node.name}() must be quoted strings")
        values.append(arg.value)
    return values


def _reference(node):
    """One expression node → Reference, or ExpressionError saying what is not allowed."""
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name in CALLS:
        target, *label = _string_args(node)
        return Reference(node.node.name, target, label[0] if label else None)
    chain = _attribute_chain(node) if isinstance(node, (nodes.Getattr, nodes.Name)) else None
    if chain is not None:
        root, attrs = chain
        if root not in NAMESPACES:
            raise ExpressionError(f"unknown name '{root}'")
        bad = next((a for a in attrs if not _NAME.match(a)), None)
        if bad is not None:
            raise ExpressionError(f"'{bad}' is not a {NAMESPACES[root]} name")
        if not attrs or (root == "terms" and len(attrs) != 1):
            raise ExpressionError(f"write {root}.<name>" if root == "terms" else "write facts.<group>.<name>")
        return Reference(root, ".".join(attrs))
    reasons = {nodes.Filter: "filters (|) are not allowed", nodes.Test: "tests are not allowed",
               nodes.BinExpr: "arithmetic and operators are not allowed",
               nodes.UnaryExpr: "arithmetic and operators are not allowed",
               nodes.Compare: "comparisons are not allowed", nodes.CondExpr: "conditions are not allowed",
               nodes.Getitem: "indexing is not allowed", nodes.Literal: "literals are not allowed",
               nodes.Call: "calls other than link() and tool() are not allowed"}
    for kind, reason in reasons.items():
        if isinstance(node, kind):
            raise ExpressionError(reason)
    raise ExpressionError(f"{type(node).__name__} expressions are not allowed")


@lru_cache(maxsize=8192)
def parse(text):
    """The text as a tuple of prose pieces (str) and References, in order.

    Raises ExpressionError with the offending fragment and what is allowed."""
    if "{%" in text or "%}" in text:
        raise ExpressionError(f"{_snippet(text, '{%', '%}')}: statements are not allowed; {ALLOWED}")
    if "{{" not in text and "}}" not in text:
        return (text,)
    quick = _plain_parts(text)
    return quick if quick is not None else _jinja_parts(text)


def _jinja_parts(text):
    """parse() by Jinja's parser on the whole text."""
    try:
        tree = ENV.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        raise ExpressionError(f"{_snippet(text, '{{', '}}')}: malformed expression ({exc.message}); {ALLOWED}") from None
    parts, index = [], 0
    for output in tree.body:
        if not isinstance(output, nodes.Output):   # unreachable once {% is refused, kept as a wall
            raise ExpressionError(f"statements are not allowed; {ALLOWED}")
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                parts.append(node.data)
                continue
            try:
                parts.append(_reference(node))
            except ExpressionError as exc:
                raise ExpressionError(f"{_fragment(text, index)}: {exc}; {ALLOWED}") from None
            index += 1
    prose = "".join(p for p in parts if isinstance(p, str))
    if "{{" in prose or "}}" in prose:
        raise ExpressionError(f"{_snippet(prose, '{{', '}}')}: unbalanced {{{{ … }}}}; {ALLOWED}")
    return tuple(parts)


# What Jinja's lexer does to a text beyond cutting it at its expressions: comments ({# #}),
# whitespace control ({{- -}}, {{+ +}}), newlines (\r\n made \n, one trailing \n dropped);
# a text with any of them, or with braces inside an expression, goes through Jinja whole.
_NOT_PLAIN = ("{#", "\r")


def _plain_parts(text):
    """parse() of a plain text without parsing it whole: cut at each {{ … }}, every
    expression parsed by Jinja on its own, once whatever text it is in (the whole texts took
    a fifth of a generation at a thousand articles). None where that is not certain to be
    Jinja's own answer (then the whole text is parsed, which also words any error)."""
    if any(mark in text for mark in _NOT_PLAIN) or text.endswith("\n"):
        return None
    parts, done = [], 0
    while (start := text.find("{{", done)) >= 0:
        end = text.find("}}", start + 2)
        inner = text[start + 2:end] if end >= 0 else ""
        if not inner or inner[0] in "-+" or inner[-1] in "-+" or "{" in inner or "}" in inner:
            return None
        reference = _expression(inner)
        if reference is None:
            return None
        parts += [text[done:start], reference] if start > done else [reference]
        done = end + 2
    if done < len(text):
        parts.append(text[done:])
    if any("}}" in part for part in parts if isinstance(part, str)):
        return None
    return tuple(parts)


@lru_cache(maxsize=4096)
def _expression(inner):
    """The Reference of one expression (the inside of its braces), or None if it is not one."""
    try:
        tree = ENV.parse("{{" + inner + "}}")
    except jinja2.TemplateSyntaxError:
        return None
    body = tree.body
    if len(body) != 1 or not isinstance(body[0], nodes.Output) or len(body[0].nodes) != 1:
        return None
    try:
        return _reference(body[0].nodes[0])
    except ExpressionError:
        return None


def references(text):
    """The References of a text, in order."""
    return [part for part in parse(text) if isinstance(part, Reference)]


def prose(text, fill=" "):
    """The text a reader gets from the author's own words: prose pieces and labels, each
    expression without a label replaced by `fill`. What the text lints check."""
    out = []
    for part in parse(text):
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(part.label if part.label is not None else fill)
    return "".join(out)
