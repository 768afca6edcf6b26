"""Lints of the facts registry (content/facts.yaml), beside the bare-number lint:

- every fact is used: by a text of content/ (`facts.x.y`) or by the troubleshooter engine
  (a quoted dotted name, or the name of its group, in troubleshooter/*.py); a fact nobody
  reads drifts unnoticed;
- one decision, one fact: two facts that state the same duration in different units for
  the same conflict, or the same telephone number, must be one fact (derive the other with
  `derived_from`);
- citations hold: each seed a fact names must show its value, or one of the words listed
  for that seed under `evidence:`. The seeds live beside the repository
  (`../shared/seeds`, or $KB_SEEDS); where they are absent the check is skipped.
"""

import os
import re
from pathlib import Path

from .errors import SourceError
from .facts import UNLIMITED, convert

FACT_REFERENCE = re.compile(r"\bfacts\.([a-z0-9_]+(?:\.[a-z0-9_]+)*)")
# The same without its leading \b, which keeps the regex engine from skipping ahead to the
# next "facts." (ten times slower over a thousand articles); fact_references checks it.
_FACT_REFERENCE_FAST = re.compile(r"facts\.([a-z0-9_]+(?:\.[a-z0-9_]+)*)")
_WORD = re.compile(r"\w")
QUOTED = re.compile(r"[\"']([a-z0-9_]+(?:\.[a-z0-9_]+)+)[\"']")
SEED_ID = re.compile(r"^(\d{3})_")
ENGINE_DIR = Path(__file__).resolve().parent.parent / "troubleshooter"   # the engine the facts feed


# --- used ------------------------------------------------------------------------------
def fact_references(text):
    """FACT_REFERENCE.findall(text), faster."""
    found, position = [], 0
    while (match := _FACT_REFERENCE_FAST.search(text, position)) is not None:
        start = match.start()
        if start and _WORD.match(text, start - 1):     # no word boundary: look again one further
            position = start + 1
            continue
        found.append(match.group(1))
        position = match.end()
    return found


def referenced_names(content_dir, engine_dir):
    """Dotted names read by content texts, and names (facts or groups) the engine reads."""
    texts = set()
    for path in sorted(Path(content_dir).rglob("*.yaml")):
        if path.name != "facts.yaml":
            texts.update(fact_references(path.read_text(encoding="utf-8")))
    engine = set()
    for path in sorted(Path(engine_dir).glob("*.py")):
        engine.update(QUOTED.findall(path.read_text(encoding="utf-8")))
    return texts, engine


def unused_facts(registry, texts, engine):
    def used(name):
        if name in texts or any(t.startswith(f"{name}.") for t in texts):
            return True
        parts = name.split(".")
        return any(".".join(parts[:i]) in engine for i in range(1, len(parts) + 1))

    def used_or_derived(name):
        # a fact written once and read through its derived form (weeks → days) is used
        return used(name) or any(f.derived_from == name and used(f.name) for f in registry.facts.values())

    return [SourceError(registry.path, f"fact '{name}' is used by no text and not by the engine: use it or remove it")
            for name in sorted(registry.facts) if not used_or_derived(name)]


# --- one decision, one fact ------------------------------------------------------------
def _digits(text):
    return re.sub(r"\D", "", str(text))


def duplicate_facts(registry):
    """Pairs of facts that encode one decision twice (neither derived from the other)."""
    problems = []
    facts = [f for f in registry.facts.values() if not f.derived_from]
    for i, a in enumerate(facts):
        for b in facts[i + 1:]:
            same = False
            if a.conflict and a.conflict == b.conflict and isinstance(a.value, int) and isinstance(b.value, int):
                same = a.kind != b.kind and convert(a.value, a.kind, b.kind) == b.value
            elif a.kind == b.kind == "phone":
                same = _digits(a.value) == _digits(b.value)
            if same:
                problems.append(SourceError(registry.path, f"facts '{a.name}' and '{b.name}' state the same thing twice: keep one (derive the other with `derived_from: {a.name}`)"))
    return problems


# --- citations -------------------------------------------------------------------------
def seeds_dir(root):
    """Where the seeds are: $KB_SEEDS, else ../shared/seeds beside the repository."""
    return Path(os.environ.get("KB_SEEDS") or Path(root).resolve().parent / "shared" / "seeds")


def load_seeds(folder):
    """{seed id: text}, from files named NNN_….txt; {} when the folder is absent."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    seeds = {}
    for path in sorted(folder.iterdir()):
        match = SEED_ID.match(path.name)
        if match:
            seeds[match.group(1)] = path.read_text(encoding="utf-8", errors="replace")
    return seeds


def _normal(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def value_forms(fact):
    """How a seed may write the fact's value (before `evidence` is consulted)."""
    value = fact.value
    if value == UNLIMITED:
        return ["unlimited", "illimité"]
    if fact.kind in {"usd", "count", "days", "hours", "weeks", "number"}:
        number = int(value) if int(value) == value else value
        forms = [str(number)]
        if isinstance(number, int) and number >= 1000:
            forms += [f"{number:,}", f"{number:,}".replace(",", " "), f"{number:,}".replace(",", ".")]
        if fact.kind == "usd":
            forms += _short_amounts(number)
        return forms
    if fact.kind == "address":
        return [line for line in str(value).splitlines() if line.strip()]
    return [str(value)]


def _short_amounts(number):
    """The seeds' tables write 200K USD, 1M USD, 1,5M USD."""
    forms = []
    if number % 1000 == 0 and number < 1_000_000:
        forms.append(f"{number // 1000}K")
    if number % 100_000 == 0 and number >= 1_000_000:
        millions = f"{number / 1_000_000:g}"
        forms += [f"{millions}M", f"{millions.replace('.', ',')}M", f"{millions} million"]
    return [form.lower() for form in forms]


def _found(form, kind, text, digits):
    if kind == "phone":
        return _digits(form) in digits
    if re.fullmatch(r"[\d.,\s]+", form):
        # a number must stand alone: "2" is not found in "20" nor in "2.5"
        return re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) is not None
    return _normal(form) in text


def citation_problems(registry, seeds):
    """A fact citing a seed that shows neither its value nor its listed evidence."""
    if not seeds:
        return []
    normal = {seed: _normal(text) for seed, text in seeds.items()}
    digits = {seed: _digits(text) for seed, text in seeds.items()}
    problems = []
    for fact in sorted(registry.facts.values(), key=lambda f: f.name):
        if fact.derived_from or fact.kind == "flag":
            continue
        for seed in fact.sources:
            seed = str(seed)
            if seed not in seeds:
                problems.append(SourceError(registry.path, f"fact '{fact.name}': seed '{seed}' not found in the seeds folder"))
                continue
            words = [w for s, w in fact.evidence if s == seed]
            if words:
                missing = [w for w in words if _normal(w) not in normal[seed]]
                if missing:
                    problems.append(SourceError(registry.path, f"fact '{fact.name}': seed {seed} does not contain the evidence {missing[0]!r}"))
                continue
            forms = value_forms(fact)
            check = all if fact.kind == "address" else any
            if not check(_found(form, fact.kind, normal[seed], digits[seed]) for form in forms):
                problems.append(SourceError(registry.path, f"fact '{fact.name}': seed {seed} does not show the value {fact.value!r}; fix the citation or list the seed's wording under `evidence`"))
    return problems


def lint_facts(site, root, with_citations=True):
    """Every problem of the registry, as SourceErrors (not raised), and whether the
    citation check ran (False when the seeds are absent)."""
    root = Path(root)
    texts, engine = referenced_names(root / "content", ENGINE_DIR)
    problems = unused_facts(site.facts, texts, engine) + duplicate_facts(site.facts)
    seeds = load_seeds(seeds_dir(root)) if with_citations else {}
    problems += citation_problems(site.facts, seeds)
    return problems, bool(seeds)
