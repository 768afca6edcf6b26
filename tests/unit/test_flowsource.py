"""The flow's source (content/flow.yaml, kb/flow/): the validator accepts the real flow and refuses a
broken copy with one SourceError naming the node or unit; the export renders every text in
both languages. Broken flows are temporary copies: the real file is never edited."""

import json
import re
from pathlib import Path

import pytest
import yaml

from kb.errors import SourceError
from kb.flow import (FLOW_ERROR_CODES, article_url, engine_error_codes, export_flow,
                           load_flow, read_flow, validate_flow)

ROOT = Path(__file__).resolve().parents[2]
FLOW = ROOT / "content/flow.yaml"


def article_ids():
    ids = set()
    for path in (ROOT / "content/articles").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids.add(data["id"])
    return ids


def articles_map():
    out = {}
    for path in (ROOT / "content/articles").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["id"]] = (data["category"], data["slug"], {"en": f"EN {data['id']}", "fr": f"FR {data['id']}"})
    return out


ARTICLES = article_ids()


def stub_render(text, lang, unit):
    """Stand-in for kb.render: expressions become visible markers, tagged with the language."""
    assert lang in ("en", "fr") and unit.startswith("flow/")
    return re.sub(r"\{\{\s*(facts|terms)\.([a-z0-9_.]+)\s*\}\}", lambda m: f"@{lang}:{m.group(2)}@", text)


def source():
    return yaml.safe_load(FLOW.read_text(encoding="utf-8"))


def write(tmp_path, data):
    path = tmp_path / "flow.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def node(data, node_id):
    return next(n for n in data["nodes"] if n["id"] == node_id)


def refused(tmp_path, data, **kwargs):
    with pytest.raises(SourceError) as caught:
        read_flow(write(tmp_path, data), ARTICLES, **kwargs)
    return caught.value


# --- the real flow ----------------------------------------------------------------------------
def test_the_real_flow_is_valid():
    flow = read_flow(FLOW, ARTICLES)
    kinds = [n.kind for n in flow.nodes.values()]
    assert kinds.count("calculator") >= 3 and kinds.count("outcome") >= 20
    assert {n.tool for n in flow.nodes.values() if n.kind == "calculator"} == {"access", "lockout", "limits", "username"}
    assert {"access", "limits", "username"} <= set(flow.nodes)     # targets of {{ tool('…') }} links


def fact_names():
    """Every fact name, in the registry's order (the device list follows it)."""
    facts = yaml.safe_load((ROOT / "content/facts.yaml").read_text(encoding="utf-8"))["facts"]
    names = {}

    def walk(tree, prefix):
        for key, value in tree.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict) and "kind" not in value:
                walk(value, name)
            else:
                names[name] = None
                names.update((f"{name}.{k}", None) for k in value if k not in ("kind", "sources", "conflict", "value"))

    walk(facts, "")
    return list(names)


def test_the_real_flow_names_known_facts_and_terms():
    terms = set(yaml.safe_load((ROOT / "content/glossary.yaml").read_text(encoding="utf-8")))
    read_flow(FLOW, ARTICLES, fact_names=fact_names(), term_names=terms)


def test_the_real_flow_has_a_message_for_every_engine_error():
    codes = engine_error_codes()
    assert {"bad-time", "time-no-offset", "bad-amount", "consecutive-passcode", "withdrawal-after-on"} <= codes
    flow = load_flow(FLOW)
    assert codes | set(FLOW_ERROR_CODES) <= set(flow.errors)


def test_load_flow_with_article_ids_validates(tmp_path):
    data = source()
    node(data, "network")["read"] = ["KB99999"]
    path = write(tmp_path, data)
    load_flow(path)                               # shape only
    with pytest.raises(SourceError):
        load_flow(path, ARTICLES)                 # shape and cross-references


# --- planted faults --------------------------------------------------------------------------------
def test_unreachable_node(tmp_path):
    data = source()
    data["nodes"].append({"id": "orphan", "kind": "question",
                          "question": {"en": "Lost?", "fr": "Perdu ?"},
                          "answers": [{"id": "ok", "en": "Yes", "fr": "Oui", "next": "network"}]})
    err = refused(tmp_path, data)
    assert err.unit == "orphan" and "cannot be reached" in err.message
    assert str(err) == f"{err.file}: orphan: {err.message}"


def test_missing_french_text(tmp_path):
    data = source()
    del node(data, "start")["answers"][0]["fr"]
    err = refused(tmp_path, data)
    assert err.unit == "start/portal" and "French" in err.message


def test_missing_french_text_in_an_outcome_body(tmp_path):
    data = source()
    node(data, "network")["body"][1]["items"][2]["fr"] = "  "
    err = refused(tmp_path, data)
    assert err.unit == "network/ports" and "French" in err.message


def test_missing_french_calculator_label(tmp_path):
    data = source()
    del data["tools"]["limits"]["fields"]["device"]["fr"]
    err = refused(tmp_path, data)
    assert err.unit == "tools/limits/device" and "French" in err.message


def test_answer_to_a_missing_node(tmp_path):
    data = source()
    node(data, "approval")["answers"][0]["next"] = "nowhere"
    err = refused(tmp_path, data)
    assert err.unit == "approval/not-yet" and "'nowhere'" in err.message and "does not exist" in err.message


def test_cycle(tmp_path):
    data = source()
    node(data, "approval")["answers"][2]["next"] = "trading"      # trading → approval → trading
    err = refused(tmp_path, data)
    assert "cycle" in err.message and err.unit == "approval/earlier"
    assert "trading → approval → trading" in err.message


def test_cycle_back_to_the_start(tmp_path):
    data = source()
    node(data, "limits")["answers"][0]["next"] = "start"
    err = refused(tmp_path, data)
    assert "cycle" in err.message and err.unit == "limits/enough"


def test_unknown_article_in_read(tmp_path):
    data = source()
    node(data, "network")["read"] = ["HC102", "KB99999"]
    err = refused(tmp_path, data)
    assert err.unit == "network/read" and "KB99999" in err.message


def test_unknown_article_in_a_link(tmp_path):
    data = source()
    node(data, "forgotten")["body"][0]["fr"] += " Voir {{ link('HC999') }}."
    err = refused(tmp_path, data)
    assert err.unit == "forgotten/username" and "HC999" in err.message


def test_missing_error_message(tmp_path):
    data = source()
    del data["errors"]["bad-time"]
    err = refused(tmp_path, data)
    assert "'bad-time'" in err.message and err.unit == "errors"


def test_message_for_an_unknown_error_code(tmp_path):
    data = source()
    data["errors"]["no-such-code"] = {"en": "x", "fr": "x"}
    err = refused(tmp_path, data)
    assert err.unit == "errors/no-such-code"


def test_error_codes_can_be_given(tmp_path):
    flow = load_flow(FLOW)
    with pytest.raises(SourceError, match="'brand-new-code'"):
        validate_flow(flow, ARTICLES, error_codes=engine_error_codes() | {"brand-new-code"})


def test_bare_digits_are_refused(tmp_path):
    data = source()
    node(data, "locked")["body"][0]["en"] = "Wait 24 hours."
    err = refused(tmp_path, data)
    assert err.unit == "locked/why" and "bare number" in err.message


def test_placeholders_must_match_across_languages(tmp_path):
    data = source()
    data["errors"]["bad-time"]["fr"] = "« {value} » n'est pas valide."
    err = refused(tmp_path, data)
    assert err.unit == "errors/bad-time" and "placeholders" in err.message


def test_duplicate_node_and_answer_ids(tmp_path):
    data = source()
    data["nodes"].append(dict(node(data, "network")))
    assert refused(tmp_path, data).unit == "network"
    data = source()
    answers = node(data, "portal")["answers"]
    answers.append(dict(answers[0]))
    assert refused(tmp_path, data).unit == "portal/invalid"


def test_unknown_tool_and_field(tmp_path):
    data = source()
    node(data, "limits")["tool"] = "abacus"
    assert "abacus" in refused(tmp_path, data).message
    data = source()
    node(data, "limits")["fields"].append("colour")
    err = refused(tmp_path, data)
    assert err.unit == "limits/fields" and "colour" in err.message


def test_fact_names_checked_when_given(tmp_path):
    data = source()
    node(data, "network")["body"][0]["en"] += " {{ facts.no.such_fact }}"
    path = write(tmp_path, data)
    read_flow(path, ARTICLES)                       # not checked without fact names
    with pytest.raises(SourceError, match="no.such_fact"):
        read_flow(path, ARTICLES, fact_names=fact_names())


def test_the_calculator_offers_the_registrys_devices_in_its_order(tmp_path):
    """One list of devices: content/facts.yaml's withdrawal limits, which the articles' table
    follows too; the calculator's options may neither reorder, drop nor add one."""
    read_flow(write(tmp_path, source()), ARTICLES, fact_names=fact_names())
    for change in (lambda o: dict(reversed(list(o.items()))), lambda o: dict(list(o.items())[1:]),
                   lambda o: {**o, "abacus": {"en": "Abacus", "fr": "Boulier"}}):
        data = source()
        device = data["tools"]["limits"]["fields"]["device"]
        device["options"] = change(device["options"])
        with pytest.raises(SourceError, match="facts' devices") as info:
            read_flow(write(tmp_path, data), ARTICLES, fact_names=fact_names())
        assert "tools/limits/device" in str(info.value)


def test_malformed_yaml(tmp_path):
    path = tmp_path / "flow.yaml"
    path.write_text("start: [\n", encoding="utf-8")
    with pytest.raises(SourceError, match="malformed YAML"):
        load_flow(path)


def test_real_file_is_untouched():
    before = FLOW.read_bytes()
    read_flow(FLOW, ARTICLES)
    assert FLOW.read_bytes() == before


# --- export -----------------------------------------------------------------------------------------
def export():
    return export_flow(read_flow(FLOW, ARTICLES), stub_render, articles_map())


def test_export_shape():
    data = export()
    assert json.loads(json.dumps(data)) == data
    assert set(data) >= {"start", "langs", "nodes", "articles", "tools", "errors", "ui"}
    assert data["langs"] == ["en", "fr"] and data["start"] == "start"
    for node_id, entry in data["nodes"].items():
        assert entry["kind"] in ("question", "calculator", "outcome")
        for role in ("question", "help", "title", "intro", "body"):
            if role in entry:
                assert set(entry[role]) == {"en", "fr"} and all(entry[role].values()), (node_id, role)
        for answer in entry.get("answers", []):
            assert answer["next"] in data["nodes"] and set(answer["label"]) == {"en", "fr"}
        for article_id in entry.get("read", []):
            assert article_id in data["articles"]
    for code, message in data["errors"].items():
        assert set(message) == {"en", "fr"}


def test_export_renders_per_language_and_converts_markdown():
    data = export()
    body = data["nodes"]["network"]["body"]
    assert "@en:trading_platform.blocked_ports@" in body["en"]
    assert "@fr:trading_platform.blocked_ports@" in body["fr"] and "@en:" not in body["fr"]
    assert "<ol>" in body["en"] and "<strong>" in body["en"]
    assert '<div class="admonition note">' in body["en"]
    question = data["nodes"]["start"]["question"]
    assert not question["en"].startswith("<p>")                             # inline HTML


def test_export_links_are_relative_to_the_troubleshooter_page():
    data = export()
    body = data["nodes"]["network"]["body"]
    assert '<a href="../logging-in/temporary-passcode-validity/">EN KB70</a>' in body["en"]
    assert '<a href="../logging-in/temporary-passcode-validity/">FR KB70</a>' in body["fr"]
    assert data["articles"]["HC102"]["url"] == article_url("logging-in", "trading-platform-login-problems")
    assert data["articles"]["HC102"]["title"] == {"en": "EN HC102", "fr": "FR HC102"}
    for entry in data["articles"].values():
        assert re.fullmatch(r"\.\./[a-z-]+/[a-z0-9-]+/", entry["url"])


def test_export_accepts_article_dicts():
    tuples = articles_map()
    dicts = {k: {"category": c, "slug": s, "title": t} for k, (c, s, t) in tuples.items()}
    flow = read_flow(FLOW, ARTICLES)
    assert export_flow(flow, stub_render, dicts) == export_flow(flow, stub_render, tuples)


def test_export_keeps_placeholders_in_plain_texts():
    data = export()
    assert "{value}" in data["errors"]["bad-time"]["en"] and "{value}" in data["errors"]["bad-time"]["fr"]
    assert data["tools"]["access"]["fields"]["temp_passcode"]["event"] == "temp-passcode"


def test_export_names_every_unit_it_renders():
    seen = []

    def render(text, lang, unit):
        seen.append(unit)
        return text

    flow = read_flow(FLOW, ARTICLES)
    export_flow(flow, render, articles_map())
    assert {u.key for u in flow.units()} <= set(seen)


# --- suggested answers after a calculation (`matches`) ------------------------------------------
def test_every_headline_of_a_calculator_suggests_exactly_one_answer():
    from kb.flow import HEADLINES
    flow = read_flow(FLOW, ARTICLES)
    calculators = [n for n in flow.nodes.values() if n.kind == "calculator"]
    assert calculators
    for node in calculators:
        matched = sorted(key for keys in node.matches.values() for key in keys)
        assert matched == sorted(HEADLINES[node.tool]), node.id


# The rule the page applied before the suggestions became flow data: from the result, a
# list of answer ids, the first one the node has is suggested. Each headline stands for the
# results that produce it (troubleshooter/flow.py `_present`).
def _former_rule(tool, head):
    if tool == "access":
        portal = head.removesuffix("-until")
        return ["locked", "none"] if head == "locked" else [portal, "not-locked"]
    if tool == "lockout":      # the lockout check: a lock, sure or at the latest, suggests "locked"
        return ["locked"] if head.startswith("locked") else ["not-locked"]
    if tool == "limits":
        return ["enough"] if head in ("unlimited", "available") else ["need-more"]
    return ["problem"] if head == "problems" else ["fine"]


def test_matches_suggest_what_the_page_suggested_before():
    from kb.flow import HEADLINES
    flow = read_flow(FLOW, ARTICLES)
    for node in (n for n in flow.nodes.values() if n.kind == "calculator"):
        ids = [answer_id for answer_id, _, _ in node.answers]
        for head in HEADLINES[node.tool]:
            before = next((a for a in _former_rule(node.tool, head) if a in ids), None)
            now = next((a for a, keys in node.matches.items() if head in keys), None)
            assert now == before, (node.id, head)


def test_matches_must_name_headlines_of_the_tool_once(tmp_path):
    data = source()
    node(data, "limits")["answers"][0]["matches"] = ["unlimited", "locked"]
    err = refused(tmp_path, data)
    assert err.unit == "limits/enough" and "'locked'" in err.message
    data = source()
    node(data, "limits")["answers"][1]["matches"] = ["exhausted", "available"]
    err = refused(tmp_path, data)
    assert err.unit == "limits/need-more" and "already matched by the answer 'enough'" in err.message
    data = source()
    node(data, "username")["answers"][0]["matches"] = "problems"
    assert "non-empty list" in refused(tmp_path, data).message


def test_matches_belong_to_calculator_answers_only(tmp_path):
    data = source()
    node(data, "portal")["answers"][0]["matches"] = ["ok"]
    err = refused(tmp_path, data)
    assert err.unit.startswith("portal/") and "matches" in err.message


def test_export_carries_matches_on_calculator_answers():
    data = export()
    for node_id, entry in data["nodes"].items():
        for answer in entry.get("answers", []):
            assert ("matches" in answer) == (entry["kind"] == "calculator"), node_id
    access = {a["id"]: a["matches"] for a in data["nodes"]["access"]["answers"]}
    assert access["none"] == ["none", "locked"] and access["waiting"] == []


# --- every problem at once --------------------------------------------------------------------
def test_every_problem_of_the_flow_is_reported_together(tmp_path):
    data = source()
    node(data, "network")["read"] = ["KB99999"]
    node(data, "limits")["read"] = ["KB88888"]
    node(data, "username")["answers"][0]["matches"] = ["locked"]         # a shape problem…
    node(data, "portal")["answers"][0]["fr"] = ""                        # …and another node's
    err = refused(tmp_path, data)
    # The shape is read first: both nodes' problems, then nothing that walks a broken flow.
    assert [e.unit for e in err.errors] == ["portal/invalid", "username/problem"]
    data = source()
    node(data, "network")["read"] = ["KB99999"]
    node(data, "limits")["read"] = ["KB88888"]
    err = refused(tmp_path, data)
    assert {(e.unit, e.message) for e in err.errors} == {
        ("network/read", "unknown article id 'KB99999'"), ("limits/read", "unknown article id 'KB88888'")}
    assert "(and 1 more)" in str(err) and "\n" not in str(err)


def test_the_site_reports_every_file_that_does_not_load(project):
    from kb.errors import SourceErrors
    from kb.source import load_site
    content = project / "content"
    (content / "ui.yaml").write_text("a: [\n", encoding="utf-8")
    (content / "categories.yaml").write_text("logging-in: 3\n", encoding="utf-8")
    with pytest.raises(SourceErrors) as caught:
        load_site(content)
    # (the articles of the category that did not load are refused too: they name it)
    assert {Path(e.file).name for e in caught.value.errors} >= {"categories.yaml", "ui.yaml"}


def test_choice_fields_offer_the_engines_answers_with_one_chosen_beforehand(tmp_path):
    attempts = lambda d: d["tools"]["lockout"]["fields"]["attempts"]    # noqa: E731
    data = source()
    del attempts(data)["default"]
    err = refused(tmp_path, data)
    assert err.unit == "tools/lockout/attempts" and "needs a 'default'" in err.message
    data = source()
    attempts(data)["default"] = "several"
    assert "needs a 'default', one of its options" in refused(tmp_path, data).message
    data = source()
    attempts(data)["options"].pop("unsure")
    err = refused(tmp_path, data)
    assert err.unit == "tools/lockout/attempts" and "the engine's answers" in err.message
    data = source()
    attempts(data)["type"] = "select"
    del attempts(data)["default"]
    assert "give it `type: choice`" in refused(tmp_path, data).message
    data = source()
    data["tools"]["limits"]["fields"]["device"]["default"] = "sms"
    assert "only a choice field has a 'default'" in refused(tmp_path, data).message
