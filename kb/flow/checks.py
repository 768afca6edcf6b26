"""The rules a loaded flow must follow with the rest of the site: one small function per
rule, each yielding (message, unit) problems. `validate_flow` runs them all and reports
every problem together; the rules on the graph's shape run first, because the others walk
the graph. (The shape of each node and text is kb/flow/load.py's.)"""

from .. import expressions
from ..errors import Collector, SourceError
from ..units import SOURCE_LANG
from .model import FLOW_ERROR_CODES, SENDS_TO_PHONE


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


# --- the graph --------------------------------------------------------------------------------
def start_asks(flow, site):
    if flow.start not in flow.nodes:
        yield f"the start node '{flow.start}' does not exist", "start"
    elif flow.nodes[flow.start].kind == "outcome":
        yield "the start node must ask something", flow.start


def answers_lead_to_nodes(flow, site):
    for node in flow.nodes.values():
        for answer_id, _, target in node.answers:
            if target not in flow.nodes:
                yield f"the answer leads to node '{target}', which does not exist", f"{node.id}/{answer_id}"


def no_cycles(flow, site):
    """Depth-first search with colours: an answer back to an open node closes a loop."""
    state, found = {}, []

    def visit(node_id, trail):
        state[node_id] = "open"
        for answer_id, _, target in flow.nodes[node_id].answers:
            if state.get(target) == "open":
                loop = " → ".join([*trail[trail.index(target):], target]) if target in trail else target
                found.append((f"the answer makes a cycle ({loop})", f"{node_id}/{answer_id}"))
                continue
            if target not in state:
                visit(target, [*trail, target])
        state[node_id] = "done"

    visit(flow.start, [flow.start])
    yield from found


def every_node_reachable(flow, site):
    seen, todo = set(), [flow.start]
    while todo:
        node_id = todo.pop()
        if node_id not in seen:
            seen.add(node_id)
            todo += [target for _, _, target in flow.nodes[node_id].answers]
    for node_id in flow.nodes:
        if node_id not in seen:
            yield "the node cannot be reached from the start node", node_id


def only_outcomes_end(flow, site):
    """A node that does not ask must end the flow; every path ends on an outcome."""
    for node in flow.nodes.values():
        if node.kind != "outcome" and not node.answers:
            yield "only an outcome may end the flow", node.id


GRAPH = (start_asks, answers_lead_to_nodes, no_cycles, every_node_reachable, only_outcomes_end)


# --- what the nodes point to --------------------------------------------------------------------
def read_names_articles(flow, site):
    if flow.contact_article not in site["articles"]:
        yield f"unknown article id '{flow.contact_article}'", "contact_article"
    for node in flow.nodes.values():
        for article_id in node.read:
            if article_id not in site["articles"]:
                yield f"unknown article id '{article_id}'", f"{node.id}/read"
        if node.kind == "outcome" and not node.read:
            yield "an outcome lists at least one article to read next ('read')", node.id


def phone_outcomes_end_with_contact(flow, site):
    for node in flow.nodes.values():
        if node.kind == "outcome" and not node.contact and any(
                SENDS_TO_PHONE.search(u.texts.get(SOURCE_LANG, "")) for u in node.units()):
            yield "an outcome that sends the reader to the telephone ends with the contact block: add `contact: true`", node.id


def references_are_known(flow, site):
    """Every {{ link() }}, and when the site gives them every {{ facts.x }} / {{ terms.x }}."""
    known = {"link": site["articles"], "facts": site["facts"], "terms": site["terms"]}
    what = {"link": "link to unknown article", "facts": "unknown fact", "terms": "unknown term"}
    for unit in flow.units():
        for lang, text in unit.texts.items():
            for reference in expressions.references(text):
                names = known.get(reference.kind)
                if names is not None and reference.target not in names:
                    yield f"'{lang}': {what[reference.kind]} '{reference.target}'", unit.name


def access_events_are_the_engines(flow, site):
    events = engine_events()
    for fname, spec in flow.tools["access"]["fields"].items():
        if spec["event"] is not None and events is not None and spec["event"] not in events:
            yield (f"'{spec['event']}' is not an event of the engine ({', '.join(sorted(events))})",
                   f"tools/access/{fname}")


def every_error_code_has_a_message(flow, site):
    codes = site["codes"]
    for code in sorted(codes):
        if code not in flow.errors:
            yield f"no message for the error code '{code}'", "errors"
    for key in flow.errors:
        base = key.split("/", 1)[0]
        if base not in codes:
            yield f"message for an unknown error code '{base}'", f"errors/{key}"


def device_options_are_the_registrys(flow, site):
    """The limits calculator offers the devices of the facts registry (withdrawal.limits),
    in its order: one list of devices, which the articles' table follows too."""
    if site["facts"] is None:
        return
    prefix = "withdrawal.limits."
    devices = dict.fromkeys(n[len(prefix):].split(".")[0].replace("_", "-") for n in site["facts"] if n.startswith(prefix))
    options = list(flow.tools["limits"]["fields"]["device"].get("options") or {})
    if options != list(devices):
        yield (f"the device options must be the facts' devices, in their order ({', '.join(devices)})",
               "tools/limits/device")


def choices_are_the_engines(flow, site):
    """A choice field offers exactly the answers the engine knows (troubleshooter/forms.py
    CHOICES), and every field the engine reads as a choice is one."""
    from troubleshooter.forms import CHOICES
    for tool, spec in flow.tools.items():
        engine = CHOICES.get(tool, {})
        for fname, field in spec["fields"].items():
            where = f"tools/{tool}/{fname}"
            if field["type"] == "choice" and fname not in engine:
                yield f"'{fname}' is not a choice the engine reads (its choices: {', '.join(engine) or 'none'})", where
            elif fname in engine and field["type"] != "choice":
                yield "the engine reads this field as a choice: give it `type: choice`", where
            elif fname in engine and list(field["options"]) != list(engine[fname]):
                yield (f"the options must be the engine's answers, in its order ({', '.join(engine[fname])})", where)


REFERENCES = (read_names_articles, phone_outcomes_end_with_contact, references_are_known,
              access_events_are_the_engines, every_error_code_has_a_message, device_options_are_the_registrys,
              choices_are_the_engines)


def flow_problems(flow, article_ids, error_codes=None, fact_names=None, term_names=None):
    """Every problem of a loaded Flow, as SourceErrors (not raised)."""
    site = {"articles": set(article_ids), "facts": fact_names, "terms": term_names,
            "codes": set(engine_error_codes() if error_codes is None else error_codes) | set(FLOW_ERROR_CODES)}
    problems = []
    for check in GRAPH:
        problems += [SourceError(flow.file, message, unit) for message, unit in check(flow, site)]
        if problems and check in (start_asks, answers_lead_to_nodes):
            return problems        # the later rules walk the graph from a start that exists
    for check in REFERENCES:
        problems += [SourceError(flow.file, message, unit) for message, unit in check(flow, site)]
    return problems


def validate_flow(flow, article_ids, error_codes=None, fact_names=None, term_names=None):
    """Cross-references of a loaded Flow; raises every problem together (SourceErrors).

    article_ids: every known article id. error_codes: the engine's InputError codes
    (default: engine_error_codes()). fact_names / term_names: when given, every
    {{ facts.x }} / {{ terms.x }} must name one of them."""
    found = Collector()
    found.add(flow_problems(flow, article_ids, error_codes, fact_names, term_names))
    found.raise_errors()
    return flow


def read_flow(path, article_ids, error_codes=None, fact_names=None, term_names=None):
    """load_flow + validate_flow."""
    from .load import load_flow
    return load_flow(path, article_ids, error_codes, fact_names, term_names)
