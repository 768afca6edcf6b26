"""The troubleshooter's calculators in Chromium: the result each one shows carries the engine's
raw JSON (data-result), which must equal what `python -m troubleshooter` prints for the same
inputs (data-input, checked against what was typed); bad input gets a message next to its field
in the reader's language; results are formatted per language."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from troubleshooter import access_timeline, flow

from .troubleshooter_support import LANGS, cli_for, fill_form, go_to, ready_page_cache, result_json, shown

ZONE = "Europe/Paris"          # the browser's time zone: local times get its offset on their date


@pytest.fixture(scope="module")
def calc_pages(browser, site_url):
    ctx = browser.new_context(timezone_id=ZONE)
    yield ready_page_cache(ctx, site_url)
    ctx.close()


def iso(local):
    """'2025-03-31T10:00' in ZONE -> '2025-03-31T10:00:00+02:00' (what the page must send)."""
    moment = datetime.fromisoformat(local).replace(tzinfo=ZoneInfo(ZONE))
    return moment.isoformat()


def fill_rows(page, name, values):
    """Fill a repeatable field: the first row exists, Add makes the others."""
    for i, value in enumerate(values):
        inputs = page.locator(f'.ts-form [name="{name}"]')
        if inputs.count() <= i:
            page.locator(".ts-group").filter(has=page.locator(f'[name="{name}"]')).locator(".ts-add").click()
        page.locator(f'.ts-form [name="{name}"]').nth(i).fill(value)


def open_calculator(page, path, lang):
    node = go_to(page, path, lang)
    assert page.locator(".ts-step").get_attribute("data-kind") == "calculator"
    return node


def submit(page):
    page.click('.ts-form button[type="submit"]')


EVENT_FIELDS = {"device_unavailable": "device-unavailable", "temp_passcode": "temp-passcode",
                "online_card": "online-card", "replacement_shipped": "replacement-shipped",
                "device_reactivated": "device-reactivated"}

ACCESS_CASES = [
    # A temporary passcode across the change to summer time, then card printing only.
    (["no-device", "away", "yes"], "2025-04-05T12:00",
     {"device_unavailable": "2025-03-28T09:00", "temp_passcode": "2025-03-31T10:00"}),
    # Passcode, then the online card: full access with the card.
    (["no-device", "lost", "yes"], "2025-02-20T08:15",
     {"device_unavailable": "2025-02-10T09:00", "temp_passcode": "2025-02-10T11:00", "online_card": "2025-02-13T18:30"}),
    # A replacement shipped: it activates itself after a while; the device logs in again.
    (["no-device", "lost", "yes"], "2025-01-31T09:00",
     {"device_unavailable": "2024-12-01T09:00", "temp_passcode": "2024-12-01T10:00",
      "online_card": "2024-12-02T10:00", "replacement_shipped": "2024-12-05T10:00"}),
    # Everything has run out.
    (["no-device", "away", "yes"], "2025-06-01T09:00",
     {"device_unavailable": "2025-03-01T09:00", "temp_passcode": "2025-03-02T09:00"}),
    # (Refused attempts are no longer typed one by one: the lockout check asks for choices,
    # tests/e2e/test_lockout_check.py.)
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path, at, single", ACCESS_CASES)
def test_access_results_equal_the_command_line(calc_pages, lang, path, at, single):
    page = calc_pages(lang)
    open_calculator(page, path, lang)
    page.fill('.ts-form [name="at"]', at)
    for name, value in single.items():
        page.fill(f'.ts-form [name="{name}"]', value)
    submit(page)
    result, inputs = result_json(page)
    # What the page sent: the local times with the offset of their date, events in time order.
    events = [(iso(v), EVENT_FIELDS[k]) for k, v in single.items()]
    events.sort(key=lambda e: datetime.fromisoformat(e[0]))
    assert inputs == {"at": iso(at), "events": [f"{w}={e}" for w, e in events]}
    assert result == cli_for("access", inputs)
    # For people: a headline, and the timeline drawn and listed with its dates.
    assert page.inner_text(".ts-result__headline").strip()
    segments = access_timeline(inputs["at"], inputs["events"])
    assert page.locator(".ts-timeline__list > li").count() == len(segments)
    assert page.locator(".ts-timeline__bar .ts-seg").count() == len(segments)
    for i, segment in enumerate(segments):
        state = "locked" if segment["locked"] else segment["client_portal"]
        assert f"ts-seg--{state}" in page.locator(".ts-timeline__list > li").nth(i).get_attribute("class")
    # The result heading takes the focus, and an answer of the step is marked as matching.
    assert page.evaluate("document.activeElement.id") == "ts-result-heading"
    assert page.locator(".ts-answer--suggested").count() == 1


LIMITS_CASES = [
    ("ib-key", "2025-06-06", [("2025-06-02", "2500.50"), ("2025-06-06", "100000")]),
    ("sms", "2025-06-07", [("2025-06-03", "150000"), ("2025-06-04", "150000"), ("2025-06-05", "150000"),
                           ("2025-06-06", "150000")]),
    ("none", "2025-06-09", [("2025-06-09", "50000")]),
    ("dsc-plus", "2025-06-09", [("2025-06-09", "2000000")]),
    ("code-card", "2025-06-10", []),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("device, on, withdrawals", LIMITS_CASES)
def test_limits_results_equal_the_command_line(calc_pages, lang, device, on, withdrawals):
    page = calc_pages(lang)
    open_calculator(page, ["withdraw"], lang)
    page.select_option('.ts-form [name="device"]', device)
    page.fill('.ts-form [name="on"]', on)
    fill_rows(page, "withdrawal_date", [d for d, _ in withdrawals])
    fill_rows(page, "withdrawal_amount", [a for _, a in withdrawals])
    submit(page)
    result, inputs = result_json(page)
    assert inputs == {"device": device, "on": on, "withdrawals": [f"{d}={a}" for d, a in withdrawals]}
    assert result == cli_for("limits", inputs)
    # What each other device would allow.
    assert page.locator(".ts-compare tbody tr").count() == len(flow._packaged()["tools"]["limits"]["fields"]["device"]["options"]) - 1


def test_limits_are_formatted_in_french(calc_pages):
    page = calc_pages("fr")
    open_calculator(page, ["withdraw"], "fr")
    page.select_option('.ts-form [name="device"]', "ib-key")
    page.fill('.ts-form [name="on"]', "2025-06-06")
    fill_rows(page, "withdrawal_date", ["2025-06-02"])
    fill_rows(page, "withdrawal_amount", ["2500.50"])
    submit(page)
    result, _ = result_json(page)
    text = page.inner_text(".ts-result")
    assert "vendredi 6 juin 2025" in text
    assert "2\u202f500,50\u00a0USD" in text                # as the articles write amounts
    assert "$US" not in text
    assert "Limite journalière" in text and "Friday" not in text


def test_limits_are_formatted_in_english(calc_pages):
    page = calc_pages("en")
    open_calculator(page, ["withdraw"], "en")
    page.select_option('.ts-form [name="device"]', "ib-key")
    page.fill('.ts-form [name="on"]', "2025-06-06")
    fill_rows(page, "withdrawal_date", ["2025-06-02"])
    fill_rows(page, "withdrawal_amount", ["2500.50"])
    submit(page)
    text = page.inner_text(".ts-result")
    assert "Friday, June 6, 2025" in text and "2,500.50\u00a0USD" in text


@pytest.mark.parametrize("lang", LANGS)
def test_an_amount_reads_the_same_in_the_article_and_in_the_calculator(calc_pages, site_url, lang):
    """The SMS limits: the article's table (Babel, at build time) and the calculator's result
    (the engine's exact decimal, written by the page) show the very same text."""
    page = calc_pages(lang)
    prefix = "" if lang == "en" else "/fr"
    article_page = page.context.new_page()
    article_page.goto(f"{site_url}{prefix}/withdrawals-protection/withdrawal-limits/")
    row = article_page.locator("table tr").filter(has_text="SMS").first
    article = [cell.strip() for cell in row.locator("td").all_inner_texts()]
    article_page.close()
    open_calculator(page, ["withdraw"], lang)
    page.select_option('.ts-form [name="device"]', "sms")
    submit(page)
    result_json(page)
    lines = dict(zip(page.locator(".ts-result__lines dt").all_inner_texts(),
                     page.locator(".ts-result__lines dd").all_inner_texts()))
    labels = flow._packaged()["tools"]["limits"]["results"]["labels"]
    assert [lines[labels["daily_limit"][lang]], lines[labels["window_limit"][lang]]] == article[-2:]
    assert any(ch.isdigit() for ch in article[-1])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("value", ["alice42", "Alice 42", "bob_smith", "", "x" * 40])
def test_username_results_equal_the_command_line(calc_pages, lang, value):
    page = calc_pages(lang)
    open_calculator(page, ["check-username"], lang)
    field = page.locator('.ts-form [name="value"]')
    field.fill(value)
    field.press("Enter")                                # the keyboard alone submits
    result, inputs = result_json(page)
    assert inputs == {"value": value}
    assert result == cli_for("username", inputs)
    # Said explicitly: checked on the device, never sent.
    never_sent = {"en": "Checked on your device, never sent.", "fr": "Vérifié sur votre appareil, jamais envoyé."}[lang]
    assert never_sent in page.inner_text(".ts-result")
    assert page.locator('.ts-form [type="password"]').count() == 0


# --- bad input ----------------------------------------------------------------------------------
def error_of(page, name, index=0):
    """(message, the input) for a field: its message must be next to it and described by it."""
    field = page.locator(f'.ts-form [name="{name}"]').nth(index)
    field.wait_for(state="attached")
    page.wait_for_selector(f'.ts-form [name="{name}"][aria-invalid="true"]')
    described = field.get_attribute("aria-describedby").split()
    errors = [page.locator(f"#{i}") for i in described if i.endswith("-error")]
    assert len(errors) == 1
    assert errors[0].is_visible()
    # Next to the field: in the same field block.
    beside = field.evaluate("el => el.closest('.ts-field').querySelector('.ts-field__error').id")
    assert beside == errors[0].get_attribute("id")
    return errors[0].inner_text().strip(), field


def no_result(page):
    assert page.locator(".ts-result").count() == 0
    assert "Traceback" not in page.inner_text("body")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("amount, reason", [("1e5", "exponent"), ("150,000.5,3", "mixed"), ("-5", "sign"),
                                            ("12.3456", "decimals"), ("abc", "format")])
def test_a_bad_amount_is_explained_next_to_its_field(calc_pages, lang, amount, reason):
    page = calc_pages(lang)
    open_calculator(page, ["withdraw"], lang)
    page.select_option('.ts-form [name="device"]', "sms")
    page.fill('.ts-form [name="on"]', "2025-06-06")
    fill_rows(page, "withdrawal_date", ["2025-06-02", "2025-06-03"])
    fill_rows(page, "withdrawal_amount", ["100", amount])
    submit(page)
    message, field = error_of(page, "withdrawal_amount", 1)
    expected = flow.step(["withdraw"], lang, form={"device": "sms", "on": "2025-06-06", "withdrawals": [
        {"date": "2025-06-02", "amount": "100"}, {"date": "2025-06-03", "amount": amount}]})["error"]
    assert expected["code"] == "bad-amount"
    assert expected["message"]["text"] == flow._packaged()["errors"].get(f"bad-amount/{reason}",
                                                                         flow._packaged()["errors"]["bad-amount"])[lang]
    assert message == shown(page, expected["message"])
    assert page.evaluate("document.activeElement.name") == "withdrawal_amount"
    assert page.locator('.ts-form [name="withdrawal_amount"]').nth(0).get_attribute("aria-invalid") is None
    no_result(page)
    # Corrected, the error goes and the result comes.
    field.fill("1000")
    submit(page)
    result_json(page)
    assert field.get_attribute("aria-invalid") is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_date_in_the_future_is_refused(calc_pages, lang):
    page = calc_pages(lang)
    tomorrow = (date.today() + timedelta(days=3)).isoformat()
    open_calculator(page, ["withdraw"], lang)
    page.select_option('.ts-form [name="device"]', "sms")
    fill_rows(page, "withdrawal_date", [tomorrow])
    fill_rows(page, "withdrawal_amount", ["100"])
    submit(page)
    message, _ = error_of(page, "withdrawal_date")
    assert message == {"en": "This date is in the future. Enter a date that has already passed.",
                       "fr": "Cette date est dans le futur. Indiquez une date déjà passée."}[lang]
    no_result(page)
    open_calculator(page, ["no-device", "away", "yes"], lang)
    soon = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.fill('.ts-form [name="temp_passcode"]', soon)
    submit(page)
    message2, _ = error_of(page, "temp_passcode")
    assert message2 == message
    no_result(page)


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_required_field_is_named(calc_pages, lang):
    page = calc_pages(lang)
    open_calculator(page, ["withdraw"], lang)
    fill_form(page, {"device": "sms", "on": ""})
    submit(page)
    message, _ = error_of(page, "on")
    expected = flow.step(["withdraw"], lang, form={"device": "sms", "on": "", "withdrawals": []})["error"]
    assert expected["field"] == "on" and message == shown(page, expected["message"])
    no_result(page)
    open_calculator(page, ["no-device", "away", "yes"], lang)
    page.fill('.ts-form [name="at"]', "")
    submit(page)
    message, _ = error_of(page, "at")
    assert message == shown(page, flow.step(["no-device", "away", "yes"], lang, form={"at": ""})["error"]["message"])
    no_result(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_engines_own_errors_are_shown_next_to_the_field(calc_pages, lang):
    page = calc_pages(lang)
    # An online card activated although no temporary passcode admits to Client Portal.
    open_calculator(page, ["no-device", "away", "yes"], lang)
    page.fill('.ts-form [name="at"]', "2025-02-20T08:15")
    page.fill('.ts-form [name="device_unavailable"]', "2025-02-10T09:00")
    page.fill('.ts-form [name="online_card"]', "2025-02-11T09:00")
    submit(page)
    message, _ = error_of(page, "online_card")
    expected = flow.step(["no-device", "away", "yes"], lang, inputs={
        "at": iso("2025-02-20T08:15"),
        "events": [f"{iso('2025-02-10T09:00')}=device-unavailable", f"{iso('2025-02-11T09:00')}=online-card"]})["error"]
    assert expected["code"] == "card-without-passcode" and message == shown(page, expected["message"])
    # Its time is in the reader's zone, as typed in the form (09:00 in Paris, 08:00 UTC), with
    # the hours as the reader's language writes them (9:00 AM; 09:00) and the zone in words.
    assert {"en": "9:00 AM", "fr": "09:00"}[lang] in message and "8:00" not in message
    assert {"en": "Central European", "fr": "heure normale d’Europe centrale"}[lang] in message
    no_result(page)


def test_removing_a_row_and_adding_one_keeps_the_focus_sensible(calc_pages):
    page = calc_pages("en")
    open_calculator(page, ["withdraw"], "en")
    page.click(".ts-add")
    assert page.evaluate("document.activeElement.name") == "withdrawal_date"
    assert page.locator(".ts-row").count() == 2
    page.locator(".ts-remove").nth(1).click()
    assert page.locator(".ts-row").count() == 1
    assert page.evaluate("document.activeElement.tagName") in {"INPUT", "SELECT", "BUTTON"}
