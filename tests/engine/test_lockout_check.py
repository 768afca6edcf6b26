"""The lockout check as a person answers it (troubleshooter.lockout, and the flow's `lockout`
step): choices in, one consistent state out, the safe side when unsure.

Standard library, pytest, hypothesis and troubleshooter only: runs under Pyodide too. Every
duration and count comes from the packaged facts (or a changed copy of them)."""

import json
import re
from datetime import datetime, timedelta, timezone
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from troubleshooter.access import compute_access
from troubleshooter.errors import InputError
from troubleshooter.facts import load_facts, raw_facts
from troubleshooter.flow import step
from troubleshooter.lockout import ATTEMPTS, LAST_ATTEMPTS, check_lockout

F = load_facts()
LANGS = ("en", "fr")
H = timedelta(hours=1)
PARIS_WINTER = timezone(timedelta(hours=1))
AT = datetime(2026, 11, 30, 10, 30, tzinfo=PARIS_WINTER)      # a Monday morning, UTC+1
PATHS = (["locked-out"], ["portal", "invalid", "many"])          # the first screen, and the long way


def z(t):
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def data():
    return json.loads(resources.files("troubleshooter").joinpath("_data", "flow.json").read_text("utf-8"))


DATA = data()


def texts(presentation):
    """Every text a presentation shows (templates, labels, list titles and items)."""
    out = [presentation["headline"]["text"]]
    out += [line["label"] for line in presentation["lines"]]
    more = presentation["more"] or {}
    out += [more.get("title") or ""] + [item["text"] for item in more.get("items", [])]
    return out


# --- the answers, one by one ------------------------------------------------------------------
def test_fewer_than_the_maximum_is_not_locked_and_says_nothing_of_access():
    for last in LAST_ATTEMPTS:
        r = check_lockout(AT.isoformat(), "fewer", last)
        assert r["state"] == "not-locked" and r["locked_until"] is None and r["last_failed"] is None
        assert r["assumes"] == ["fewer-than-max"]
        assert not {"client_portal", "trading", "credential", "access_until"} & set(r)


@pytest.mark.parametrize("attempts", ["many", "unsure"])
@pytest.mark.parametrize("last, ago, exact", [("just-now", timedelta(0), True), ("hour", H, True),
                                               ("today", H, False), ("unsure", timedelta(0), False)])
def test_locked_until_the_duration_after_the_latest_last_attempt(attempts, last, ago, exact):
    r = check_lockout(AT.isoformat(), attempts, last)
    assert r["state"] == "locked"
    assert r["last_failed"] == z(AT - ago)
    assert r["locked_until"] == z(AT - ago + F.lockout_duration)
    assert r["exact"] is exact
    assert r["assumes"][0] == ("max-when-unsure" if attempts == "unsure" else "in-a-row")
    assert r["assumes"][1] == {"just-now": "last-about", "hour": "last-about", "today": "last-latest",
                               "unsure": "last-unsure"}[last]


def test_yesterday_counts_from_the_start_of_the_readers_day():
    # 00:30 in Paris is 23:30 UTC the day before: the reader's day starts at 23:00 UTC.
    at = datetime(2026, 12, 1, 0, 30, tzinfo=PARIS_WINTER)
    r = check_lockout(at.isoformat(), "many", "yesterday")
    start = datetime(2026, 12, 1, tzinfo=PARIS_WINTER)
    assert r["last_failed"] == z(start) == "2026-11-30T23:00:00Z"
    assert r["locked_until"] == z(start + F.lockout_duration)
    # The same moment written in UTC is another day: the offset the page writes matters.
    utc = check_lockout(z(at), "many", "yesterday")
    assert utc["last_failed"] == "2026-11-30T00:00:00Z"


def test_earlier_today_in_the_first_hour_of_the_day_is_just_before_now():
    at = datetime(2026, 12, 1, 0, 20, tzinfo=PARIS_WINTER)
    assert check_lockout(at.isoformat(), "many", "today")["last_failed"] == z(at)


def test_a_lock_that_ran_out_says_when_it_ended_at_the_latest():
    facts = raw_facts()
    facts["lockout"]["duration_hours"] = 2
    r = check_lockout(AT.isoformat(), "unsure", "yesterday", facts=facts)
    start = AT.replace(hour=0, minute=0)
    assert r["state"] == "lock-over" and r["locked_until"] is None
    assert r["lock_ended"] == z(start + 2 * H)


@pytest.mark.parametrize("field, value, code", [
    ("attempts", "lots", "unknown-choice"), ("last_attempt", "last week", "unknown-choice"),
    ("attempts", "  ", "empty-value"), ("at", "2026-11-30T10:30", "time-no-offset"), ("at", "soon", "bad-time"),
])
def test_bad_answers_are_named(field, value, code):
    args = {"at": AT.isoformat(), "attempts": "many", "last_attempt": "hour", field: value}
    with pytest.raises(InputError) as caught:
        check_lockout(**args)
    assert caught.value.code == code and caught.value.field == field


def test_choices_are_case_and_space_tolerant_but_not_other_types():
    assert check_lockout(AT.isoformat(), " Many ", "HOUR")["state"] == "locked"
    with pytest.raises(TypeError):
        check_lockout(AT.isoformat(), None, "hour")


# --- the step in the flow ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PATHS)
def test_the_step_asks_choices_with_answers_chosen_beforehand(lang, path):
    view = step(path, lang)
    assert view["node"] == "lockout" and view["tool"] == "lockout" and view["submit"] == "check"
    fields = {f["name"]: f for f in view["fields"]}
    assert fields["at"]["type"] == "now"
    for name, allowed in (("attempts", ATTEMPTS), ("last_attempt", LAST_ATTEMPTS)):
        assert fields[name]["type"] == "choice"
        assert [o["value"] for o in fields[name]["options"]] == list(allowed)
        assert fields[name]["default"] in allowed
    # The number in "fewer than N" is the fact's, never typed in the text.
    assert str(F.lockout_max_failed_attempts) in fields["attempts"]["options"][0]["label"]
    assert [a["id"] for a in view["answers"]] == ["locked", "not-locked"]


def test_the_first_screen_offers_the_lockout():
    start = step([], "en")
    assert "locked-out" in [a["id"] for a in start["answers"]]
    assert step(["locked-out"], "en")["node"] == "lockout"


@pytest.mark.parametrize("lang", LANGS)
def test_the_defaults_alone_give_a_locked_result_with_the_way_to_call(lang):
    view = step(["locked-out"], lang)
    form = {f["name"]: f["default"] for f in view["fields"] if f["default"]}
    form["at"] = AT.isoformat()
    out = step(["locked-out"], lang, form=form)
    assert out["error"] is None
    assert out["result"] == check_lockout(AT.isoformat(), form["attempts"], form["last_attempt"])
    p = out["presentation"]
    assert p["key"] == "locked" and out["suggested"] == "locked"
    assert "{locked_until}" in p["headline"]["text"]
    assert ("call" if lang == "en" else "appelez") in p["headline"]["text"]
    assert p["contact"]["title"] == DATA["contact"]["title"][lang]
    assert 'href="../' in p["contact"]["html"]          # the contact page, relative to the step


@pytest.mark.parametrize("lang", LANGS)
def test_not_locked_is_suggested_only_for_fewer_attempts(lang):
    form = {"at": AT.isoformat(), "attempts": "fewer", "last_attempt": "unsure"}
    out = step(["locked-out"], lang, form=form)
    assert out["presentation"]["key"] == "not-locked" and out["suggested"] == "not-locked"
    assert out["presentation"]["contact"] is None and out["presentation"]["lines"] == []


def test_a_bad_choice_is_marked_on_its_field_in_the_readers_language():
    out = step(["locked-out"], "fr", form={"at": AT.isoformat(), "attempts": "many", "last_attempt": "x"})
    assert out["error"]["code"] == "unknown-choice" and out["error"]["field"] == "last_attempt"
    assert "choisissez" in out["error"]["message"]["text"]
    missing = step(["locked-out"], "en", inputs={"at": AT.isoformat(), "attempts": "many"})
    assert missing["error"]["code"] == "missing-input"


def test_a_locked_access_result_shows_one_state():
    """The access calculator (temporary access) given refused attempts by support staff: a
    lock hides the credential and the end of access, which would contradict it."""
    at = AT.astimezone(timezone.utc)
    events = [f"{z(at - H)}=login-failed"] * F.lockout_max_failed_attempts
    out = step(["no-device", "away", "yes"], "en", inputs={"at": z(at), "events": events})
    assert out["presentation"]["key"] == "locked"
    assert {line["key"] for line in out["presentation"]["lines"]} <= {"at", "client_portal", "trading",
                                                                      "locked_until", "failed_attempts"}


# --- properties -----------------------------------------------------------------------------
offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(lambda d, tz: d.replace(tzinfo=tz),
                    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)), offsets)
answers = st.tuples(st.sampled_from(ATTEMPTS), st.sampled_from(LAST_ATTEMPTS))
ACCESS_LINES = {"credential", "access_until", "client_portal", "trading"}
ACCESS_LABELS = {DATA["tools"]["access"]["results"]["labels"][k][lang] for k in ("credential", "access_until")
                 for lang in LANGS}


@settings(max_examples=150, deadline=None, database=None)
@given(moments, answers)
def test_not_sure_never_answers_not_locked(at, choice):
    attempts, last = choice
    r = check_lockout(at.isoformat(), attempts, last)
    if attempts != "fewer":
        # The lock lasts at least a day in the facts, and "yesterday" is within the reader's
        # day before: whatever is unsure, the answer is "locked".
        assert r["state"] == "locked" and r["locked_until"] > z(at) >= r["last_failed"]
    if "unsure" in choice and attempts != "fewer":
        assert r["state"] == "locked"
    if last == "unsure" and attempts != "fewer":
        assert r["locked_until"] == z(at + F.lockout_duration)


@settings(max_examples=100, deadline=None, database=None)
@given(moments, st.sampled_from(["just-now", "hour", "today", "yesterday"]), st.floats(0, 1))
def test_the_end_given_is_never_before_the_real_one(at, last, where):
    """Any last attempt the answer allows, with the maximum of attempts before it, locks at
    most until the end the check gives."""
    r = check_lockout(at.isoformat(), "many", last)
    start_of_day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    earliest = {"just-now": at, "hour": at - H, "today": min(start_of_day, at - H),
                "yesterday": start_of_day - timedelta(days=1)}[last]
    latest = datetime.fromisoformat(r["last_failed"].replace("Z", "+00:00"))
    real = earliest + (latest - earliest) * where
    real = real.replace(microsecond=0)
    events = [f"{z(real)}=login-failed"] * F.lockout_max_failed_attempts
    truth = compute_access(z(at), events)["locked_until"]
    assert truth is None or truth <= r["locked_until"]


@settings(max_examples=60, deadline=None, database=None)
@given(moments, answers, st.sampled_from(LANGS))
def test_a_locked_result_never_shows_access_or_device_lines(at, choice, lang):
    out = step(["locked-out"], lang, form={"at": at.isoformat(), "attempts": choice[0], "last_attempt": choice[1]})
    p = out["presentation"]
    if p["key"].startswith("locked"):
        assert [line["key"] for line in p["lines"]] == ["locked_until"]
        assert not ACCESS_LINES & {line["key"] for line in p["lines"]}
        assert not any(label in text for label in ACCESS_LABELS for text in texts(p))
        assert out["suggested"] == "locked" and p["contact"] is not None
    else:
        assert p["key"] == "not-locked" and choice[0] == "fewer" and p["contact"] is None
    # Every placeholder of every text is a value the page can write.
    for message in [p["headline"], *(p["more"] or {}).get("items", [])]:
        for name in re.findall(r"\{([a-z_]+)\}", message["text"]):
            assert message["values"][name]["value"] not in (None, "—"), name
