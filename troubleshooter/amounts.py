"""Withdrawal amounts as text: the command line's plain form, and amounts as people type them.

    parse_amount(text, symbols=None, context=None) -> Decimal   (bad input: InputError "bad-amount")

`symbols=None` is the command line's documented form (../shared/spec/engine-contract.md):
digits with an optional point and at most two decimals (`150000`, `2500.50`); no sign,
exponent, currency sign or thousands separator.

With `symbols`, the number symbols of the reader's language, the text is read the way Babel's
`parse_decimal` reads that locale, but never silently to another value. The symbols come from
Babel at build time (kb/formatting.py `number_symbols`, exported into flow.json `numbers`),
since the engine runs without Babel:

    {"decimal": ".", "group": ",", "spaces": [" ", "\\u00a0", "\\u202f"], "grouping": [3, 3],
     "currency": ["$", "US$", "USD", …]}

Accepted: groups of digits separated by the locale's group symbol or by any space (a space is
never a decimal mark, so "150 000" is unambiguous in English too); the locale's decimal
symbol before at most two decimals; a point or a comma followed by one or two digits at the
end, which no locale uses to group thousands, so it can only be a decimal mark ("150000,50"
in English, "150000.50" in French); one sign of the US dollar before and/or after the number.

Refused with a precise reason (the `reason` param; the flow's texts are `bad-amount/<reason>`):
  ambiguous           one point or comma followed by exactly three digits that the locale does
                      not read as a group ("1,500" in French, "1.500" in English): thousands,
                      or decimals? `as_group` is the thousands reading
  two-decimal-marks   a decimal mark more than once ("1.500.000" in English); `mark`
  mixed               points and commas, or commas and spaces, that no locale writes together
  grouping            groups that are not of the locale's size ("1,50,000"); `group_size`
  decimals            more than max_decimals decimals after an unambiguous decimal mark
  currency            a currency other than the US dollar, or words ("150 EUR"); `signs`
  sign, exponent, not-positive, format   as on the command line
Every bad-amount error also carries `sample`, an amount the page writes in the reader's
language (`2,500.50 USD`) to show the expected form; `sample` and `as_group` are amounts
(AMOUNT_PARAMS), the page writes them like every amount.
"""

import re
from decimal import Decimal

from .errors import InputError, quote
from .facts import CENT

MAX_DECIMALS = -CENT.as_tuple().exponent
ZERO = Decimal(0)
SAMPLE = "2500.50"
AMOUNT_PARAMS = ("as_group", "sample")
_SIGNS = "+-\u2212"
_POINTS = ".,"

# The command line's form. Each pattern matches in linear time: no two adjacent repeats can
# share a digit, so a long input cannot make the engine backtrack (it runs on the page's only
# worker).
_AMOUNT = re.compile(rf"[0-9]+(?:\.[0-9]{{1,{MAX_DECIMALS}}})?")
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_DECIMAL_COMMA = re.compile(rf"[0-9]+,[0-9]{{1,{MAX_DECIMALS}}}")
_EXPONENT = re.compile(r"(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)[eE][+-]?[0-9]+")
_GROUPED = re.compile(r"[0-9][0-9.,'_ \u00a0\u202f]*[0-9]")
_GROUP_MARKS = ",'_ \u00a0\u202f"


class _Refused(Exception):
    def __init__(self, reason, problem, **params):
        super().__init__(problem)
        self.reason, self.problem, self.params = reason, problem, params


def parse_amount(text, symbols=None, context=None):
    """A withdrawal amount -> Decimal; bad input raises `empty-value` or `bad-amount`."""
    context = dict(context or {})
    raw = text
    where = (f"withdrawal {quote(context['withdrawal'])}: amount" if "withdrawal" in context
             else "amount")
    if not text.strip():
        raise InputError("empty-value", f"{where} is empty; expected a positive USD amount such "
                         "as 2500.50", field="withdrawal", value=raw, params=context)
    try:
        amount = _plain(text.strip()) if symbols is None else _typed(text.strip(), symbols)
        if amount <= ZERO:
            raise _Refused("not-positive", "is not greater than zero")
        return amount
    except _Refused as refused:
        expected = ("a positive USD amount with at most "
                    f"{MAX_DECIMALS} decimals and no sign, exponent or thousands separator, e.g. "
                    "150000 or 2500.50" if symbols is None else
                    f"a positive USD amount such as {_written(SAMPLE, symbols)}")
        raise InputError(
            "bad-amount", f"{where} {quote(raw)} {refused.problem}; expected {expected}",
            field="withdrawal", value=raw,
            params={**context, "reason": refused.reason, "max_decimals": MAX_DECIMALS,
                    "sample": SAMPLE, **refused.params}) from None


# -- the command line's form --------------------------------------------------------------
def _plain(text):
    if _AMOUNT.fullmatch(text):
        return Decimal(text)
    if text[0] in _SIGNS:
        raise _Refused("sign", "has a sign")
    if _EXPONENT.fullmatch(text):
        raise _Refused("exponent", "has an exponent")
    if _DECIMAL_COMMA.fullmatch(text):
        raise _Refused("decimal-comma", "has a comma before the cents, where a point is expected")
    if _GROUPED.fullmatch(text) and any(c in text for c in _GROUP_MARKS):
        raise _Refused("separator", "has a thousands separator")
    if _DECIMAL.fullmatch(text):
        raise _Refused("decimals", f"has more than {MAX_DECIMALS} decimals")
    raise _Refused("format", "is not a decimal number")


# -- amounts as people type them ------------------------------------------------------------
def _sign_pattern(symbols, reverse=False):
    """The US dollar's signs (written backwards when `reverse`), longest first, then spaces;
    a space inside a sign is optional ("$ US", "$US")."""
    spaces = "".join(symbols["spaces"])
    signs = {"".join(ch for ch in sign if not ch.isspace()) for sign in symbols["currency"]}
    gap = f"[{re.escape(spaces)}]*"
    alternatives = [gap.join(re.escape(ch) for ch in (sign[::-1] if reverse else sign))
                    for sign in sorted(signs, key=lambda s: (-len(s), s)) if sign]
    return re.compile(f"(?:{'|'.join(alternatives)}){gap}", re.IGNORECASE)


def _strip_currency(text, symbols):
    """The text without one sign of the US dollar before it and one after it. Both are
    matched at the start of a string (the end's on the reversed text), so that a long run of
    spaces costs linear time."""
    found = _sign_pattern(symbols).match(text)
    text = text[found.end():] if found else text
    found = _sign_pattern(symbols, reverse=True).match(text[::-1])
    return text[:len(text) - found.end()] if found else text


def _written(plain, symbols):
    """A plain amount as the locale writes it (for the one-line English message only; the page
    writes typed amounts itself)."""
    whole, _, cents = plain.partition(".")
    size = symbols["grouping"][0]
    groups = []
    while len(whole) > size:
        whole, tail = whole[:-size], whole[-size:]
        groups.insert(0, tail)
        size = symbols["grouping"][1]
    text = symbols["group"].join([whole, *groups])
    return f"{text}{symbols['decimal']}{cents}" if cents else text


def _split(core, spaces):
    """'1 500,25' -> (['1', '500', '25'], [' ', ',']): digit runs and the single marks between
    them (every space becomes ' '); None when two marks touch."""
    runs, marks, current = [], [], ""
    for ch in core:
        if "0" <= ch <= "9":
            current += ch
            continue
        if not current:
            return None
        runs.append(current)
        marks.append(" " if ch in spaces else ch)
        current = ""
    runs.append(current)
    return runs, marks


def _grouping_ok(runs, grouping):
    """Integer runs split by group marks: the last one of the primary size, the ones before
    it of the secondary size, the first one shorter or equal, and no leading zero."""
    if len(runs) == 1:
        return True
    primary, secondary = grouping
    first_limit = secondary if len(runs) > 2 else primary
    return (len(runs[-1]) == primary and all(len(r) == secondary for r in runs[1:-1])
            and 1 <= len(runs[0]) <= first_limit and runs[0][0] != "0")


def _typed(text, symbols):
    spaces = set(symbols["spaces"])
    body = _strip_currency(text, symbols).strip("".join(spaces))
    if any(ch in _SIGNS for ch in body):
        raise _Refused("sign", "has a sign")
    if _EXPONENT.fullmatch(body):
        raise _Refused("exponent", "has an exponent")
    digits = [i for i, ch in enumerate(body) if "0" <= ch <= "9"]
    if not digits:
        raise _Refused("format", "is not a number")
    prefix, core, suffix = body[:digits[0]], body[digits[0]:digits[-1] + 1], body[digits[-1] + 1:]
    for extra in (prefix, suffix):
        if extra.strip("".join(spaces)) and not any(ch in _POINTS for ch in extra):
            raise _Refused("currency", "is not in US dollars, or has words around it",
                           signs=list(symbols["currency"]))
        if extra:
            raise _Refused("format", "starts or ends with a separator")
    marks = _POINTS + symbols["group"]
    if any(not ("0" <= ch <= "9" or ch in marks or ch in spaces) for ch in core):
        raise _Refused("format", "has characters that are not part of a number")
    split = _split(core, spaces)
    if split is None:
        raise _Refused("format", "has two separators in a row")
    runs, marks = split
    whole, cents = _read(runs, marks, symbols)
    if not _grouping_ok(whole, symbols["grouping"]):
        raise _Refused("grouping", "does not group its thousands by "
                       f"{symbols['grouping'][0]} digits", group_size=symbols["grouping"][0])
    if len(cents) > MAX_DECIMALS:
        raise _Refused("decimals", f"has more than {MAX_DECIMALS} decimals")
    return Decimal("".join(whole) + (f".{cents}" if cents else ""))


def _read(runs, marks, symbols):
    """(integer runs, decimals) of a number split into runs and marks, by the locale's roles
    of its marks; raises _Refused when the roles are ambiguous or contradictory."""
    group, decimal = symbols["group"], symbols["decimal"]
    points = [m for m in marks if m != " "]
    kinds = set(points)
    if not points:                                   # only spaces: groups
        return runs, ""
    has_spaces = len(points) < len(marks)
    last, tail = marks[-1], runs[-1]
    if len(kinds) == 2:
        # Both a point and a comma: only the locale's own arrangement, groups then one decimal.
        if (last == decimal and points.count(decimal) == 1 and group in kinds and not has_spaces):
            return runs[:-1], tail
        raise _Refused("mixed", "mixes points and commas in a way that can be read more than one way")
    (point,) = kinds
    if last != point:                                # a point or comma, then spaces
        raise _Refused("mixed", "mixes separators in a way that can be read more than one way")
    if len(points) > 1:
        if point == group and not has_spaces:
            return runs, ""
        if point == group:
            raise _Refused("mixed", "mixes commas and spaces as thousands separators")
        raise _Refused("two-decimal-marks", f"has {quote(point)} more than once, and an amount has one "
                       "decimal mark", mark=point)
    if point == group:
        if len(tail) <= MAX_DECIMALS:                # cannot be a group: a decimal comma
            return runs[:-1], tail
        if has_spaces:
            raise _Refused("mixed", "mixes commas and spaces as thousands separators")
        return runs, ""
    # The locale's decimal mark, or a mark of another language that this one does not use:
    # followed by a group's worth of digits, it may be another language's thousands separator.
    if len(tail) == symbols["grouping"][0] and has_spaces:
        raise _Refused("mixed", f"has spaces and {quote(point)}, which may separate thousands or decimals")
    if len(tail) == symbols["grouping"][0] and _grouping_ok(runs, symbols["grouping"]):
        raise _Refused("ambiguous", f"can be read as thousands or as decimals ({quote(point)})",
                       mark=point, as_group="".join(runs))
    return runs[:-1], tail
