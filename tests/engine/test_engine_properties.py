"""Property tests (hypothesis). Modest settings: the suite also runs under Pyodide."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troubleshooter.access import EVENTS, access_timeline, compute_access
from troubleshooter.errors import InputError
from troubleshooter.facts import load_facts
from troubleshooter.limits import business_day, compute_limits, is_business_day

F = load_facts()
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)
SETTINGS = settings(max_examples=120, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
RANK = {"none": 0, "card-only": 1, "full": 2}
DAY = 24 * 3600

# gaps in seconds: boundaries of the rules, small steps and anything up to a month
gaps = st.one_of(
    st.sampled_from([0, 1, 60, 3600, DAY // 2, DAY, 2 * DAY, 10 * DAY, 12 * DAY, 21 * DAY]),
    st.integers(0, 30 * DAY),
)
names = st.sampled_from(EVENTS + ("login-failed",) * 4 + ("temp-passcode", "online-card") * 2)
steps = st.lists(st.tuples(gaps, names, st.integers(1, F.lockout_max_failed_attempts + 2),
                           st.sampled_from([1, 60, 3600, 3 * 3600])), max_size=14)


def z(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def build(plan, exclude=()):
    """A valid event list from a plan: events the rules refuse are left out."""
    t, events = T0, []
    for gap, name, repeat, spacing in plan:
        if name in exclude:
            continue
        t += timedelta(seconds=gap)
        for i in range(repeat if name.startswith("login") else 1):
            when = t + timedelta(seconds=i * spacing)
            candidate = f"{z(when)}={name}"
            try:
                compute_access(z(when), events + [candidate])
            except InputError:
                continue
            events.append(candidate)
        t = when
    return events, t


def when_of(event):
    return datetime.strptime(event.split("=")[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def widened(before, after):
    return (RANK[after["client_portal"]] > RANK[before["client_portal"]]
            or (after["trading"] and not before["trading"]))


@SETTINGS
@given(plan=steps, d1=gaps, d2=gaps)
def test_access_never_widens_without_an_event(plan, d1, d2):
    events, last = build(plan)
    at1 = last + timedelta(seconds=min(d1, d2))
    at2 = last + timedelta(seconds=max(d1, d2))
    r1, r2 = compute_access(z(at1), events), compute_access(z(at2), events)
    if widened(r1, r2):
        # only the rules' own time-driven changes may widen access: a lock running out,
        # or the automatic activation of a shipped replacement
        lock_ended = r1["locked_until"] is not None and r1["locked_until"] <= z(at2)
        auto = any(at1 < when_of(e) + F.replacement_auto_activation <= at2
                   for e in events if e.endswith("=replacement-shipped"))
        assert lock_ended or auto, (events, r1, r2)


@SETTINGS
@given(plan=steps, d1=gaps, d2=gaps)
def test_without_shipments_or_locks_access_only_narrows(plan, d1, d2):
    events, last = build(plan, exclude=("replacement-shipped",))
    at1 = last + timedelta(seconds=min(d1, d2))
    at2 = last + timedelta(seconds=max(d1, d2))
    r1, r2 = compute_access(z(at1), events), compute_access(z(at2), events)
    if r1["locked_until"] is None:
        assert not widened(r1, r2), (events, r1, r2)


@SETTINGS
@given(plan=steps, d=gaps)
def test_a_lock_ends_its_duration_after_the_last_failure(plan, d):
    events, last = build(plan)
    at = last + timedelta(seconds=d)
    r = compute_access(z(at), events)
    logins = [when_of(e) for e in events if "=login-" in e]
    if r["locked_until"] is not None:
        assert r["locked_until"] == z(logins[-1] + F.lockout_duration)
        assert r["locked_until"] > r["at"]
        assert (r["client_portal"], r["trading"]) == ("none", False)
        assert r["failed_attempts"] >= F.lockout_max_failed_attempts
    if logins and at >= logins[-1] + F.lockout_duration:
        assert r["locked_until"] is None


@SETTINGS
@given(plan=steps, d=gaps)
def test_output_is_consistent(plan, d):
    events, last = build(plan)
    at = last + timedelta(seconds=d)
    r = compute_access(z(at), events)
    assert r["client_portal"] in RANK
    assert r["trading"] is (r["client_portal"] == "full")
    if r["credential"] is None:
        assert r["client_portal"] == "none"
    if r["access_until"] is not None:
        assert r["access_until"] > r["at"]
    assert r["failed_attempts"] >= 0


@SETTINGS
@given(plan=steps, d=gaps, probe=gaps)
def test_timeline_agrees_with_compute_access(plan, d, probe):
    events, last = build(plan)
    at = last + timedelta(seconds=d)
    segments = access_timeline(z(at), events)
    assert segments[-1]["until"] is None
    for a, b in zip(segments, segments[1:]):
        assert a["until"] == b["from"]
        assert {k: a[k] for k in ("client_portal", "trading", "credential", "locked")} != \
               {k: b[k] for k in ("client_portal", "trading", "credential", "locked")}
    # any moment from `at` on, with no new event, reads the same from both
    moment = z(at + timedelta(seconds=probe))
    r = compute_access(moment, events)
    seg = [s for s in segments if s["from"] <= moment and (s["until"] is None or moment < s["until"])]
    assert len(seg) == 1
    assert (seg[0]["client_portal"], seg[0]["trading"], seg[0]["credential"],
            seg[0]["locked"]) == (r["client_portal"], r["trading"], r["credential"],
                                  r["locked_until"] is not None)


# -- limits -------------------------------------------------------------------------------
ON = date(2026, 11, 2)
devices = st.sampled_from(list(F.devices))
cents = st.one_of(st.integers(1, 10_000_000), st.integers(1, 200_000_000_00))
withdrawal = st.tuples(st.integers(0, 20), cents)
withdrawals = st.lists(withdrawal, max_size=8)
on_days = st.integers(0, 30)


def amount(c):
    return f"{c // 100}.{c % 100:02d}" if c % 100 else str(c // 100)


def texts(on, items):
    return [f"{on - timedelta(days=back)}={amount(c)}" for back, c in items]


@SETTINGS
@given(device=devices, on_offset=on_days, items=withdrawals)
def test_available_within_bounds(device, on_offset, items):
    on = ON + timedelta(days=on_offset)
    r = compute_limits(device, on.isoformat(), texts(on, items))
    dev = F.devices[device]
    if dev.unlimited:
        assert r["available"] is None and r["binding"] is None
        return
    available = Decimal(r["available"])
    assert available >= 0
    if dev.daily is not None:
        assert available <= dev.daily
        assert available <= max(Decimal(0), dev.daily - Decimal(r["withdrawn_today"]))
    if dev.window is not None:
        assert available <= dev.window
        assert available <= max(Decimal(0), dev.window - Decimal(r["withdrawn_in_window"]))
    assert Decimal(r["withdrawn_today"]) <= Decimal(r["withdrawn_in_window"])


@SETTINGS
@given(device=devices, on_offset=on_days, items=withdrawals, extra=withdrawal)
def test_a_withdrawal_never_raises_available(device, on_offset, items, extra):
    on = ON + timedelta(days=on_offset)
    before = compute_limits(device, on.isoformat(), texts(on, items))
    after = compute_limits(device, on.isoformat(), texts(on, items + [extra]))
    if before["available"] is None:
        assert after["available"] is None
    else:
        assert Decimal(after["available"]) <= Decimal(before["available"])
        assert Decimal(after["withdrawn_in_window"]) >= Decimal(before["withdrawn_in_window"])


@SETTINGS
@given(device=devices, on_offset=on_days, items=withdrawals)
def test_next_increase_is_the_first_higher_business_day(device, on_offset, items):
    on = ON + timedelta(days=on_offset)
    given_ = texts(on, items)
    r = compute_limits(device, on.isoformat(), given_)
    assert is_business_day(date.fromisoformat(r["on"]))
    assert date.fromisoformat(r["on"]) == business_day(on)
    nxt = r["next_increase_on"]
    if nxt is None:
        return
    day = date.fromisoformat(r["on"]) + timedelta(days=1)
    while day.isoformat() < nxt:
        if is_business_day(day):
            assert Decimal(compute_limits(device, day.isoformat(), given_)["available"]) <= \
                Decimal(r["available"])
        day += timedelta(days=1)
    assert is_business_day(day)
    assert Decimal(compute_limits(device, nxt, given_)["available"]) > Decimal(r["available"])
