"""The calculators' forms: the contract between the page's forms, the flow (content/flow.yaml
`tools`) and the engine. Declared here once; the generator checks the flow against it
(kb/flow/) and the page reads every field name from the engine's view.

    TOOLS            the calculators
    REQUIRED_FIELDS  the fields each tool's form must have, filled in before the engine runs
    CHOICES          the answers a `choice` field offers, by tool and field (the engine's ids)
    SUBMIT           the word on each form's button (a key of the flow's `ui` texts)
    WITHDRAWAL_DATE, WITHDRAWAL_AMOUNT   the two cells of a row of earlier withdrawals
    form_inputs(tool, values)            the form's values -> the engine's inputs
"""

from .errors import InputError
from .lockout import CHOICES as LOCKOUT_CHOICES

TOOLS = ("access", "lockout", "limits", "username")
REQUIRED_FIELDS = {"access": ("at",), "lockout": ("at", "attempts", "last_attempt"),
                   "limits": ("device", "on"), "username": ("value",)}
CHOICES = {"lockout": LOCKOUT_CHOICES}
# "Check" where the engine only looks at what the reader chose or typed; "Calculate" where it
# computes with the reader's dates and amounts.
SUBMIT = {"access": "calculate", "lockout": "check", "limits": "calculate", "username": "check"}
WITHDRAWAL_DATE = "withdrawal_date"
WITHDRAWAL_AMOUNT = "withdrawal_amount"


def _sort_key_when(text):
    """A sort key for an event's time; None (first) when it does not parse, so that the
    engine reports it rather than an order problem."""
    from .timeparse import parse_when
    try:
        return (1, parse_when(text))
    except (InputError, TypeError, ValueError, OverflowError):
        return (0, None)


def form_inputs(tool, values, data=None):
    """The browser's form values -> the engine's inputs (the strings of the command line).

    access: {"at": WHEN, "<field>": WHEN or [WHEN, …] for each event field} -> {"at",
    "events": ["WHEN=EVENT", …] in time order (ties in the order of the form's fields)}.
    limits: {"device", "on", "withdrawals": [{"date", "amount"}, …]} (or parallel lists
    WITHDRAWAL_DATE / WITHDRAWAL_AMOUNT) -> {"device", "on", "withdrawals": ["DATE=AMOUNT"]}.
    lockout: {"at", "attempts", "last_attempt"} as they are (the page writes `at`, the
    moment of the check, itself). username: {"value"}. Empty entries are left out."""
    if data is None:
        from .flow import _packaged       # the packaged flow.json (same package)
        data = _packaged()
    values = values if isinstance(values, dict) else {}
    if tool == "access":
        events = []
        order = 0
        for fname, spec in data["tools"]["access"]["fields"].items():
            if not spec.get("event"):
                continue
            given = values.get(fname)
            for when in (given if isinstance(given, (list, tuple)) else [given]):
                if isinstance(when, str) and when.strip():
                    key = _sort_key_when(when.strip())
                    events.append((key[0], key[1], order, f"{when.strip()}={spec['event']}"))
                    order += 1
        parsed = sorted((e for e in events if e[0] == 1), key=lambda e: (e[1], e[2]))
        unparsed = [e for e in events if e[0] == 0]
        return {"at": values.get("at", ""), "events": [e[3] for e in unparsed + parsed]}
    if tool == "limits":
        rows = values.get("withdrawals")
        if rows is None:
            dates = values.get(WITHDRAWAL_DATE) or []
            amounts = values.get(WITHDRAWAL_AMOUNT) or []
            dates = dates if isinstance(dates, (list, tuple)) else [dates]
            amounts = amounts if isinstance(amounts, (list, tuple)) else [amounts]
            rows = [{"date": d, "amount": a} for d, a in zip(dates, amounts)]
        withdrawals = []
        for row in rows if isinstance(rows, (list, tuple)) else []:
            if isinstance(row, str):
                if row.strip():
                    withdrawals.append(row.strip())
                continue
            if not isinstance(row, dict):
                continue
            day, amount = str(row.get("date") or "").strip(), str(row.get("amount") or "").strip()
            if day or amount:
                withdrawals.append(f"{day}={amount}")
        return {"device": values.get("device", ""), "on": values.get("on", ""), "withdrawals": withdrawals}
    if tool == "lockout":
        return {name: values.get(name, "") for name in REQUIRED_FIELDS["lockout"]}
    return {"value": values.get("value", "")}
