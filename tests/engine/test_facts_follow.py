"""The engine computes with the facts it is given: change a fact, the result follows."""

from datetime import timedelta
from decimal import Decimal

import pytest

from troubleshooter import load_facts
from troubleshooter.access import access_timeline, compute_access
from troubleshooter.errors import FactsError, InputError
from troubleshooter.facts import Facts, raw_facts
from troubleshooter.limits import compare_devices, compute_limits

AT = "2026-11-20T09:00:00Z"


def changed(group, name, value):
    data = raw_facts()
    data[group][name] = value
    return data


def test_packaged_facts_are_typed():
    f = load_facts()
    assert isinstance(f, Facts)
    assert isinstance(f.temp_full_access, timedelta)
    assert isinstance(f.lockout_max_failed_attempts, int)
    assert isinstance(f.devices["sms"].daily, Decimal)
    assert f.devices["dsc-plus"].daily is None
    assert load_facts() is load_facts()            # cached


def test_load_facts_accepts_both_json_shapes():
    inner = raw_facts()
    assert load_facts(inner) == load_facts({"facts": inner})
    assert load_facts(inner).temp_full_access == load_facts().temp_full_access


def test_raw_facts_is_a_copy():
    data = raw_facts()
    data["temp_passcode"]["full_access_days"] = 99
    assert raw_facts()["temp_passcode"]["full_access_days"] != 99


def test_passcode_full_days_follow_the_fact():
    days = load_facts().temp_full_access.days
    events = ["2026-11-20T09:00:00Z=temp-passcode"]
    at = f"2026-11-{20 + days}T09:00:01Z"            # one second after the packaged expiry
    assert compute_access(at, events)["client_portal"] == "card-only"
    more = changed("temp_passcode", "full_access_days", days + 1)
    r = compute_access(at, events, facts=more)
    assert (r["client_portal"], r["trading"]) == ("full", True)
    assert r["access_until"] == f"2026-11-{21 + days}T09:00:00Z"
    # a Facts object works too
    assert compute_access(at, events, facts=load_facts(more)) == r
    assert access_timeline(at, events, facts=more)[1]["from"] == f"2026-11-{21 + days}T09:00:00Z"


def test_lockout_follows_the_facts():
    events = [f"2026-11-20T09:00:0{i}Z=login-failed" for i in range(3)]
    assert compute_access("2026-11-20T09:00:02Z", events)["locked_until"] is None
    data = raw_facts()
    data["lockout"]["max_failed_attempts"] = 3
    data["lockout"]["duration_hours"] = 1
    r = compute_access("2026-11-20T09:00:02Z", events, facts=data)
    assert r["locked_until"] == "2026-11-20T10:00:02Z"
    data["lockout"]["window_hours"] = 0
    assert compute_access("2026-11-20T09:00:02Z", events, facts=data)["locked_until"] is None


def test_card_and_auto_activation_follow_the_facts():
    events = ["2026-11-01T09:00:00Z=temp-passcode", "2026-11-01T10:00:00Z=online-card",
              "2026-11-01T11:00:00Z=replacement-shipped"]
    data = raw_facts()
    data["online_card"]["full_access_days"] = 1
    data["replacement"]["auto_activation_days"] = 3
    r = compute_access("2026-11-02T10:00:00Z", events, facts=data)
    assert (r["client_portal"], r["credential"]) == ("full", "temp-passcode")   # card over
    r = compute_access("2026-11-04T11:00:00Z", events, facts=data)
    assert r["credential"] == "device"


def test_card_only_days_follow_the_fact():
    events = ["2026-11-01T09:00:00Z=temp-passcode", "2026-11-10T09:00:00Z=online-card"]
    assert compute_access("2026-11-10T09:00:00Z", events)["credential"] == "online-card"
    with pytest.raises(InputError) as info:
        compute_access("2026-11-10T09:00:00Z", events,
                       facts=changed("temp_passcode", "card_only_days", 5))
    assert info.value.code == "card-without-passcode"


def test_withdrawal_limits_follow_the_facts():
    data = raw_facts()
    data["withdrawal"]["limits"]["sms"] = {"daily": "1000", "window": "1500.50",
                                           "in_circulation": True}
    r = compute_limits("sms", "2026-11-20", ["2026-11-19=700"], facts=data)
    assert (r["daily_limit"], r["window_limit"]) == ("1000.00", "1500.50")
    assert (r["available"], r["binding"]) == ("800.50", "window")


def test_window_length_follows_the_fact():
    assert compute_limits("sms", "2026-11-20", [])["window_start"] == "2026-11-16"
    data = changed("withdrawal", "window_business_days", 2)
    r = compute_limits("sms", "2026-11-23", ["2026-11-19=100", "2026-11-20=50"], facts=data)
    assert r["window_start"] == "2026-11-20"
    assert r["withdrawn_in_window"] == "50.00"


def test_new_device_in_the_facts():
    data = raw_facts()
    data["withdrawal"]["limits"]["new_thing"] = {"daily": "5", "window": "7",
                                                 "in_circulation": True}
    assert compute_limits("new-thing", "2026-11-20", [], facts=data)["available"] == "5.00"
    assert compare_devices("2026-11-20", [], facts=data)[0]["device"] == "new-thing"


@pytest.mark.parametrize("group, name, value", [
    ("temp_passcode", "full_access_days", "2"), ("temp_passcode", "full_access_days", 0),
    ("lockout", "max_failed_attempts", True), ("withdrawal", "window_business_days", -1),
])
def test_bad_facts_are_refused(group, name, value):
    with pytest.raises(FactsError):
        load_facts(changed(group, name, value))


def test_missing_fact_is_refused():
    data = raw_facts()
    del data["lockout"]
    with pytest.raises(FactsError, match="lockout"):
        load_facts(data)


def test_bad_limit_is_refused():
    data = raw_facts()
    data["withdrawal"]["limits"]["sms"]["daily"] = "1.005"
    with pytest.raises(FactsError):
        load_facts(data)
