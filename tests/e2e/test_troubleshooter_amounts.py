"""Amounts as people type them, in Chromium: the withdrawal-limits calculator reads "150 000",
"150,000", "$150000" in English and "150 000,50" in French (the engine, with the number
symbols of the page's language), and an amount that can be read two ways gets the reason
next to its field, in the reader's language."""

import pytest

from troubleshooter import flow
from troubleshooter.amounts import parse_amount

from .test_troubleshooter_calculators import error_of, fill_rows, no_result, open_calculator, submit
from .troubleshooter_support import cli_for, ready_page_cache, result_json, shown

ON = "2025-06-06"
DATES = ["2025-06-02", "2025-06-03", "2025-06-04"]


@pytest.fixture(scope="module")
def amount_pages(browser, site_url):
    ctx = browser.new_context(timezone_id="Europe/Paris")
    yield ready_page_cache(ctx, site_url)
    ctx.close()


def fill_limits(page, lang, amounts):
    open_calculator(page, ["withdraw"], lang)
    page.select_option('.ts-form [name="device"]', "ib-key")
    page.fill('.ts-form [name="on"]', ON)
    fill_rows(page, "withdrawal_date", DATES[:len(amounts)])
    fill_rows(page, "withdrawal_amount", amounts)
    submit(page)


@pytest.mark.parametrize("lang, amounts", [("en", ["150 000", "150,000", "$150000"]),
                                           ("fr", ["150 000,50", "150000,50 $US"])])
def test_amounts_as_people_type_them_give_a_result(amount_pages, lang, amounts):
    page = amount_pages(lang)
    fill_limits(page, lang, amounts)
    result, inputs = result_json(page)
    assert inputs["withdrawals"] == [f"{d}={a}" for d, a in zip(DATES, amounts)]     # sent as typed
    # The same result as the command line given the plain amounts.
    numbers = flow._packaged()["numbers"][lang]
    plain = [f"{d}={parse_amount(a, numbers):f}" for d, a in zip(DATES, amounts)]
    assert result == cli_for("limits", {**inputs, "withdrawals": plain})
    assert page.locator('.ts-form [aria-invalid="true"]').count() == 0


@pytest.mark.parametrize("lang, amount, reason, reading", [
    ("en", "1.500", "ambiguous", "1,500\u00a0USD"),
    ("fr", "1,500", "ambiguous", "1\u202f500\u00a0USD"),
    ("fr", "150,000.5,3", "mixed", "2\u202f500,50\u00a0USD"),
    ("en", "1.000.000", "two-decimal-marks", "2,500.50\u00a0USD"),
])
def test_an_amount_read_two_ways_is_explained_next_to_its_field(amount_pages, lang, amount, reason, reading):
    page = amount_pages(lang)
    fill_limits(page, lang, ["100", amount])
    message, field = error_of(page, "withdrawal_amount", 1)
    expected = flow.step(["withdraw"], lang, form={"device": "ib-key", "on": ON, "withdrawals": [
        {"date": DATES[0], "amount": "100"}, {"date": DATES[1], "amount": amount}]})["error"]
    # The reason's own text, in the page's language, with its amounts written as the articles do.
    assert expected["message"]["text"] == flow._packaged()["errors"][f"bad-amount/{reason}"][lang]
    assert message == shown(page, expected["message"])
    assert amount in message and reading in message
    no_result(page)
    field.fill({"en": "1,500", "fr": "1 500"}[lang])
    submit(page)
    result, _ = result_json(page)
    assert result["withdrawn_in_window"] == "1600.00"
