"""The lockout check as a person can answer it: roughly how many failed attempts in a row,
and roughly when the last one was. Nothing is typed: each answer is one of a few choices.

    check_lockout(at, attempts, last_attempt, facts=None) -> dict

`at` is the moment of the check (a WHEN, written by the page with the reader's UTC offset,
which says where the reader's "today" starts). The answers become the events the
login-state machine needs (troubleshooter.access: the lockout rule has one owner), placed
where the answers allow:

- attempts: "fewer" (fewer than lockout.max_failed_attempts), "many" (about that many or
  more), "unsure". "unsure" counts as "many": *locked* is the safe answer. A reader who waits
  for nothing loses hours; one who tries during a lock pushes its end back.
- last_attempt: "just-now", "hour" (about an hour ago), "today" (earlier today, so at least
  about an hour ago), "yesterday" (yesterday or before), "unsure". The last failed attempt
  is taken at the latest moment the answer allows, so the end of the lock given is never
  earlier than the real one: "today" → an hour ago; "yesterday" → the start of the reader's
  day; "unsure" → just now.
- "many" and "unsure" assume the attempts came in a row within lockout.window_hours (no
  successful login between them): the case in which they lock.

The reader's day starts at midnight in the offset `at` was written with: on the day a
clock change happened after midnight, that is an hour off the real local midnight, and on
the spring change "yesterday or before" may then end the lock up to an hour early (the
only case in which the end given is not the latest; the result says it is a bound).

Only "fewer" answers "not locked", and then only about the lock: the check says nothing of
the reader's other access (no "full access" from missing data). Every result lists what it
assumes (`assumes`, codes below), which the page words for people.

Result keys: at; attempts, last_attempt (the answers); state ("locked" | "not-locked" |
"lock-over"); locked_until (the end of the lock, the latest the answers allow, or None);
lock_ended (when a lock from these answers ended at the latest, for "lock-over", else
None); last_failed (the last failed attempt as counted, or None for "fewer"); exact (False
when last_failed is a bound, not the reader's own estimate); assumes.
"""

from datetime import timedelta

from .access import LOGIN_FAILED, compute_access
from .errors import InputError, quote
from .facts import resolve
from .timeparse import format_when, out_of_range, parse_local_when, parse_when

FEWER, MANY, UNSURE = "fewer", "many", "unsure"
ATTEMPTS = (FEWER, MANY, UNSURE)
JUST_NOW, HOUR, TODAY, YESTERDAY = "just-now", "hour", "today", "yesterday"
LAST_ATTEMPTS = (JUST_NOW, HOUR, TODAY, YESTERDAY, UNSURE)
CHOICES = {"attempts": ATTEMPTS, "last_attempt": LAST_ATTEMPTS}
# What "about an hour ago" stands for; "earlier today" is at least that long ago.
ABOUT_AN_HOUR = timedelta(hours=1)
# The answers whose time is the reader's own estimate; the others give a bound.
ESTIMATES = (JUST_NOW, HOUR)

# What a result assumes (the page words each one).
ASSUMES_FEWER = "fewer-than-max"        # the reader counted fewer than the maximum
ASSUMES_IN_A_ROW = "in-a-row"           # "many": in a row, within the window
ASSUMES_MAX_UNSURE = "max-when-unsure"  # "unsure": counted as the maximum, in a row
ASSUMES_LAST_ABOUT = "last-about"       # the last attempt at about the time given
ASSUMES_LAST_LATEST = "last-latest"     # the last attempt at the latest at that time
ASSUMES_LAST_UNSURE = "last-unsure"     # not known: counted as just now
ASSUMPTIONS = (ASSUMES_FEWER, ASSUMES_IN_A_ROW, ASSUMES_MAX_UNSURE, ASSUMES_LAST_ABOUT,
               ASSUMES_LAST_LATEST, ASSUMES_LAST_UNSURE)


def _choice(field, value):
    allowed = CHOICES[field]
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a str, got {type(value).__name__}")
    key = value.strip().lower()
    if not key:
        raise InputError("empty-value", f"--{field.replace('_', '-')} is empty; expected one of "
                         f"{', '.join(allowed)}", field=field, value=value, params={})
    if key not in allowed:
        raise InputError("unknown-choice", f"--{field.replace('_', '-')} {quote(value)} is not one of "
                         f"{', '.join(allowed)}", field=field, value=value, params={"allowed": list(allowed)})
    return key


def _last_failed(local_at, answer):
    """The latest moment the answer allows for the last failed attempt (aware, local)."""
    if answer in (JUST_NOW, UNSURE):
        return local_at
    if answer == HOUR:
        return local_at - ABOUT_AN_HOUR
    start_of_day = local_at.replace(hour=0, minute=0, second=0, microsecond=0)
    if answer == TODAY:
        earlier = local_at - ABOUT_AN_HOUR
        # In the first hour of the day, "earlier today" can only be just before now.
        return earlier if earlier >= start_of_day else local_at
    return start_of_day                              # yesterday or before


def check_lockout(at: str, attempts: str, last_attempt: str, facts=None) -> dict:
    """Whether the login is locked, from the reader's choices (see the module's text)."""
    f = resolve(facts)
    if not isinstance(at, str):
        raise TypeError(f"at must be a str, got {type(at).__name__}")
    at_utc = parse_when(at, field="at")
    local_at = parse_local_when(at, field="at")
    attempts = _choice("attempts", attempts)
    last_attempt = _choice("last_attempt", last_attempt)
    result = {"at": format_when(at_utc), "attempts": attempts, "last_attempt": last_attempt,
              "state": "not-locked", "locked_until": None, "lock_ended": None,
              "last_failed": None, "exact": True, "assumes": []}
    if attempts == FEWER:
        result["assumes"] = [ASSUMES_FEWER]
        return result
    try:
        last = _last_failed(local_at, last_attempt)
        when = format_when(last)
        # The machine decides: the maximum of failed attempts, all at the last one's time
        # (in a row, within any window), then the moment of the check.
        access = compute_access(result["at"], [f"{when}={LOGIN_FAILED}"] * f.lockout_max_failed_attempts, f)
        ended = format_when(last + f.lockout_duration)
    except OverflowError:
        raise out_of_range("at", at) from None
    result["last_failed"] = when
    result["exact"] = last_attempt in ESTIMATES
    result["assumes"] = [
        ASSUMES_MAX_UNSURE if attempts == UNSURE else ASSUMES_IN_A_ROW,
        ASSUMES_LAST_UNSURE if last_attempt == UNSURE
        else ASSUMES_LAST_ABOUT if result["exact"] else ASSUMES_LAST_LATEST,
    ]
    if access["locked_until"] is not None:
        result["state"] = "locked"
        result["locked_until"] = access["locked_until"]
    else:
        result["state"] = "lock-over"
        result["lock_ended"] = ended
    return result
