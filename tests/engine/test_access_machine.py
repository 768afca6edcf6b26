"""The login-state machine, rule by rule, with boundaries one second either side.

Durations come from the packaged facts (F), so these tests follow a change of a fact; the
current values are pinned once in test_current_values. Pure: runs under Pyodide too."""

from datetime import datetime, timedelta, timezone

import pytest

from troubleshooter.access import compute_access
from troubleshooter.errors import InputError
from troubleshooter.facts import load_facts

F = load_facts()
S = timedelta(seconds=1)
H = timedelta(hours=1)
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)   # a Friday morning
FULL_PASS = F.temp_full_access
CARD_ONLY_END = F.temp_full_access + F.temp_card_only
CARD = F.online_card_full_access
AUTO = F.replacement_auto_activation
MAX = F.lockout_max_failed_attempts
WINDOW = F.lockout_window
LOCK = F.lockout_duration


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def acc(at, *events, facts=None):
    return compute_access(z(at), [f"{z(t)}={name}" for t, name in events], facts=facts)


def level(r):
    return r["client_portal"], r["trading"], r["credential"]


def error(at, *events):
    with pytest.raises(InputError) as info:
        acc(at, *events)
    return info.value


UNAVAILABLE = (T0, "device-unavailable")
PASSCODE_AT = T0 + H
PASSCODE = (PASSCODE_AT, "temp-passcode")


def test_current_values():
    # the contract's numbers, as the facts hold them today
    assert FULL_PASS == timedelta(days=2)
    assert CARD_ONLY_END == timedelta(days=12)
    assert CARD == timedelta(days=21)
    assert AUTO == timedelta(days=21)
    assert (MAX, WINDOW, LOCK) == (10, timedelta(hours=24), timedelta(hours=24))


# -- start and device ---------------------------------------------------------------------
def test_start_full_access_with_device():
    assert acc(T0) == {
        "at": z(T0), "client_portal": "full", "trading": True, "credential": "device",
        "access_until": None, "locked_until": None, "failed_attempts": 0,
    }


def test_at_is_output_in_utc_to_the_second():
    r = compute_access("2026-11-20T10:30:15.75+01:00", [])
    assert r["at"] == "2026-11-20T09:30:15Z"


def test_device_unavailable_means_no_access():
    r = acc(T0 + H, UNAVAILABLE)
    assert level(r) == ("none", False, None)
    assert r["access_until"] is None


def test_device_unavailable_twice_changes_nothing():
    assert acc(T0 + 2 * H, UNAVAILABLE, (T0 + H, "device-unavailable")) == acc(T0 + 2 * H, UNAVAILABLE)


# -- temporary passcode -------------------------------------------------------------------
def test_passcode_full_access_until_full_days():
    before = acc(PASSCODE_AT + FULL_PASS - S, UNAVAILABLE, PASSCODE)
    assert level(before) == ("full", True, "temp-passcode")
    assert before["access_until"] == z(PASSCODE_AT + FULL_PASS)
    at = acc(PASSCODE_AT + FULL_PASS, UNAVAILABLE, PASSCODE)
    assert level(at) == ("card-only", False, "temp-passcode")
    after = acc(PASSCODE_AT + FULL_PASS + S, UNAVAILABLE, PASSCODE)
    assert level(after) == ("card-only", False, "temp-passcode")
    assert after["access_until"] == z(PASSCODE_AT + CARD_ONLY_END)


def test_passcode_at_its_issue_is_full():
    r = acc(PASSCODE_AT, UNAVAILABLE, PASSCODE)
    assert level(r) == ("full", True, "temp-passcode")


def test_passcode_card_only_until_the_end_then_nothing():
    before = acc(PASSCODE_AT + CARD_ONLY_END - S, UNAVAILABLE, PASSCODE)
    assert level(before) == ("card-only", False, "temp-passcode")
    after = acc(PASSCODE_AT + CARD_ONLY_END + S, UNAVAILABLE, PASSCODE)
    assert level(after) == ("none", False, None)
    assert after["access_until"] is None
    assert level(acc(PASSCODE_AT + CARD_ONLY_END, UNAVAILABLE, PASSCODE))[0] == "none"


def test_passcode_without_device_unavailable_implies_it():
    assert acc(PASSCODE_AT + H, PASSCODE) == acc(PASSCODE_AT + H, UNAVAILABLE, PASSCODE)
    late = acc(PASSCODE_AT + CARD_ONLY_END + S, PASSCODE)
    assert level(late) == ("none", False, None)   # the device does not come back by itself


def test_no_consecutive_passcodes():
    e = error(PASSCODE_AT + 2 * H, UNAVAILABLE, PASSCODE, (PASSCODE_AT + H, "temp-passcode"))
    assert e.code == "consecutive-passcode"
    assert e.field == "event"
    assert e.params["issued"] == z(PASSCODE_AT)
    assert e.params["when"] == z(PASSCODE_AT + H)
    assert "consecutive" in e.message and z(PASSCODE_AT + H) in e.message


def test_no_second_passcode_even_after_the_first_expired():
    later = PASSCODE_AT + CARD_ONLY_END + H
    assert error(later, UNAVAILABLE, PASSCODE, (later, "temp-passcode")).code == "consecutive-passcode"


def test_no_second_passcode_when_unavailable_is_repeated():
    e = error(PASSCODE_AT + 3 * H, UNAVAILABLE, PASSCODE, (PASSCODE_AT + H, "device-unavailable"),
              (PASSCODE_AT + 2 * H, "temp-passcode"))
    assert e.code == "consecutive-passcode"


def test_new_passcode_allowed_after_reactivation_and_a_new_loss():
    back, lost, again = PASSCODE_AT + H, PASSCODE_AT + 2 * H, PASSCODE_AT + 3 * H
    r = acc(again + H, UNAVAILABLE, PASSCODE, (back, "device-reactivated"),
            (lost, "device-unavailable"), (again, "temp-passcode"))
    assert level(r) == ("full", True, "temp-passcode")
    assert r["access_until"] == z(again + FULL_PASS)


def test_new_passcode_allowed_after_automatic_activation():
    shipped = PASSCODE_AT + H
    lost, again = shipped + AUTO + H, shipped + AUTO + 2 * H
    r = acc(again, UNAVAILABLE, PASSCODE, (shipped, "replacement-shipped"),
            (lost, "device-unavailable"), (again, "temp-passcode"))
    assert level(r) == ("full", True, "temp-passcode")


# -- online card ----------------------------------------------------------------------------
def test_card_during_full_passcode_gives_card_credential():
    card = PASSCODE_AT + H
    r = acc(card + H, UNAVAILABLE, PASSCODE, (card, "online-card"))
    assert level(r) == ("full", True, "online-card")
    assert r["access_until"] == z(card + CARD)


def test_card_allowed_one_second_before_passcode_stops_admitting():
    card = PASSCODE_AT + CARD_ONLY_END - S
    before = acc(card + CARD - S, UNAVAILABLE, PASSCODE, (card, "online-card"))
    assert level(before) == ("full", True, "online-card")
    assert before["access_until"] == z(card + CARD)
    after = acc(card + CARD + S, UNAVAILABLE, PASSCODE, (card, "online-card"))
    assert level(after) == ("none", False, None)
    assert after["access_until"] is None


@pytest.mark.parametrize("delay", [CARD_ONLY_END, CARD_ONLY_END + S])
def test_card_refused_once_passcode_stops_admitting(delay):
    card = PASSCODE_AT + delay
    e = error(card, UNAVAILABLE, PASSCODE, (card, "online-card"))
    assert e.code == "card-without-passcode"
    assert e.field == "event"
    assert e.params["passcode_until"] == z(PASSCODE_AT + CARD_ONLY_END)


def test_card_refused_without_passcode():
    e = error(T0 + H, UNAVAILABLE, (T0 + H, "online-card"))
    assert e.code == "card-without-passcode"
    assert e.params["passcode_until"] is None
    assert error(T0, (T0, "online-card")).code == "card-without-passcode"


def test_card_refused_after_reactivation_ended_the_passcode():
    e = error(PASSCODE_AT + 2 * H, UNAVAILABLE, PASSCODE, (PASSCODE_AT + H, "device-reactivated"),
              (PASSCODE_AT + 2 * H, "online-card"))
    assert e.code == "card-without-passcode"


def test_card_during_card_only_period_restores_full_access():
    card = PASSCODE_AT + FULL_PASS + H
    r = acc(card, UNAVAILABLE, PASSCODE, (card, "online-card"))
    assert level(r) == ("full", True, "online-card")


def test_card_refused_while_locked():
    fails = [(PASSCODE_AT + i * S, "login-failed") for i in range(1, MAX + 1)]
    card = PASSCODE_AT + H
    e = error(card, UNAVAILABLE, PASSCODE, *fails, (card, "online-card"))
    assert e.code == "card-while-locked"
    assert e.params["locked_until"] == z(PASSCODE_AT + MAX * S + LOCK)


# -- reactivation and replacement ---------------------------------------------------------
def test_reactivation_ends_passcode_and_card_at_once():
    card, back = PASSCODE_AT + H, PASSCODE_AT + 2 * H
    events = (UNAVAILABLE, PASSCODE, (card, "online-card"), (back, "device-reactivated"))
    r = acc(back, *events)
    assert level(r) == ("full", True, "device")
    assert r["access_until"] is None
    # losing the device again: the old passcode and card do not come back
    lost = back + H
    r = acc(lost, *events, (lost, "device-unavailable"))
    assert level(r) == ("none", False, None)


def test_replacement_auto_activates_after_the_fact_days():
    shipped = PASSCODE_AT + CARD_ONLY_END + H    # passcode expired: no access meanwhile
    events = (UNAVAILABLE, PASSCODE, (shipped, "replacement-shipped"))
    before = acc(shipped + AUTO - S, *events)
    assert level(before) == ("none", False, None)
    assert before["access_until"] == z(shipped + AUTO)
    assert level(acc(shipped + AUTO, *events)) == ("full", True, "device")
    after = acc(shipped + AUTO + S, *events)
    assert level(after) == ("full", True, "device")
    assert after["access_until"] is None


def test_auto_activation_ends_the_card():
    shipped = PASSCODE_AT + H
    card = shipped + H                       # the card outlasts the automatic activation
    events = (UNAVAILABLE, PASSCODE, (shipped, "replacement-shipped"), (card, "online-card"))
    assert shipped + AUTO < card + CARD
    assert level(acc(shipped + AUTO - S, *events)) == ("full", True, "online-card")
    assert level(acc(shipped + AUTO + S, *events)) == ("full", True, "device")
    # a card activated after the automatic activation has no passcode behind it
    e = error(shipped + AUTO + S, *events, (shipped + AUTO + S, "online-card"))
    assert e.code == "card-without-passcode"


def test_manual_reactivation_cancels_pending_auto_activation():
    shipped, back, lost = T0 + H, T0 + 2 * H, T0 + 3 * H
    r = acc(shipped + AUTO + S, UNAVAILABLE, (shipped, "replacement-shipped"),
            (back, "device-reactivated"), (lost, "device-unavailable"))
    assert level(r) == ("none", False, None)


def test_earliest_of_two_shipments_activates():
    first, second = T0 + H, T0 + 2 * H
    r = acc(first + AUTO + S, UNAVAILABLE, (first, "replacement-shipped"),
            (second, "replacement-shipped"))
    assert level(r) == ("full", True, "device")


# -- lockout ------------------------------------------------------------------------------
def failures(start, count, gap):
    return [(start + i * gap, "login-failed") for i in range(count)]


def test_lock_after_max_failures_within_window_span():
    gap = WINDOW / (MAX - 1)                 # first and last exactly WINDOW apart
    fails = failures(T0, MAX, gap)
    last = fails[-1][0]
    assert last - T0 == WINDOW
    r = acc(last, *fails)
    assert r["locked_until"] == z(last + LOCK)
    assert (r["client_portal"], r["trading"]) == ("none", False)
    assert r["credential"] == "device"          # still the customer's credential
    assert r["failed_attempts"] == MAX
    assert r["access_until"] == z(last + LOCK)


def test_no_lock_when_span_is_one_second_over_the_window():
    fails = failures(T0, MAX - 1, S) + [(T0 + WINDOW + S, "login-failed")]
    r = acc(T0 + WINDOW + S, *fails)
    assert r["locked_until"] is None
    assert r["failed_attempts"] == MAX
    assert level(r) == ("full", True, "device")


def test_one_failure_short_of_the_lock():
    fails = failures(T0, MAX - 1, S)
    r = acc(fails[-1][0], *fails)
    assert r["locked_until"] is None and r["failed_attempts"] == MAX - 1


def test_lock_counts_the_last_max_failures_only():
    # an old failure outside the window does not prevent a lock by the next MAX
    fails = [(T0, "login-failed")] + failures(T0 + WINDOW + H, MAX, S)
    last = fails[-1][0]
    r = acc(last, *fails)
    assert r["locked_until"] == z(last + LOCK)
    assert r["failed_attempts"] == MAX + 1


def test_lock_ends_duration_after_last_failure():
    fails = failures(T0, MAX, S)
    last = fails[-1][0]
    before = acc(last + LOCK - S, *fails)
    assert before["locked_until"] == z(last + LOCK)
    assert before["failed_attempts"] == MAX
    after = acc(last + LOCK + S, *fails)
    assert after["locked_until"] is None
    assert after["failed_attempts"] == 0
    assert level(after) == ("full", True, "device")
    assert acc(last + LOCK, *fails)["locked_until"] is None


@pytest.mark.parametrize("attempt", ["login-failed", "login-ok"])
def test_attempts_during_lock_extend_it(attempt):
    fails = failures(T0, MAX, S)
    extra = fails[-1][0] + H
    r = acc(extra + LOCK - S, *fails, (extra, attempt))
    assert r["locked_until"] == z(extra + LOCK)
    assert r["failed_attempts"] == MAX + 1
    assert acc(extra + LOCK + S, *fails, (extra, attempt))["locked_until"] is None


def test_login_ok_resets_the_count():
    fails = failures(T0, MAX - 1, S)
    ok = fails[-1][0] + S
    r = acc(ok, *fails, (ok, "login-ok"))
    assert r["failed_attempts"] == 0
    more = failures(ok + S, MAX - 1, S)
    r = acc(more[-1][0], *fails, (ok, "login-ok"), *more)
    assert r["locked_until"] is None and r["failed_attempts"] == MAX - 1


def test_count_restarts_after_lock_ends():
    fails = failures(T0, MAX, S)
    end = fails[-1][0] + LOCK
    again = failures(end, MAX - 1, S)
    r = acc(again[-1][0], *fails, *again)
    assert r["locked_until"] is None and r["failed_attempts"] == MAX - 1
    again = failures(end, MAX, S)
    r = acc(again[-1][0], *fails, *again)
    assert r["locked_until"] == z(again[-1][0] + LOCK)


def test_lock_hides_temporary_credential_then_it_returns():
    fails = failures(PASSCODE_AT + S, MAX, S)
    last = fails[-1][0]
    r = acc(last, UNAVAILABLE, PASSCODE, *fails)
    assert (r["client_portal"], r["trading"], r["credential"]) == ("none", False, "temp-passcode")
    # the lock outlasts the passcode's full days: after it, card-only remains
    r = acc(last + LOCK + S, UNAVAILABLE, PASSCODE, *fails)
    expected = "full" if last + LOCK + S < PASSCODE_AT + FULL_PASS else "card-only"
    assert r["client_portal"] == expected


def test_access_until_is_lock_end_when_credential_outlives_it():
    fails = failures(T0, MAX, S)
    r = acc(fails[-1][0], *fails)
    assert r["access_until"] == r["locked_until"]


def test_access_until_null_when_locked_and_credential_expires_first():
    # lock at the very end of the card-only period: nothing comes back after it
    start = PASSCODE_AT + CARD_ONLY_END - H
    fails = failures(start, MAX, S)
    r = acc(fails[-1][0], UNAVAILABLE, PASSCODE, *fails)
    assert r["locked_until"] is not None
    assert r["access_until"] is None


# -- bad input ----------------------------------------------------------------------------
def test_at_without_offset():
    with pytest.raises(InputError) as info:
        compute_access("2026-11-20T09:30:00", [])
    e = info.value
    assert (e.code, e.field, e.value) == ("time-no-offset", "at", "2026-11-20T09:30:00")
    assert "2026-11-20T09:30:00" in e.message


def test_event_time_without_offset():
    with pytest.raises(InputError) as info:
        compute_access("2026-11-20T09:30:00Z", ["2026-11-20T09:00:00=login-ok"])
    e = info.value
    assert (e.code, e.field, e.value) == ("time-no-offset", "event", "2026-11-20T09:00:00")
    assert e.params["event"] == "2026-11-20T09:00:00=login-ok"


@pytest.mark.parametrize("at", ["yesterday", "2026-11-20", "2026-13-01T00:00:00Z",
                                "2026-11-20T25:00:00Z", "2026-11-20T09:30:00+24:00",
                                "20261120T093000Z"])
def test_bad_at(at):
    with pytest.raises(InputError) as info:
        compute_access(at, [])
    assert info.value.code == "bad-time"
    assert info.value.field == "at"


def test_empty_at():
    with pytest.raises(InputError) as info:
        compute_access("  ", [])
    assert (info.value.code, info.value.field) == ("empty-value", "at")


def test_event_after_at():
    e = error(T0, (T0 + S, "login-ok"))
    assert (e.code, e.field) == ("event-after-at", "event")
    assert e.params == {"event": f"{z(T0 + S)}=login-ok", "when": z(T0 + S), "at": z(T0)}


def test_event_at_exactly_at_is_accepted():
    assert acc(T0, (T0, "device-unavailable"))["client_portal"] == "none"


def test_event_after_at_across_offsets():
    # 10:00+01:00 is 09:00Z: not after 09:00Z
    r = compute_access("2026-11-20T09:00:00Z", ["2026-11-20T10:00:00+01:00=device-unavailable"])
    assert r["client_portal"] == "none"


def test_events_out_of_order():
    e = error(T0 + H, (T0 + S, "device-unavailable"), (T0, "login-ok"))
    assert (e.code, e.field) == ("events-out-of-order", "event")
    assert e.value == f"{z(T0)}=login-ok"
    assert e.params["previous_when"] == z(T0 + S)


def test_events_at_the_same_time_keep_their_order():
    r = acc(T0, (T0, "device-unavailable"), (T0, "temp-passcode"))
    assert level(r) == ("full", True, "temp-passcode")


def test_unknown_event():
    with pytest.raises(InputError) as info:
        compute_access("2026-11-20T09:30:00Z", ["2026-11-20T09:00:00Z=device-lost"])
    e = info.value
    assert (e.code, e.field, e.value) == ("unknown-event", "event", "device-lost")
    assert "login-ok" in e.params["allowed"]
    assert "device-lost" in e.message


@pytest.mark.parametrize("text", ["login-ok", "2026-11-20T09:00:00Z", "=login-ok"])
def test_event_without_when_or_name(text):
    with pytest.raises(InputError) as info:
        compute_access("2026-11-20T09:30:00Z", [text])
    assert info.value.code in ("bad-event", "unknown-event")
    assert info.value.field == "event"


def test_event_name_case_and_spaces_forgiven():
    r = compute_access("2026-11-20T09:30:00Z", ["2026-11-20T09:00:00Z= Device-Unavailable "])
    assert r["client_portal"] == "none"


def test_error_messages_are_one_line():
    for at, events in [("2026-11-20T09:30:00", []), ("x\ny", []),
                       ("2026-11-20T09:30:00Z", ["2026-11-20T09:00:00Z=a\nb"])]:
        with pytest.raises(InputError) as info:
            compute_access(at, events)
        assert "\n" not in info.value.message


def test_time_out_of_range():
    with pytest.raises(InputError) as info:
        compute_access("9999-12-31T00:00:00Z", ["9999-12-30T00:00:00Z=temp-passcode"])
    assert info.value.code == "time-out-of-range"
    with pytest.raises(InputError) as info:
        compute_access("0001-01-01T00:00:00+01:00", [])
    assert info.value.code == "time-out-of-range"


def test_a_lock_never_shows_as_over_while_access_is_refused():
    # Ten failures half a second past each second: the reported end of the lock is the
    # moment access comes back, never a moment before it (times are whole seconds).
    half = [f"{z(T0 + i * S)[:-1]}.500Z=login-failed" for i in range(MAX)]
    end = T0 + (MAX - 1) * S + LOCK
    for at in (end - S, end, end + S):
        for fraction in (".000", ".200", ".999"):
            r = compute_access(f"{z(at)[:-1]}{fraction}Z", half)
            if r["locked_until"] is not None:
                assert r["locked_until"] > r["at"] and r["client_portal"] == "none"
            else:
                assert r["client_portal"] == "full", (at, fraction, r)
