"""The login-state machine: what a customer can log in to at a given time.

    compute_access(at, events, facts=None) -> dict        (the `access` command's output)
    access_timeline(at, events, facts=None) -> list[dict] (segments, for drawing)

`at` is a WHEN (ISO 8601 with a UTC offset); `events` are "WHEN=EVENT" strings in time
order, none after `at`. The durations and counts are facts (`troubleshooter.facts`).

Rules (the contract, engine-contract.md), with the choices it leaves open:

- Start: the permanent device works → full access, credential "device".
- `device-unavailable`: no access until a temporary credential exists. Given again while
  the device is already unavailable, it changes nothing.
- `temp-passcode` at t: full access until t + temp_passcode.full_access_days, then Client
  Portal only (to print the online card) for temp_passcode.card_only_days more, then
  nothing. Client Services issues one only when the device is unavailable, so a passcode
  given while the device still works also marks the device unavailable from t. A second
  passcode since the device became unavailable is refused (`consecutive-passcode`).
- `online-card` at t: only while a temporary passcode still admits the customer to Client
  Portal (`card-without-passcode`) and the login is not locked (`card-while-locked`); then
  full access until t + online_card.full_access_days. Activating another card while that
  is still possible starts its period again.
- `device-reactivated`, or the automatic activation replacement.auto_activation_days
  after `replacement-shipped` (the earliest pending one if several were shipped): full
  access with the device; the temporary passcode and the online card stop at once, and a
  new passcode may be issued if the device becomes unavailable again. A manual
  reactivation cancels pending automatic activations.
- Lockout: lockout.max_failed_attempts consecutive `login-failed` (no `login-ok` between)
  whose first and last are at most lockout.window_hours apart lock the login until
  lockout.duration_hours after the last failed attempt. While locked, every attempt
  (`login-ok` included) is refused, counts as failed and pushes the end of the lock. When
  the lock runs out the count restarts at 0. A lock denies Client Portal and trading; the
  credential is still reported (it works again when the lock ends).
- Periods are half-open: "until T" means up to, not including, T. At T the next state
  holds (a card activated exactly when the passcode stops admitting is refused).
- `login-ok` is taken as given: the engine does not check that a credential existed.
- Time-driven changes at a moment (automatic activation, lock end) take effect before
  events given for that same moment.
- Credentials, best first: device, then online card, then temporary passcode; the level
  is the best any valid credential gives (full > card-only > none).
- `access_until`: the first moment after `at` at which (client_portal, trading) changes
  with no new event (expiry, lock end, automatic activation), or null if it never does.
"""

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from .errors import InputError, quote
from .facts import resolve
from .timeparse import WHEN_EXAMPLE, format_when, out_of_range, parse_when

DEVICE_UNAVAILABLE = "device-unavailable"
TEMP_PASSCODE = "temp-passcode"
ONLINE_CARD = "online-card"
DEVICE_REACTIVATED = "device-reactivated"
REPLACEMENT_SHIPPED = "replacement-shipped"
LOGIN_FAILED = "login-failed"
LOGIN_OK = "login-ok"
EVENTS = (DEVICE_UNAVAILABLE, TEMP_PASSCODE, ONLINE_CARD, DEVICE_REACTIVATED,
          REPLACEMENT_SHIPPED, LOGIN_FAILED, LOGIN_OK)

FULL, CARD_ONLY, NONE = "full", "card-only", "none"
_RANK = {NONE: 0, CARD_ONLY: 1, FULL: 2}
CRED_DEVICE, CRED_PASSCODE, CRED_CARD = "device", "temp-passcode", "online-card"


@dataclass(frozen=True)
class Event:
    when: datetime      # aware, UTC
    name: str           # one of EVENTS
    text: str           # as given


def parse_event(text):
    """'WHEN=EVENT' → Event (the time is not yet checked against --at or order)."""
    if not isinstance(text, str):
        raise TypeError(f"an event must be a str, got {type(text).__name__}")
    if not text.strip():
        raise InputError("empty-value", "--event is empty; expected WHEN=EVENT, e.g. "
                         f"{WHEN_EXAMPLE}={TEMP_PASSCODE}", field="event", value=text, params={})
    when_text, sep, name_text = text.rpartition("=")
    if not sep or not when_text.strip():
        raise InputError("bad-event", f"--event {quote(text)} is not of the form WHEN=EVENT; expected "
                         f"e.g. {WHEN_EXAMPLE}={TEMP_PASSCODE}", field="event", value=text,
                         params={"example": f"{WHEN_EXAMPLE}={TEMP_PASSCODE}"})
    name = name_text.strip().lower()
    if name not in EVENTS:
        raise InputError("unknown-event", f"event {quote(text)}: unknown event {quote(name_text)}; "
                         f"expected one of {', '.join(EVENTS)}", field="event", value=name_text,
                         params={"event": text, "allowed": list(EVENTS)})
    when = parse_when(when_text, field="event", context={"event": text})
    return Event(when=when, name=name, text=text)


def parse_inputs(at, events):
    """Parse and check `at` and the events: format, order, none after `at`."""
    if not isinstance(at, str):
        raise TypeError(f"at must be a str, got {type(at).__name__}")
    at_dt = parse_when(at, field="at")
    parsed = [parse_event(e) for e in (events or [])]
    previous = None
    for e in parsed:
        if previous is not None and e.when < previous.when:
            raise InputError(
                "events-out-of-order",
                f"event {quote(e.text)} is earlier than the event before it ({quote(previous.text)}); "
                "expected the events in time order",
                field="event", value=e.text,
                params={"event": e.text, "when": format_when(e.when),
                        "previous": previous.text, "previous_when": format_when(previous.when)})
        if e.when > at_dt:
            raise InputError(
                "event-after-at",
                f"event {quote(e.text)} is after --at {format_when(at_dt)}; expected every event "
                "at or before the time asked about",
                field="event", value=e.text,
                params={"event": e.text, "when": format_when(e.when), "at": format_when(at_dt)})
        previous = e
    return at_dt, parsed


class _Machine:
    """The state after the events so far. `advance(t)` applies time-driven changes up to
    and including t; `apply(event)` applies one event (after advancing to its time)."""

    def __init__(self, facts):
        self.f = facts
        self.device = True
        self.passcode_at = None        # issue time of the temporary passcode still in play
        self.passcode_issued = None    # a passcode was issued since the device became unavailable
        self.card_at = None            # activation of the online card still in play
        self.auto_at = None            # earliest pending automatic activation
        self.failures = 0              # consecutive failed attempts counted
        self.recent = deque(maxlen=facts.lockout_max_failed_attempts)
        self.lock_until = None

    def clone(self):
        other = _Machine.__new__(_Machine)
        other.__dict__.update(self.__dict__)
        other.recent = deque(self.recent, maxlen=self.recent.maxlen)
        return other

    # -- time ---------------------------------------------------------------------------
    def advance(self, t):
        if self.auto_at is not None and self.auto_at <= t:
            self._reactivate()
        if self.lock_until is not None and self.lock_until <= t:
            self.lock_until = None
            self._reset_count()

    def next_change(self, t):
        """The first moment after t at which something may change with no new event."""
        f = self.f
        candidates = [self.auto_at, self.lock_until]
        if self.card_at is not None:
            candidates.append(self.card_at + f.online_card_full_access)
        if self.passcode_at is not None:
            candidates.append(self.passcode_at + f.temp_full_access)
            candidates.append(self.passcode_at + f.temp_card_only_until)
        later = [c for c in candidates if c is not None and c > t]
        return min(later) if later else None

    # -- events -------------------------------------------------------------------------
    def step(self, event):
        t = event.when
        self.advance(t)
        self.apply(event)
        self.advance(t)   # a zero-length fact (e.g. auto-activation after 0 days) acts now

    def apply(self, event):
        t, name, f = event.when, event.name, self.f
        if name == DEVICE_UNAVAILABLE:
            self.device = False
        elif name == TEMP_PASSCODE:
            if self.passcode_issued is not None:
                raise InputError(
                    "consecutive-passcode",
                    f"event {quote(event.text)}: a temporary passcode was already issued at "
                    f"{format_when(self.passcode_issued)} since the device became unavailable; "
                    "no consecutive temporary passcodes: expected device-reactivated (or an "
                    "activated replacement) before another one",
                    field="event", value=event.text,
                    params={"event": event.text, "when": format_when(t),
                            "issued": format_when(self.passcode_issued)})
            self.device = False
            self.passcode_at = t
            self.passcode_issued = t
        elif name == ONLINE_CARD:
            admits_until = (self.passcode_at + f.temp_card_only_until
                            if self.passcode_at is not None else None)
            if admits_until is None or t >= admits_until:
                why = ("no temporary passcode was issued" if admits_until is None
                       else f"the temporary passcode stopped admitting at {format_when(admits_until)}")
                raise InputError(
                    "card-without-passcode",
                    f"event {quote(event.text)}: {why}; an online card can be activated only "
                    "while a temporary passcode still admits the customer to Client Portal",
                    field="event", value=event.text,
                    params={"event": event.text, "when": format_when(t),
                            "passcode_until": format_when(admits_until)})
            if self.locked(t):
                raise InputError(
                    "card-while-locked",
                    f"event {quote(event.text)}: the login is locked until "
                    f"{format_when(self.lock_until)}; an online card is activated in Client "
                    "Portal, which a lock refuses",
                    field="event", value=event.text,
                    params={"event": event.text, "when": format_when(t),
                            "locked_until": format_when(self.lock_until)})
            self.card_at = t
        elif name == DEVICE_REACTIVATED:
            self._reactivate()
        elif name == REPLACEMENT_SHIPPED:
            due = t + f.replacement_auto_activation
            if self.auto_at is None or due < self.auto_at:
                self.auto_at = due
        elif name in (LOGIN_FAILED, LOGIN_OK):
            if self.locked(t):
                self._count_failure(t)
                self.lock_until = t + f.lockout_duration
            elif name == LOGIN_OK:
                self._reset_count()
            else:
                self._count_failure(t)
                if (len(self.recent) == self.recent.maxlen
                        and t - self.recent[0] <= f.lockout_window):
                    self.lock_until = t + f.lockout_duration
        else:  # pragma: no cover - parse_event admits only EVENTS
            raise AssertionError(name)

    def _reactivate(self):
        self.device = True
        self.passcode_at = None
        self.passcode_issued = None
        self.card_at = None
        self.auto_at = None

    def _count_failure(self, t):
        self.failures += 1
        self.recent.append(t)

    def _reset_count(self):
        self.failures = 0
        self.recent.clear()

    # -- what the customer gets ---------------------------------------------------------
    def locked(self, t):
        return self.lock_until is not None and t < self.lock_until

    def credential(self, t):
        """(level, credential) from the credentials alone, ignoring a lock."""
        if self.device:
            return FULL, CRED_DEVICE
        f = self.f
        options = []
        if self.card_at is not None and self.card_at <= t < self.card_at + f.online_card_full_access:
            options.append((FULL, CRED_CARD))
        if self.passcode_at is not None:
            if t < self.passcode_at + f.temp_full_access:
                options.append((FULL, CRED_PASSCODE))
            elif t < self.passcode_at + f.temp_card_only_until:
                options.append((CARD_ONLY, CRED_PASSCODE))
        best = (NONE, None)
        for option in options:
            if _RANK[option[0]] > _RANK[best[0]]:
                best = option
        return best

    def view(self, t):
        level, cred = self.credential(t)
        locked = self.locked(t)
        return {
            "client_portal": NONE if locked else level,
            "trading": level == FULL and not locked,
            "credential": cred,
            "locked": locked,
        }


def _run(at_dt, events, facts):
    m = _Machine(facts)
    for e in events:
        m.step(e)
    m.advance(at_dt)
    return m


def compute_access(at: str, events: list[str], facts=None) -> dict:
    """The `access` command: the login state at `at` after `events` ("WHEN=EVENT")."""
    f = resolve(facts)
    at_dt, parsed = parse_inputs(at, events)
    try:
        m = _run(at_dt, parsed, f)
        now = m.view(at_dt)
        access_until = None
        probe, t = m.clone(), at_dt
        while (t := probe.next_change(t)) is not None:
            probe.advance(t)
            later = probe.view(t)
            if (later["client_portal"], later["trading"]) != (now["client_portal"], now["trading"]):
                access_until = t
                break
        result = {
            "at": format_when(at_dt),
            "client_portal": now["client_portal"],
            "trading": now["trading"],
            "credential": now["credential"],
            "access_until": format_when(access_until),
            "locked_until": format_when(m.lock_until if m.locked(at_dt) else None),
            "failed_attempts": m.failures,
        }
    except OverflowError:
        raise out_of_range("at", at) from None
    return result


def access_timeline(at: str, events: list[str], facts=None) -> list[dict]:
    """Consecutive segments from the first event (or `at`) until access is stable after `at`.

    Each segment: {"from", "until" (None for the last), "client_portal", "trading",
    "credential", "locked"}; a new segment starts whenever one of those four changes."""
    f = resolve(facts)
    at_dt, parsed = parse_inputs(at, events)
    segments = []
    try:
        m = _Machine(f)
        i, n = 0, len(parsed)
        t = parsed[0].when if parsed else at_dt
        while True:
            m.advance(t)
            while i < n and parsed[i].when == t:
                m.step(parsed[i])
                i += 1
            view = m.view(t)
            if not segments or any(segments[-1][k] != view[k] for k in view):
                if segments:
                    segments[-1]["until"] = format_when(t)
                segments.append({"from": format_when(t), "until": None, **view})
            upcoming = [x for x in (parsed[i].when if i < n else None, m.next_change(t))
                        if x is not None]
            if not upcoming:
                break
            t = min(upcoming)
    except OverflowError:
        raise out_of_range("at", at) from None
    return segments
