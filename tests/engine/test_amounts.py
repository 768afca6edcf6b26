"""Amounts as people type them (troubleshooter.amounts), read with the number symbols that
`kb generate` exports from Babel into flow.json `numbers`, and the command line's plain form.

Standard library, pytest, hypothesis and troubleshooter only: runs under Pyodide too. The
tests that compare with Babel's own formatting (the articles' amounts) skip where Babel is
absent (Pyodide)."""

import json
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from troubleshooter.amounts import AMOUNT_PARAMS, MAX_DECIMALS, parse_amount
from troubleshooter.errors import InputError
from troubleshooter.flow import step
from troubleshooter.limits import compute_limits

DATA = json.loads(resources.files("troubleshooter").joinpath("_data", "flow.json").read_text("utf-8"))
NUMBERS = DATA["numbers"]
LANGS = tuple(DATA["langs"])
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
NNBSP, NBSP = "\u202f", "\u00a0"


def read(text, lang):
    return parse_amount(text, NUMBERS[lang])


def refusal(text, lang):
    with pytest.raises(InputError) as caught:
        read(text, lang)
    return caught.value


# --- the symbols come from Babel ---------------------------------------------------------------
def test_the_symbols_are_babels():
    babel = pytest.importorskip("babel.numbers")
    from kb.formatting import number_symbols
    from kb.languages import get
    for lang in LANGS:
        assert NUMBERS[lang] == number_symbols(lang)          # flow.json is up to date
        assert NUMBERS[lang]["decimal"] == babel.get_decimal_symbol(get(lang).babel)
        assert NUMBERS[lang]["group"] == babel.get_group_symbol(get(lang).babel)
    assert {"$", "US$", "USD"} <= set(NUMBERS["en"]["currency"])


# --- accepted, per language ----------------------------------------------------------------------
ACCEPTED = {
    "en": [
        ("150000", "150000"), ("150 000", "150000"), ("150,000", "150000"), ("$150000", "150000"),
        ("$150,000.50", "150000.50"), ("150,000.5", "150000.5"), ("1,500", "1500"),
        ("1,234,567.89", "1234567.89"), (f"150{NBSP}000", "150000"), (f"150{NNBSP}000", "150000"),
        ("150000,50", "150000.50"), ("150 000,50", "150000.50"),   # a comma before 1 or 2 digits
        ("2500.5", "2500.5"), ("0.01", "0.01"), ("0,5", "0.5"), (" 12 ", "12"),
        ("US$2,500.50", "2500.50"), ("2500.50 USD", "2500.50"), ("usd 12", "12"),
        ("$ 12", "12"), ("12$", "12"), ("$12 USD", "12"),
    ],
    "fr": [
        ("150000", "150000"), ("150 000", "150000"), (f"150{NNBSP}000", "150000"),
        (f"150{NBSP}000", "150000"), ("150000,50", "150000.50"), ("150 000,50", "150000.50"),
        (f"150{NNBSP}000,50{NBSP}$US", "150000.50"), ("150 000,50 $ US", "150000.50"),
        ("150 000,50 USD", "150000.50"), ("$150000", "150000"), ("1 234 567,8", "1234567.8"),
        ("150000.50", "150000.50"), ("2500.5", "2500.5"),           # a point before 1 or 2 digits
        ("0,01", "0.01"), ("1,5", "1.5"),
    ],
}


@pytest.mark.parametrize("lang, text, expected", [(lang, t, e) for lang, rows in ACCEPTED.items()
                                                  for t, e in rows])
def test_accepted(lang, text, expected):
    assert read(text, lang) == Decimal(expected)


# --- refused, per language, with the reason the reader is told -------------------------------------
REFUSED = {
    "en": [
        ("1.500", "ambiguous", {"mark": ".", "as_group": "1500"}),
        ("12.345", "ambiguous", {"mark": ".", "as_group": "12345"}),
        ("150,000.5,3", "mixed", {}), ("1.000,50", "mixed", {}), ("1 000,000", "mixed", {}),
        ("1,000 000", "mixed", {}), ("1 000.500", "mixed", {}),
        ("1.000.000", "two-decimal-marks", {"mark": "."}),
        ("1,50,000", "grouping", {"group_size": 3}), ("1 50", "grouping", {"group_size": 3}),
        ("1234,567", "grouping", {"group_size": 3}),
        ("0.001", "decimals", {}), ("1500.000", "decimals", {}), ("1,000.505", "decimals", {}),
        ("150 EUR", "currency", {}), ("€150", "currency", {}), ("150 euros", "currency", {}),
        ("-5", "sign", {}), ("$-5", "sign", {}), ("\u22125", "sign", {}),
        ("1e5", "exponent", {}), ("0", "not-positive", {}), ("$0.00", "not-positive", {}),
        ("abc", "format", {}), (".5", "format", {}), ("5.", "format", {}), ("1'000", "format", {}),
        ("1,,000", "format", {}), ("\u0665", "format", {}), ("$", "format", {}),
    ],
    "fr": [
        ("1,500", "ambiguous", {"mark": ",", "as_group": "1500"}),
        ("150,000", "ambiguous", {"mark": ",", "as_group": "150000"}),
        ("1.500", "ambiguous", {"mark": ".", "as_group": "1500"}),
        ("150,000.5,3", "mixed", {}), ("1,000.50", "mixed", {}), ("1.000,50", "mixed", {}),
        ("1 000,000", "mixed", {}),
        ("1,500,000", "two-decimal-marks", {"mark": ","}),
        ("1.500.000", "two-decimal-marks", {"mark": "."}),
        ("1 50", "grouping", {"group_size": 3}), ("1500 000", "grouping", {"group_size": 3}),
        ("0,001", "decimals", {}), ("1,0000", "decimals", {}), ("1234,567", "decimals", {}),
        ("150 €", "currency", {}), ("-5", "sign", {}), ("1e5", "exponent", {}),
        ("0,00", "not-positive", {}), ("abc", "format", {}), (",5", "format", {}),
    ],
}


@pytest.mark.parametrize("lang, text, reason, params", [(lang, *row) for lang, rows in REFUSED.items()
                                                        for row in rows])
def test_refused(lang, text, reason, params):
    e = refusal(text, lang)
    assert (e.code, e.field, e.value) == ("bad-amount", "withdrawal", text)
    assert e.params["reason"] == reason
    assert {k: e.params[k] for k in params} == params
    assert e.params["sample"] and e.params["max_decimals"] == MAX_DECIMALS
    assert text in e.message and "\n" not in e.message


def test_a_currency_refusal_names_the_accepted_signs():
    assert refusal("150 EUR", "en").params["signs"] == NUMBERS["en"]["currency"]


def test_empty():
    assert refusal("  ", "fr").code == "empty-value"


# --- the command line keeps its documented form ------------------------------------------------------
@pytest.mark.parametrize("text, reason", [("150,000", "separator"), ("150 000", "separator"),
                                          ("$150000", "format"), ("150000,50", "decimal-comma"),
                                          ("1.234", "decimals")])
def test_the_command_line_form_is_unchanged(text, reason):
    with pytest.raises(InputError) as caught:
        compute_limits("sms", "2026-11-20", [f"2026-11-19={text}"])
    assert caught.value.params["reason"] == reason
    if reason == "decimal-comma":       # a comma before the cents is not called a thousands separator
        assert "has a comma before the cents" in caught.value.message
        assert "has a thousands separator" not in caught.value.message


def test_every_plain_amount_reads_the_same_in_every_language():
    for text in ("150000", "2500.50", "2500.5", "0.01", "12"):
        plain = parse_amount(text)
        assert all(read(text, lang) == plain for lang in LANGS)


# --- in the troubleshooter: a result, or the reason in the reader's language -------------------------
def limits_step(lang, amount):
    form = {"device": "sms", "on": "2026-11-20", "withdrawals": [{"date": "2026-11-19", "amount": amount}]}
    return step(["withdraw"], lang, form=form)


@pytest.mark.parametrize("lang, amount", [("en", "150 000"), ("en", "150,000"), ("en", "$150000"),
                                          ("fr", "150 000,50"), ("fr", "150000,50")])
def test_typed_amounts_give_a_result(lang, amount):
    view = limits_step(lang, amount)
    assert view["error"] is None
    expected = read(amount, lang).quantize(Decimal("0.01"))
    assert view["result"]["withdrawn_in_window"] == f"{expected:f}"


@pytest.mark.parametrize("lang, amount, reason", [("fr", "1,500", "ambiguous"), ("en", "1.500", "ambiguous"),
                                                  ("en", "150,000.5,3", "mixed"),
                                                  ("fr", "1,500,000", "two-decimal-marks"),
                                                  ("en", "1,50,000", "grouping"), ("fr", "150 EUR", "currency"),
                                                  ("fr", "abc", None)])
def test_a_refused_amount_is_explained_in_the_readers_language(lang, amount, reason):
    error = limits_step(lang, amount)["error"]
    assert (error["code"], error["field"], error["value"]) == ("bad-amount", "withdrawal_amount", amount)
    key = f"bad-amount/{reason}" if reason else "bad-amount"
    assert error["message"]["text"] == DATA["errors"][key][lang]
    values = error["message"]["values"]
    assert values["value"] == {"type": "text", "value": amount}
    for name in AMOUNT_PARAMS:          # amounts the page writes in the reader's language
        if name in values:
            assert values[name]["type"] == "amount" and Decimal(values[name]["value"]) > 0
    if reason == "ambiguous":
        assert values["mark"]["value"] == amount[1] and values["as_group"]["value"] == "1500"


# --- properties ---------------------------------------------------------------------------------------
amounts = st.integers(1, 10**13).map(lambda cents: Decimal(cents).scaleb(-MAX_DECIMALS))


def write(amount, group, decimal, grouping=(3, 3), cents="calculator"):
    """An amount written with these symbols: the calculator's way (cents only when there are
    any, then two), or the articles' way (Babel's #,##0.###: no trailing zero)."""
    whole, _, frac = f"{amount:f}".partition(".")
    frac = frac.rstrip("0") if cents == "articles" else ("" if frac.strip("0") == "" else frac)
    size, groups = grouping[0], []
    while len(whole) > size:
        whole, tail = whole[:-size], whole[-size:]
        groups.insert(0, tail)
        size = grouping[1]
    text = group.join([whole, *groups])
    return f"{text}{decimal}{frac}" if frac else text


@SETTINGS
@given(amounts, st.sampled_from(LANGS), st.sampled_from(["calculator", "articles"]),
       st.sampled_from(["", "{}", "{} USD", "{}\u00a0USD", "${}", "US$ {}", "{} $US", "{}\u00a0$\u00a0US"]),
       st.data())
def test_an_amount_written_in_the_readers_language_reads_back(amount, lang, cents, pattern, data):
    sym = NUMBERS[lang]
    group = data.draw(st.sampled_from([sym["group"], *sym["spaces"]]))
    text = (pattern or "{}").format(write(amount, group, sym["decimal"], sym["grouping"], cents))
    assert read(text, lang) == amount


# How the languages of the world write an amount: group and decimal symbols.
CONVENTIONS = [(",", "."), (NNBSP, ","), (NBSP, ","), (" ", ","), (".", ","), ("'", "."), ("\u2019", "."),
               ("", "."), ("", ","), (" ", ".")]


@SETTINGS
@given(amounts, st.sampled_from(CONVENTIONS), st.sampled_from(["calculator", "articles"]),
       st.sampled_from(LANGS))
def test_an_amount_in_any_convention_never_reads_as_another_amount(amount, convention, cents, lang):
    text = write(amount, *convention, cents=cents)
    try:
        assert read(text, lang) == amount
    except InputError as e:
        assert e.code == "bad-amount"


@SETTINGS
@given(st.text(alphabet="0123456789.,  \u00a0\u202f$USDeE+-€", max_size=24))
def test_what_both_languages_read_they_read_alike(text):
    values = {}
    for lang in LANGS:
        try:
            values[lang] = read(text, lang)
        except InputError as e:
            assert e.code in ("bad-amount", "empty-value") and "\n" not in e.message
    if len(values) == len(LANGS):
        assert len(set(values.values())) == 1, (text, values)


@SETTINGS
@given(amounts, st.sampled_from(LANGS))
def test_an_amount_as_the_articles_write_it_reads_back(amount, lang):
    pytest.importorskip("babel")
    from babel.numbers import format_currency

    from kb.formatting import AMOUNT_PATTERN, format_number
    from kb.languages import get
    assert read(AMOUNT_PATTERN.format(number=format_number(amount, lang)), lang) == amount
    assert read(format_currency(amount, "USD", locale=get(lang).babel), lang) == amount
