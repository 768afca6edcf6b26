"""The facts registry (content/facts.yaml): loading, validation, lookup by dotted name, and
the values-only export that the troubleshooter engine ships as data."""

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .errors import SourceError
from .markup import plain_problem
from .yamlio import load_yaml

KINDS = {"count", "days", "hours", "weeks", "usd", "number", "version", "phone", "email", "text", "address"}
UNLIMITED = "unlimited"


@dataclass(frozen=True)
class Fact:
    name: str                # dotted name, e.g. "temp_passcode.full_access_days"
    value: object            # int, Decimal, str, or UNLIMITED
    kind: str
    sources: tuple
    conflict: str | None = None
    derived_from: str | None = None   # the fact this one is computed from (another unit)
    evidence: tuple = ()              # ((seed, keyword), …): what to find in the seed when the value is written differently there


class FactRegistry:
    """All facts, by dotted name. `conflicts` and `sources` are kept as written."""

    def __init__(self, path, facts, sources, conflicts):
        self.path = Path(path)
        self.facts = facts
        self.sources = sources
        self.conflicts = conflicts

    def __contains__(self, name):
        return name in self.facts

    def devices(self):
        """The security devices (`withdrawal.limits.<device>`), in the registry's order: the
        one list of devices, which the articles' table and the calculator follow."""
        prefix = "withdrawal.limits."
        return list(dict.fromkeys(name[len(prefix):].split(".")[0] for name in self.facts if name.startswith(prefix)))

    def get(self, name, unit=None, file=None):
        try:
            return self.facts[name]
        except KeyError:
            raise SourceError(file or self.path, f"unknown fact '{name}' (not in {self.path.name})", unit) from None

    def export_values(self):
        """Nested {group: {name: value}} with amounts as decimal strings and `unlimited` as
        None: the shape the engine reads from troubleshooter/_data/facts.json."""
        out = {}
        for name, fact in sorted(self.facts.items()):
            node = out
            *parents, leaf = name.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            value = fact.value
            if value == UNLIMITED:
                value = None
            elif isinstance(value, Decimal):
                value = str(value)
            node[leaf] = value
        return out


def _coerce(value, kind, file, name):
    if kind == "usd":
        if value == UNLIMITED:
            return UNLIMITED
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise SourceError(file, f"fact '{name}': an amount must be a number or 'unlimited', got {value!r}")
        try:
            return Decimal(str(value))
        except ArithmeticError:
            raise SourceError(file, f"fact '{name}': {value!r} is not an amount") from None
    if kind in {"count", "days", "hours", "weeks"}:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SourceError(file, f"fact '{name}': a {kind} must be a whole number, got {value!r}")
        return value
    if not isinstance(value, (str, int, float)):
        raise SourceError(file, f"fact '{name}': expected text, got {value!r}")
    problem = plain_problem(value) if isinstance(value, str) else None
    if problem:
        raise SourceError(file, f"fact '{name}': {problem}")
    return value


# A duration written once and needed in another unit (the engine counts days, the articles
# say "3 weeks") is derived, not typed twice: `derived_from: group.name` and its kind.
UNIT_FACTORS = {"weeks": 7 * 24, "days": 24, "hours": 1}
FACT_KEYS = {"kind", "sources", "conflict", "value", "derived_from", "evidence"}


def convert(value, from_kind, to_kind):
    """A whole-number duration in another unit, or None when it does not divide evenly."""
    if from_kind not in UNIT_FACTORS or to_kind not in UNIT_FACTORS:
        return None
    hours = value * UNIT_FACTORS[from_kind]
    return hours // UNIT_FACTORS[to_kind] if hours % UNIT_FACTORS[to_kind] == 0 else None


def _evidence(node, prefix, file):
    """`evidence: {"004": "1M USD"}` or `{"004": ["1M USD", "1,5M USD"]}`: the words that
    show the value in a seed that writes it differently (kb/factlint.py checks them)."""
    raw = node.get("evidence") or {}
    if not isinstance(raw, dict):
        raise SourceError(file, f"fact '{prefix}': 'evidence' maps a seed to the words that show the value there")
    pairs = []
    for seed, words in raw.items():
        if str(seed) not in {str(s) for s in node.get("sources") or ()}:
            raise SourceError(file, f"fact '{prefix}': evidence for seed '{seed}', which is not among its sources")
        for word in words if isinstance(words, list) else [words]:
            pairs.append((str(seed), str(word)))
    return tuple(pairs)


def _walk(node, prefix, file, facts, derived):
    """Leaves are mappings with `value` (or, for withdrawal limits, `daily`/`window`), or
    `derived_from` another fact."""
    if not isinstance(node, dict):
        raise SourceError(file, f"'{prefix}' must be a mapping")
    is_leaf = "kind" in node
    if not is_leaf:
        for key, child in node.items():
            _walk(child, f"{prefix}.{key}" if prefix else key, file, facts, derived)
        return
    kind = node["kind"]
    if kind not in KINDS:
        raise SourceError(file, f"fact '{prefix}': unknown kind '{kind}' (expected one of {', '.join(sorted(KINDS))})")
    if "derived_from" in node:
        if "value" in node or "sources" in node:
            raise SourceError(file, f"fact '{prefix}': a derived fact takes its value and sources from '{node['derived_from']}'")
        derived.append((prefix, node))
        return
    sources = node.get("sources")
    if not sources or not isinstance(sources, list):
        raise SourceError(file, f"fact '{prefix}': every fact names the seeds it comes from (`sources: [...]`)")
    evidence = _evidence(node, prefix, file)
    extra = {k: v for k, v in node.items() if k not in FACT_KEYS}
    if "value" in node:
        facts[prefix] = Fact(prefix, _coerce(node["value"], kind, file, prefix), kind, tuple(sources), node.get("conflict"), evidence=evidence)
    if not extra and "value" not in node:
        raise SourceError(file, f"fact '{prefix}': no value")
    # Compound facts (a device's daily and window limits) become one fact per field.
    for key, value in extra.items():
        sub_kind = kind if not isinstance(value, bool) else "flag"
        coerced = value if sub_kind == "flag" else _coerce(value, kind, file, f"{prefix}.{key}")
        facts[f"{prefix}.{key}"] = Fact(f"{prefix}.{key}", coerced, sub_kind, tuple(sources), node.get("conflict"), evidence=evidence)


def _derive(name, node, facts, file):
    source = facts.get(node["derived_from"])
    if source is None:
        raise SourceError(file, f"fact '{name}': derived from unknown fact '{node['derived_from']}'")
    value = convert(source.value, source.kind, node["kind"]) if isinstance(source.value, int) else None
    if value is None:
        raise SourceError(file, f"fact '{name}': cannot express '{source.name}' ({source.kind}) in {node['kind']}")
    return Fact(name, value, node["kind"], source.sources, node.get("conflict", source.conflict), derived_from=source.name)


def load_facts(path):
    path = Path(path)
    data = load_yaml(path)
    for key in ("sources", "facts", "conflicts"):
        if key not in data:
            raise SourceError(path, f"missing top-level '{key}'")
    facts = {}
    derived = []
    _walk(data["facts"], "", path, facts, derived)
    for name, node in derived:
        facts[name] = _derive(name, node, facts, path)
    sources = data["sources"]
    for fact in facts.values():
        for seed in fact.sources:
            if str(seed) not in sources:
                raise SourceError(path, f"fact '{fact.name}': unknown source '{seed}'")
    for cid, conflict in data["conflicts"].items():
        target = conflict.get("fact")
        if target not in facts and not any(n.startswith(f"{target}.") for n in facts):
            raise SourceError(path, f"conflict {cid}: unknown fact '{target}'")
        for side in ("used", "rejected"):
            if side not in conflict or not conflict[side].get("sources"):
                raise SourceError(path, f"conflict {cid}: '{side}' needs a value and its sources")
    for fact in facts.values():
        if fact.conflict and fact.conflict not in data["conflicts"]:
            raise SourceError(path, f"fact '{fact.name}': unknown conflict '{fact.conflict}'")
    return FactRegistry(path, facts, sources, data["conflicts"])
