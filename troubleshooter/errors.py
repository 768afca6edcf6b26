"""Bad input: one exception, `InputError`, with a stable machine-readable code.

The command line prints `InputError.message` (one English line) and exits with status 2;
the browser translates by `code` and fills its own template from `value` and `params`.
Codes are stable: add new ones, never rename or reuse one.

Every error carries:

- `code`   – the stable kebab-case id below;
- `field`  – which input was wrong: "at", "event", "device", "on", "withdrawal", "value";
- `value`  – the offending text, exactly as given (for an event or a withdrawal, the part
             that is wrong: its time, its name, its date or its amount);
- `params` – extra values for message templates (JSON-friendly: str, int, list, None);
- `message` – one English line naming the offending value and saying what is expected.

The codes, with their field and params, are declared once in `CODES` below.

Command line only (`troubleshooter.cli`): a missing, unknown or incomplete argument is
reported like bad input (exit status 2, one line: argparse's message) but is not an
InputError, since the browser and the guided flow always pass every argument.
"""


# code → (field, params, meaning). The flow's error texts (content/flow.yaml `errors`) are
# checked against these keys by the generator: every code has a text in each language.
CODES = {
    # Time (troubleshooter.timeparse)
    "empty-value": ("any", '{} plus "event"/"withdrawal" when inside one, "allowed" for the device',
                    "nothing given (spaces only count as nothing)"),
    "time-no-offset": ("at | event", '{"example"} (+"event")', "a WHEN without a UTC offset"),
    "bad-time": ("at | event", '{"example"} (+"event")', "not an ISO 8601 date and time"),
    "time-out-of-range": ("at | event", '{} (+"event")',
                          "a time whose consequences fall outside the calendar (years 1-9999)"),
    "bad-date": ("on | withdrawal", '{"example"} (+"withdrawal")', "not a YYYY-MM-DD date"),
    "date-out-of-range": ("on | withdrawal", '{} (+"withdrawal")',
                          "a date whose business-day window falls outside the calendar"),
    # access (troubleshooter.access)
    "bad-event": ("event", '{"example"}', "not of the form WHEN=EVENT"),
    "unknown-event": ("event", '{"event", "allowed": [names]}', "not one of the event names"),
    "events-out-of-order": ("event", '{"event", "when", "previous", "previous_when"}',
                            "earlier than the event before it"),
    "event-after-at": ("event", '{"event", "when", "at"}', "later than --at"),
    "consecutive-passcode": ("event", '{"event", "when", "issued"}',
                             "a second temporary passcode while the first was issued since the device "
                             "became unavailable (the no-consecutive-passcodes policy)"),
    "card-without-passcode": ("event", '{"event", "when", "passcode_until"}',
                              "an online card activated when no temporary passcode admits the customer to "
                              "Client Portal; passcode_until is when the last one stopped admitting (or None)"),
    "card-while-locked": ("event", '{"event", "when", "locked_until"}',
                          "an online card activated while the login is locked (Client Portal is refused)"),
    # limits (troubleshooter.limits)
    "unknown-device": ("device", '{"allowed": [ids]}', "not one of the device ids"),
    "bad-withdrawal": ("withdrawal", '{"example"}', "not of the form DATE=AMOUNT"),
    "bad-amount": ("withdrawal", '{"withdrawal", "reason", "max_decimals", "sample"} (+"mark", '
                   '"as_group", "group_size", "signs" by reason)',
                   'reason: "sign" (a + or -), "exponent" (1e5), "decimals" (more than max_decimals '
                   'places), "not-positive" (zero), "format" (anything else that is not a number); '
                   'command line only: "separator" (1,000 / 1 000 / 1_000), "decimal-comma" (2500,50); '
                   'typed in a language (troubleshooter.amounts): "ambiguous" (1,500 in French: '
                   'as_group, mark), "two-decimal-marks" (mark), "mixed" (1.000,50 in English), '
                   '"grouping" (1,50,000: group_size), "currency" (150 EUR: signs). sample and '
                   "as_group are amounts (amounts.AMOUNT_PARAMS)"),
    "withdrawal-after-on": ("withdrawal", '{"withdrawal", "date", "on"}', "dated after --on"),
}


class InputError(ValueError):
    """Bad input from a customer, a support agent or a test. Never a bug."""

    def __init__(self, code, message, *, field=None, value=None, params=None):
        if code not in CODES:        # a new code is declared in CODES first (and gets its texts)
            raise ValueError(f"undeclared InputError code {code!r}")
        super().__init__(message)
        self.code = code
        self.field = field
        self.value = value
        self.params = dict(params or {})
        self.message = message

    def to_dict(self):
        return {
            "code": self.code,
            "field": self.field,
            "value": self.value,
            "params": dict(self.params),
            "message": self.message,
        }

    def __repr__(self):
        return f"InputError(code={self.code!r}, field={self.field!r}, value={self.value!r})"


class FactsError(ValueError):
    """The facts data (troubleshooter/_data/facts.json or a test's copy) is malformed."""


QUOTE_LIMIT = 60


def quote(value):
    """A value for a one-line message: quoted, with control characters escaped, and cut
    short when long (a pasted page must not become a page-long message)."""
    text = str(value)
    if len(text) > QUOTE_LIMIT:
        return f"{text[:QUOTE_LIMIT]!r}… ({len(text)} characters)"
    return repr(text)
