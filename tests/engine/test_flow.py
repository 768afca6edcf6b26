"""The guided flow, step by step: troubleshooter.flow.step() over the packaged flow.json.

Standard library, pytest and troubleshooter only, no file outside the package: runs under
Pyodide too. Durations and counts come from the packaged facts, so the tests follow a change
of a fact."""

import json
import re
from datetime import datetime, timedelta, timezone
from importlib import resources

import pytest

from troubleshooter.access import compute_access
from troubleshooter.errors import CODES
from troubleshooter.facts import load_facts, raw_facts
from troubleshooter.flow import all_paths, path_to, step, ui
from troubleshooter.forms import form_inputs
from troubleshooter.limits import compute_limits

F = load_facts()
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)   # a Friday morning
H = timedelta(hours=1)
LANGS = ("en", "fr")


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def said(message):
    """A message with each typed value written as the engine gives it (ISO times, decimal
    strings): what the page formats per type, in the reader's language and zone."""
    def value(v):
        return said(v) if "text" in v else ("" if v["value"] is None else v["value"])
    return re.sub(r"\{([a-z_][a-z0-9_]*)\}", lambda m: value(message["values"][m.group(1)]), message["text"])


def flow_data():
    return json.loads(resources.files("troubleshooter").joinpath("_data", "flow.json").read_text("utf-8"))


DATA = flow_data()

# The Client Portal situations of the provider's troubleshooting page, the trading-platform
# cases, the device-away flow and the withdrawals: each must end on its own outcome.
REQUIRED_OUTCOMES = {
    "invalid-combination", "locked", "passcode-upper-case", "no-spaces", "forgotten",
    "get-passcode", "replace-device", "passcode-expired", "card-expired", "awaiting-device",
    "portal-only-passcode", "reactivate", "bad-character",
    "not-approved", "approved-late", "account-closed", "paper-account", "network",
    "print-card", "keep-access", "access-ended", "withdrawal-ok", "raise-limit",
}


def json_ready(view):
    assert json.loads(json.dumps(view)) == view


# --- walking ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_start_node(lang):
    view = step([], lang)
    assert view["node"] == DATA["start"] and view["kind"] == "question" and view["is_start"]
    assert view["lang"] == lang and view["path"] == [] and view["summary"] == []
    assert view["question"] and view["error"] is None
    ids = [a["id"] for a in view["answers"]]
    assert {"portal", "trading", "no-device", "withdraw", "check-username"} <= set(ids)
    for answer in view["answers"]:
        assert answer["path"] == [answer["id"]] and answer["label"]
    json_ready(view)


def test_languages_differ_and_share_structure():
    en, fr = step(["portal"], "en"), step(["portal"], "fr")
    assert [a["id"] for a in en["answers"]] == [a["id"] for a in fr["answers"]]
    assert en["question"] != fr["question"]
    assert "Client Portal" in en["question"] and "Portail Client" in fr["question"]
    assert [a["label"] for a in en["answers"]] != [a["label"] for a in fr["answers"]]


@pytest.mark.parametrize("lang", LANGS)
def test_path_to_an_outcome_with_summary_and_articles(lang):
    view = step(["portal", "invalid", "few"], lang)
    assert view["node"] == "invalid-combination" and view["kind"] == "outcome"
    assert view["answers"] == [] and view["title"] and "<ol>" in view["body"]
    assert [s["answer"] for s in view["summary"]] == ["portal", "invalid", "few"]
    assert [s["node"] for s in view["summary"]] == ["start", "portal", "attempts"]
    assert all(s["question"] and s["label"] for s in view["summary"])
    assert view["summary"][0]["label"] == step([], lang)["answers"][0]["label"]
    assert view["read"] and all(re.fullmatch(r"\.\./[a-z-]+/[a-z0-9-]+/", r["url"]) for r in view["read"])
    assert {r["id"] for r in view["read"]} >= {"HC101", "HC130"}
    # Policy numbers come from the facts, in the reader's language.
    assert str(raw_facts()["lockout"]["max_failed_attempts"]) in view["body"]
    json_ready(view)


def test_outcome_texts_are_translated():
    en, fr = step(["trading", "other"], "en"), step(["trading", "other"], "fr")
    assert en["node"] == fr["node"] == "network"
    ports = raw_facts()["trading_platform"]["blocked_ports"]
    assert ports in en["body"] and ports in fr["body"]
    assert en["body"] != fr["body"] and "pare-feu" in fr["body"].lower()
    assert [r["url"] for r in en["read"]] == [r["url"] for r in fr["read"]]
    assert [r["title"] for r in en["read"]] != [r["title"] for r in fr["read"]]


@pytest.mark.parametrize("path, outcome", [
    (["trading", "new-account", "not-yet"], "not-approved"),
    (["trading", "new-account", "today"], "approved-late"),
    (["trading", "closed"], "account-closed"),
    (["trading", "paper"], "paper-account"),
    (["trading", "passcode"], "portal-only-passcode"),
    (["portal", "login-failed", "passcode"], "passcode-upper-case"),
    (["portal", "login-failed", "card-or-device"], "no-spaces"),
    (["portal", "forgotten"], "forgotten"),
    (["portal", "passcode-expired"], "passcode-expired"),
    (["portal", "card-expired"], "card-expired"),
    (["portal", "awaiting"], "awaiting-device"),
    (["portal", "activate"], "reactivate"),
    (["no-device", "away", "not-yet"], "get-passcode"),
    (["no-device", "lost", "not-yet"], "replace-device"),
])
def test_known_paths(path, outcome):
    for lang in LANGS:
        view = step(path, lang)
        assert (view["node"], view["kind"], view["error"]) == (outcome, "outcome", None)


@pytest.mark.parametrize("lang", LANGS)
def test_all_paths_reach_every_outcome(lang):
    paths = all_paths(lang)
    outcomes = {p["outcome"] for p in paths}
    assert REQUIRED_OUTCOMES <= outcomes
    assert outcomes == {n for n, node in DATA["nodes"].items() if node["kind"] == "outcome"}
    for p in paths:
        view = step(p["path"], lang)
        assert view["node"] == p["outcome"] and view["kind"] == "outcome"
        assert view["summary"] == p["summary"] and view["title"] == p["title"]
    assert [p["path"] for p in paths] == [p["path"] for p in all_paths("fr" if lang == "en" else "en")]


def test_every_node_has_a_shortest_path():
    for node_id in DATA["nodes"]:
        path = path_to(node_id)
        assert path is not None and step(path, "en")["node"] == node_id
    assert path_to("limits") == ["withdraw"] and path_to("start") == []
    assert path_to("no-such-node") is None


# --- tampered paths ----------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    ["no-such-answer"],
    ["portal", "withdraw"],                       # an answer of another node
    ["portal", "forgotten", "more"],              # beyond an outcome
    "portal",                                     # not a list
    [None], [1, 2], [["portal"]],
    {"portal": 1},
])
@pytest.mark.parametrize("lang", LANGS)
def test_tampered_path_returns_the_start_node_with_an_error(path, lang):
    view = step(path, lang)
    assert view["node"] == DATA["start"] and view["path"] == [] and view["answers"]
    assert view["error"]["code"] == "unknown-path"
    assert said(view["error"]["message"]) == DATA["errors"]["unknown-path"][lang]
    json_ready(view)


def test_unknown_language_falls_back_to_english():
    assert step([], "de") == step([], "en")


def test_none_path_is_the_start():
    assert step(None, "fr") == step([], "fr")


def test_ui_texts():
    en, fr = ui("en"), ui("fr")
    assert en.keys() == fr.keys() and en["start-again"] != fr["start-again"]


# --- calculators ---------------------------------------------------------------------------------
def failed_logins(start, count, every=H):
    return [z(start + i * every) for i in range(count)]


@pytest.mark.parametrize("lang", LANGS)
def test_lockout_calculator(lang):
    path = ["portal", "invalid", "many"]
    view = step(path, lang)
    assert view["node"] == "lockout" and view["kind"] == "calculator" and view["tool"] == "access"
    assert view["result"] is None and view["presentation"] is None
    assert [f["name"] for f in view["fields"]] == ["at", "failed_logins", "successful_logins"]
    assert [a["id"] for a in view["answers"]] == ["locked", "not-locked"]

    fails = failed_logins(T0, F.lockout_max_failed_attempts, timedelta(minutes=1))
    at = z(T0 + 2 * H)
    view = step(path, lang, form={"at": at, "failed_logins": fails})
    assert view["error"] is None
    events = [f"{t}=login-failed" for t in fails]
    assert view["inputs"] == {"at": at, "events": events}
    assert view["result"] == compute_access(at, events)
    assert view["result"]["locked_until"] is not None
    headline = said(view["presentation"]["headline"])
    assert headline.startswith("Your login is locked" if lang == "en" else "Votre connexion est bloquée")
    assert view["presentation"]["key"] == "locked" and view["suggested"] == "locked"
    assert view["answers"], "a calculator continues with its answers"
    json_ready(view)


def test_access_timeline_calculator_in_both_languages():
    path = ["no-device", "away", "yes"]
    issued = T0
    at = issued + F.temp_full_access + H       # after the full-access days: card only
    inputs = {"at": z(at), "events": [f"{z(issued - H)}=device-unavailable", f"{z(issued)}=temp-passcode"]}
    en, fr = step(path, "en", inputs), step(path, "fr", inputs)
    assert en["node"] == "access"
    assert en["result"] == fr["result"] == compute_access(inputs["at"], inputs["events"])
    assert en["result"]["client_portal"] == "card-only"
    assert en["details"] == fr["details"] and len(en["details"]) >= 3
    assert en["presentation"]["headline"]["text"] != fr["presentation"]["headline"]["text"]
    # Times are typed: the page shows them in the reader's own zone.
    assert en["presentation"]["headline"]["values"]["access_until"] == {"type": "datetime", "value": en["result"]["access_until"]}
    assert en["suggested"] == "card-only"
    timeline = en["presentation"]["more"]
    assert timeline["kind"] == "timeline" and len(timeline["items"]) == len(en["details"])
    assert sum(item["current"] for item in timeline["items"]) == 1
    assert {line["key"] for line in en["presentation"]["lines"]} >= {"client_portal", "trading", "access_until"}
    for view in (en, fr):
        assert [a["id"] for a in view["answers"]] == ["full", "card-only", "none", "device-here", "waiting"]


@pytest.mark.parametrize("lang", LANGS)
def test_limits_calculator(lang):
    inputs = {"device": "sms", "on": "2026-11-20", "withdrawals": ["2026-11-16=150000", "2026-11-20=2500.50"]}
    view = step(["withdraw"], lang, inputs)
    assert view["node"] == "limits" and view["error"] is None
    assert view["result"] == compute_limits(**inputs)
    assert {row["device"] for row in view["details"]} == set(F.devices)
    lines = {line["key"]: line["value"] for line in view["presentation"]["lines"]}
    assert set(lines) >= {"daily_limit", "window_limit", "available"}
    # Amounts are exact decimal strings, formatted by the page like the articles' amounts.
    assert lines["daily_limit"] == {"type": "amount", "value": view["result"]["daily_limit"]}
    assert lines["window_start"]["type"] == "date"
    table = view["presentation"]["more"]
    assert table["kind"] == "table" and len(table["rows"]) == len(F.devices) - 1
    json_ready(view)


def test_limits_form_with_rows_and_an_unlimited_device():
    form = {"device": "dsc-plus", "on": "2026-11-20", "withdrawals": [{"date": "2026-11-19", "amount": "10"}, {"date": "", "amount": ""}]}
    assert form_inputs("limits", form) == {"device": "dsc-plus", "on": "2026-11-20", "withdrawals": ["2026-11-19=10"]}
    en = step(["withdraw"], "en", form=form)
    fr = step(["withdraw"], "fr", form=form)
    assert en["result"]["unlimited"] is True
    assert said(en["presentation"]["headline"]) == DATA["tools"]["limits"]["results"]["headlines"]["unlimited"]["en"]
    assert said(fr["presentation"]["headline"]) == DATA["tools"]["limits"]["results"]["headlines"]["unlimited"]["fr"]


def test_device_options_mark_devices_no_longer_issued():
    device = step(["withdraw"], "en")["fields"][0]
    assert device["name"] == "device" and device["required"]
    options = {o["value"]: o["label"] for o in device["options"]}
    assert set(options) == set(F.devices)
    marker = ui("en")["no-longer-issued"]
    for device_id, limits in F.devices.items():
        assert (marker in options[device_id]) == (not limits.in_circulation)


@pytest.mark.parametrize("lang", LANGS)
def test_username_calculator(lang):
    view = step(["check-username"], lang, {"value": "John Doe"})
    assert view["node"] == "username"
    assert view["result"] == {"value": "John Doe", "problems": ["uppercase", "bad-character"]}
    problems = DATA["tools"]["username"]["results"]["values"]["problems"]
    assert [item["value"] for item in view["presentation"]["more"]["items"]] == [problems["uppercase"][lang], problems["bad-character"][lang]]
    ok = step(["portal", "bad-character"], lang, {"value": "jdoe42"})
    assert ok["node"] == "username" and ok["result"]["problems"] == []
    assert said(ok["presentation"]["headline"]) == DATA["tools"]["username"]["results"]["headlines"]["ok"][lang]


def test_inputs_are_ignored_on_a_question():
    assert step(["portal"], "en", {"value": "x"}) == step(["portal"], "en")


def test_passing_a_calculator_without_computing():
    view = step(["withdraw", "need-more"], "en")
    assert view["node"] == "raise-limit" and view["summary"][-1]["node"] == "limits"


# --- errors ------------------------------------------------------------------------------------------
def test_engine_error_translated():
    inputs = {"at": "yesterday", "events": []}
    en = step(["no-device", "away", "yes"], "en", inputs)
    fr = step(["no-device", "away", "yes"], "fr", inputs)
    for view in (en, fr):
        assert view["result"] is None and view["node"] == "access"
        assert view["error"]["code"] == "bad-time" and view["error"]["field"] == "at"
        assert "yesterday" in said(view["error"]["message"])
        json_ready(view)
    assert said(en["error"]["message"]) != said(fr["error"]["message"])
    assert DATA["tools"]["access"]["fields"]["at"]["label"]["fr"] in said(fr["error"]["message"])


def test_event_errors_name_the_form_field():
    issued = T0
    form = {"at": z(issued + H), "temp_passcode": [z(issued - H), z(issued)]}
    view = step(["no-device", "away", "yes"], "fr", form=form)
    assert view["error"]["code"] == "consecutive-passcode"
    assert view["error"]["field"] == "temp_passcode" and view["error"]["engine_field"] == "event"
    message = view["error"]["message"]
    assert "{" not in said(message) and any(v["type"] == "datetime" for v in message["values"].values())

    later = {"at": z(T0), "temp_passcode": z(T0 + H)}
    view = step(["no-device", "away", "yes"], "en", form=later)
    assert view["error"]["code"] == "event-after-at" and view["error"]["field"] == "temp_passcode"


@pytest.mark.parametrize("amount, variant", [("150,000.5,3", "mixed"), ("-5", "sign"), ("1e5", "exponent"),
                                              ("1.2345", "decimals"), ("0", "not-positive")])
def test_amount_errors_in_both_languages(amount, variant):
    inputs = {"device": "sms", "on": "2026-11-20", "withdrawals": [f"2026-11-19={amount}"]}
    for lang in LANGS:
        error = step(["withdraw"], lang, inputs)["error"]
        assert error["code"] == "bad-amount" and error["field"] == "withdrawal_amount"
        assert amount in said(error["message"]) and "{" not in said(error["message"])
        template = DATA["errors"][f"bad-amount/{variant}"][lang]
        assert error["message"]["text"] == template


def test_withdrawal_errors_name_the_date_field():
    inputs = {"device": "sms", "on": "2026-11-20", "withdrawals": ["2026-11-23=10"]}
    error = step(["withdraw"], "fr", inputs)["error"]
    assert (error["code"], error["field"]) == ("withdrawal-after-on", "withdrawal_date")
    error = step(["withdraw"], "en", {"device": "sms", "on": "2026-11-20", "withdrawals": ["20/11/2026=10"]})["error"]
    assert (error["code"], error["field"]) == ("bad-date", "withdrawal_date")
    error = step(["withdraw"], "en", {"device": "abacus", "on": "2026-11-20"})["error"]
    assert (error["code"], error["field"]) == ("unknown-device", "device")


@pytest.mark.parametrize("inputs, code, field", [
    ({}, "missing-input", "at"),
    ({"at": 5}, "bad-input", "at"),
    ({"at": "2026-11-20T09:00:00Z", "events": "x"}, "bad-input", "event"),
    ({"at": "2026-11-20T09:00:00Z", "events": [1]}, "bad-input", "event"),
    ("not a mapping", "bad-input", None),
])
def test_malformed_inputs(inputs, code, field):
    for lang in LANGS:
        view = step(["no-device", "away", "yes"], lang, inputs)
        assert (view["error"]["code"], view["error"]["field"]) == (code, field)
        assert said(view["error"]["message"]) and "{" not in said(view["error"]["message"])
        json_ready(view)


def test_every_engine_error_code_has_a_message_in_both_languages():
    codes = set(CODES)
    assert {"bad-time", "bad-amount", "consecutive-passcode"} <= codes
    for code in codes | {"unknown-path", "missing-input", "bad-input"}:
        assert code in DATA["errors"], code
        assert all(DATA["errors"][code][lang].strip() for lang in LANGS)


# --- forms and safety -------------------------------------------------------------------------------
def test_form_inputs_orders_events_in_time():
    form = {
        "at": z(T0 + 5 * H),
        "failed_logins": [z(T0 + 2 * H), z(T0)],
        "successful_logins": [z(T0 + H)],
        "temp_passcode": "",
    }
    assert form_inputs("access", form)["events"] == [
        f"{z(T0)}=login-failed", f"{z(T0 + H)}=login-ok", f"{z(T0 + 2 * H)}=login-failed"]
    # Same moment: the order of the form's fields (device unavailable before the passcode).
    same = {"at": z(T0), "temp_passcode": z(T0), "device_unavailable": z(T0)}
    assert form_inputs("access", same)["events"] == [f"{z(T0)}=device-unavailable", f"{z(T0)}=temp-passcode"]
    # A time that does not parse comes first, so the engine names it.
    bad = {"at": z(T0), "failed_logins": [z(T0), "noon"]}
    assert step(["portal", "invalid", "many"], "en", form=bad)["error"]["code"] == "bad-time"


def test_typed_text_never_reaches_the_html():
    typed = "<b>x</b>"
    view = step(["check-username"], "en", {"value": typed})
    for key in ("question", "help", "title", "intro", "body"):
        assert typed not in (view[key] or "")
    assert typed not in json.dumps([a["label"] for a in view["answers"]])
    error = step(["withdraw"], "en", {"device": typed, "on": "2026-11-20"})["error"]
    assert typed in said(error["message"])    # plain text: the page inserts it as text
