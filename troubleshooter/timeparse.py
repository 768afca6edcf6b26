"""Times and dates in and out.

WHEN (input): ISO 8601 extended format with a mandatory UTC offset, e.g.
`2026-11-20T09:30:00Z`, `2026-11-20T10:30:00+01:00`, `2026-11-20T10:30+0100`,
`2026-11-20T10:30:00.5-05`. Seconds and fractions are optional; the separator is `T`
(or a space); the offset is `Z` or ±HH[:MM]. A value without an offset is refused
(`time-no-offset`): the engine never guesses a time zone. Parsed values are aware
datetimes in UTC, truncated to the second: every computed boundary is then a whole second
and shows exactly (a lock never looks over while access is still refused).

WHEN (output): `YYYY-MM-DDTHH:MM:SSZ`, UTC, to the second (fractions are dropped).

DATE: `YYYY-MM-DD`, a calendar date (no time, no zone).
"""

import re
from datetime import date, datetime, time, timedelta, timezone

from .errors import InputError, quote

UTC = timezone.utc
WHEN_EXAMPLE = "2026-11-20T09:30:00Z"
DATE_EXAMPLE = "2026-11-20"

_WHEN = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"[Tt ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]+))?)?"
    r"(?P<offset>[Zz]|(?P<sign>[+-])(?P<off_h>[0-9]{2})(?::?(?P<off_m>[0-9]{2}))?)?"
)
_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")


def _context(params, context):
    out = dict(params)
    out.update(context or {})
    return out


def _where(field, context):
    if context and "event" in context:
        return f"event {quote(context['event'])}: time"
    if context and "withdrawal" in context:
        return f"withdrawal {quote(context['withdrawal'])}: date"
    return f"--{field}"


def _filled(text, field, context, expected):
    """`text` without surrounding spaces; "empty-value", naming what was `expected`, if nothing
    is left."""
    stripped = text.strip()
    if not stripped:
        raise InputError("empty-value", f"{_where(field, context)} is empty; expected {expected}",
                         field=field, value=text, params=_context({}, context))
    return stripped


def parse_when(text, field="at", context=None):
    """An ISO 8601 time with a UTC offset → an aware datetime in UTC.

    `context` (e.g. {"event": "…=…"}) is added to the error's params and message."""
    local = parse_local_when(text, field, context)
    try:
        return local.astimezone(UTC)
    except OverflowError:
        raise out_of_range(field, text, context) from None


def parse_local_when(text, field="at", context=None):
    """parse_when, but in the offset it was written with (the reader's own day, e.g. where
    "today" starts), checked the same way."""
    raw = text
    text = _filled(text, field, context, f"an ISO 8601 time with a UTC offset, e.g. {WHEN_EXAMPLE}")
    m = _WHEN.fullmatch(text)
    bad = InputError("bad-time", f"{_where(field, context)} {quote(raw)} is not a valid time; expected "
                     f"ISO 8601 with a UTC offset, e.g. {WHEN_EXAMPLE} or 2026-11-20T10:30:00+01:00",
                     field=field, value=raw, params=_context({"example": WHEN_EXAMPLE}, context))
    if m is None:
        # a date alone, or a time with a zone name, is still a time without an offset
        raise bad
    if m["offset"] is None:
        raise InputError("time-no-offset", f"{_where(field, context)} {quote(raw)} has no UTC offset; "
                         f"expected ISO 8601 with Z or ±HH:MM, e.g. {WHEN_EXAMPLE}",
                         field=field, value=raw, params=_context({"example": WHEN_EXAMPLE}, context))
    try:
        if m["offset"] in ("Z", "z"):
            tz = UTC
        else:
            clock = time(int(m["off_h"]), int(m["off_m"] or 0))   # validates HH and MM
            off = timedelta(hours=clock.hour, minutes=clock.minute)
            tz = timezone(-off if m["sign"] == "-" else off)
        # The fraction is read (it is valid input) and dropped: times are whole seconds.
        local = datetime(int(m["year"]), int(m["month"]), int(m["day"]),
                         int(m["hour"]), int(m["minute"]), int(m["second"] or 0), tzinfo=tz)
    except ValueError:
        raise bad from None
    return local


def out_of_range(field, raw, context=None):
    return InputError("time-out-of-range", f"{_where(field, context)} {quote(raw)} is too close to "
                      "the ends of the calendar; expected a time between the years 1 and 9999 with "
                      "room for the rules' durations",
                      field=field, value=raw, params=_context({}, context))


def format_when(moment):
    """An aware datetime → `YYYY-MM-DDTHH:MM:SSZ` (UTC, to the second); None → None."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("format_when needs an aware datetime")
    u = moment.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}Z"


def parse_date(text, field="on", context=None):
    """`YYYY-MM-DD` → a date."""
    raw = text
    text = _filled(text, field, context, f"a date YYYY-MM-DD, e.g. {DATE_EXAMPLE}")
    m = _DATE.fullmatch(text)
    try:
        if m is None:
            raise ValueError("format")
        return date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        raise InputError("bad-date", f"{_where(field, context)} {quote(raw)} is not a valid date; "
                         f"expected YYYY-MM-DD, e.g. {DATE_EXAMPLE}",
                         field=field, value=raw,
                         params=_context({"example": DATE_EXAMPLE}, context)) from None


def format_date(day):
    if day is None:
        return None
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
