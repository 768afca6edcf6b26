"""access_timeline: consecutive segments until access is stable after `at`."""

from datetime import datetime, timedelta, timezone

import pytest

from troubleshooter.access import access_timeline, compute_access
from troubleshooter.errors import InputError
from troubleshooter.facts import load_facts

F = load_facts()
H = timedelta(hours=1)
S = timedelta(seconds=1)
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
KEYS = ["from", "until", "client_portal", "trading", "credential", "locked"]


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def ev(t, name):
    return f"{z(t)}={name}"


def shape(segments):
    return [(s["client_portal"], s["trading"], s["credential"], s["locked"]) for s in segments]


def check_consecutive(segments):
    assert segments and segments[-1]["until"] is None
    for a, b in zip(segments, segments[1:]):
        assert a["until"] == b["from"]
        assert a["from"] < a["until"]
    for s in segments:
        assert list(s) == KEYS


def test_no_events_one_stable_segment_from_at():
    assert access_timeline(z(T0), []) == [{
        "from": z(T0), "until": None, "client_portal": "full", "trading": True,
        "credential": "device", "locked": False}]


def test_passcode_runs_on_to_nothing_even_when_asked_early():
    p = T0 + H
    segments = access_timeline(z(p), [ev(T0, "device-unavailable"), ev(p, "temp-passcode")])
    check_consecutive(segments)
    assert shape(segments) == [
        ("none", False, None, False),
        ("full", True, "temp-passcode", False),
        ("card-only", False, "temp-passcode", False),
        ("none", False, None, False),
    ]
    assert [s["from"] for s in segments] == [
        z(T0), z(p), z(p + F.temp_full_access), z(p + F.temp_full_access + F.temp_card_only)]


def test_card_then_automatic_activation():
    p, shipped, card = T0 + H, T0 + 2 * H, T0 + 3 * H
    events = [ev(T0, "device-unavailable"), ev(p, "temp-passcode"),
              ev(shipped, "replacement-shipped"), ev(card, "online-card")]
    segments = access_timeline(z(card), events)
    check_consecutive(segments)
    assert shape(segments) == [
        ("none", False, None, False),
        ("full", True, "temp-passcode", False),
        ("full", True, "online-card", False),
        ("full", True, "device", False),
    ]
    assert segments[-1]["from"] == z(shipped + F.replacement_auto_activation)


def test_lock_segment():
    fails = [ev(T0 + i * S, "login-failed") for i in range(F.lockout_max_failed_attempts)]
    last = T0 + (F.lockout_max_failed_attempts - 1) * S
    segments = access_timeline(z(last), fails)
    check_consecutive(segments)
    assert shape(segments) == [("full", True, "device", False), ("none", False, "device", True),
                               ("full", True, "device", False)]
    assert segments[1] == {"from": z(last), "until": z(last + F.lockout_duration),
                           "client_portal": "none", "trading": False, "credential": "device",
                           "locked": True}


def test_segment_at_at_agrees_with_compute_access():
    p = T0 + H
    events = [ev(T0, "device-unavailable"), ev(p, "temp-passcode")]
    for at in (p, p + F.temp_full_access - S, p + F.temp_full_access, p + 30 * F.temp_full_access):
        r = compute_access(z(at), events)
        seg = [s for s in access_timeline(z(at), events)
               if s["from"] <= z(at) and (s["until"] is None or z(at) < s["until"])]
        assert len(seg) == 1
        assert (seg[0]["client_portal"], seg[0]["trading"], seg[0]["credential"]) == \
            (r["client_portal"], r["trading"], r["credential"])


def test_timeline_validates_like_compute_access():
    with pytest.raises(InputError) as info:
        access_timeline(z(T0), [ev(T0 + S, "login-ok")])
    assert info.value.code == "event-after-at"
