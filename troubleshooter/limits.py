"""The withdrawal-limit calculator.

    compute_limits(device, on, withdrawals, facts=None) -> dict   (the `limits` output)
    compare_devices(on, withdrawals, facts=None) -> list[dict]     (every device, least to
                                                                   most generous)

`device` is a command-line id (`none`, `sms`, `ib-key`, `code-card`, `dsc`, `dsc-plus`,
`platinum-gold`: the facts' withdrawal.limits keys with `-` for `_`; case and `_` are
forgiven on input). `on` is a DATE (YYYY-MM-DD). `withdrawals` are "DATE=AMOUNT" strings.

Amounts in: USD, greater than zero. On the command line, digits with an optional decimal
point and at most two decimals (`150000`, `2500.5`, `2500.50`); no sign, no exponent, no
thousands separator; surrounding spaces are ignored. From the browser, as the reader types
them in their language (`150,000`, `150 000,50`, `$150000`): troubleshooter.amounts.

Amounts out: decimal strings with exactly two decimals, no exponent, no separator:
`"150000.00"`, `"2500.50"`, `"0.00"` — the same form for limits, sums and availability,
so they compare and read as money. Arithmetic is exact (decimal.Decimal, no floats).

Business days are Monday to Friday; a weekend date counts as the next Monday. The window
is the business day of `on` and the withdrawal.window_business_days − 1 business days
before it. `next_increase_on` is the first business day after `on` on which `available`
would be higher with no new withdrawal; after window_business_days business days every
given withdrawal has left the window, so the search stops there (null if none).
"""

import calendar
from datetime import timedelta
from decimal import (MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, DivisionByZero, Inexact,
                     InvalidOperation, Overflow, localcontext)

from .amounts import parse_amount
from .errors import InputError, quote
from .facts import CENT, resolve
from .timeparse import DATE_EXAMPLE, format_date, parse_date

ZERO = Decimal(0)
ONE_DAY = timedelta(days=1)
_WEEKEND = (calendar.SATURDAY, calendar.SUNDAY)
# exact decimal arithmetic: any rounding would be a bug, so it raises
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
                 traps=[InvalidOperation, Inexact, Overflow, DivisionByZero])

WITHDRAWAL_EXAMPLE = f"{DATE_EXAMPLE}=2500.50"


# -- business days ------------------------------------------------------------------------
def is_business_day(day):
    return day.weekday() not in _WEEKEND


def business_day(day):
    """The business day a date counts on: itself, or the next Monday for a weekend."""
    while not is_business_day(day):
        day += ONE_DAY
    return day


def add_business_days(day, count):
    """`day` (a business day) moved by `count` business days (negative: back)."""
    step = ONE_DAY if count >= 0 else -ONE_DAY
    for _ in range(abs(count)):
        day += step
        while not is_business_day(day):
            day += step
    return day


# -- input --------------------------------------------------------------------------------
def format_amount(amount):
    """Decimal → "1234.50" (two decimals); None (unlimited) → None."""
    if amount is None:
        return None
    with localcontext(_EXACT):
        text = format(amount.quantize(CENT), "f")
    return text[1:] if text.startswith("-") and Decimal(text) == ZERO else text


def parse_withdrawal(text, amount_symbols=None):
    """'DATE=AMOUNT' → (date, Decimal); the amount is read with `amount_symbols` (see
    troubleshooter.amounts), or in the command line's plain form when None."""
    if not isinstance(text, str):
        raise TypeError(f"a withdrawal must be a str, got {type(text).__name__}")
    if not text.strip():
        raise InputError("empty-value", f"--withdrawal is empty; expected DATE=AMOUNT, e.g. "
                         f"{WITHDRAWAL_EXAMPLE}", field="withdrawal", value=text, params={})
    date_text, sep, amount_text = text.partition("=")
    if not sep:
        raise InputError("bad-withdrawal", f"--withdrawal {quote(text)} is not of the form "
                         f"DATE=AMOUNT; expected e.g. {WITHDRAWAL_EXAMPLE}", field="withdrawal",
                         value=text, params={"example": WITHDRAWAL_EXAMPLE})
    context = {"withdrawal": text}
    day = parse_date(date_text, field="withdrawal", context=context)
    return day, parse_amount(amount_text, amount_symbols, context=context)


def parse_device(text, facts):
    if not isinstance(text, str):
        raise TypeError(f"device must be a str, got {type(text).__name__}")
    allowed = list(facts.devices)
    if not text.strip():
        raise InputError("empty-value", f"--device is empty; expected one of {', '.join(allowed)}",
                         field="device", value=text, params={"allowed": allowed})
    key = text.strip().lower().replace("_", "-")
    if key not in facts.devices:
        raise InputError("unknown-device", f"--device {quote(text)} is not a known device; "
                         f"expected one of {', '.join(allowed)}", field="device", value=text,
                         params={"allowed": allowed})
    return facts.devices[key]


# -- computing ----------------------------------------------------------------------------
def _available(device, today, in_window):
    """(available, binding) for sums already withdrawn; (None, None) when unlimited."""
    with localcontext(_EXACT):
        daily = None if device.daily is None else device.daily - today
        window = None if device.window is None else device.window - in_window
    if daily is None and window is None:
        return None, None
    if window is None or (daily is not None and daily <= window):
        remaining, binding = daily, "daily"
    else:
        remaining, binding = window, "window"
    return max(remaining, ZERO), binding


def _sums(days, on_day, start):
    with localcontext(_EXACT):
        today = sum((a for d, a in days if d == on_day), ZERO)
        in_window = sum((a for d, a in days if start <= d <= on_day), ZERO)
    return today, in_window


def compute_limits(device: str, on: str, withdrawals: list[str], facts=None,
                   amount_symbols=None) -> dict:
    """The `limits` command: what `device` allows on `on` after `withdrawals`. Amounts are in
    the command line's plain form, or as typed in a language whose number symbols are
    `amount_symbols` (flow.json `numbers`, see troubleshooter.amounts)."""
    f = resolve(facts)
    dev = parse_device(device, f)
    if not isinstance(on, str):
        raise TypeError(f"on must be a str, got {type(on).__name__}")
    on_date = parse_date(on, field="on")
    given = []
    for text in withdrawals or []:
        day, amount = parse_withdrawal(text, amount_symbols)
        if day > on_date:
            raise InputError(
                "withdrawal-after-on",
                f"withdrawal {quote(text)} is dated after --on {format_date(on_date)}; expected "
                "only withdrawals made on or before that date",
                field="withdrawal", value=text,
                params={"withdrawal": text, "date": format_date(day), "on": format_date(on_date)})
        given.append((day, amount))

    back = f.window_business_days - 1
    try:
        on_day = business_day(on_date)
        start = add_business_days(on_day, -back)
    except OverflowError:
        raise InputError("date-out-of-range", f"--on {quote(on)} is too close to the ends of the "
                         "calendar for a business-day window; expected a date between the years "
                         "1 and 9999", field="on", value=on, params={}) from None
    days = [(business_day(d), a) for d, a in given]
    today, in_window = _sums(days, on_day, start)
    available, binding = _available(dev, today, in_window)

    next_increase = None
    if available is not None:
        try:
            for ahead in range(1, f.window_business_days + 1):
                later = add_business_days(on_day, ahead)
                later_today, later_window = _sums(days, later, add_business_days(later, -back))
                later_available, _ = _available(dev, later_today, later_window)
                if later_available > available:
                    next_increase = later
                    break
        except OverflowError:   # the calendar ends before any increase
            next_increase = None

    return {
        "device": dev.id,
        "on": format_date(on_day),
        "unlimited": dev.unlimited,
        "daily_limit": format_amount(dev.daily),
        "window_limit": format_amount(dev.window),
        "window_start": format_date(start),
        "withdrawn_today": format_amount(today),
        "withdrawn_in_window": format_amount(in_window),
        "available": format_amount(available),
        "binding": binding,
        "next_increase_on": format_date(next_increase),
    }


def compare_devices(on: str, withdrawals: list[str], facts=None, amount_symbols=None) -> list[dict]:
    """compute_limits for every device in the facts, least to most generous."""
    f = resolve(facts)
    return [compute_limits(device_id, on, withdrawals, f, amount_symbols) for device_id in f.devices]
