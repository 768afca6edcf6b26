"""The lockout check on a 390 px phone, by touch, in both languages: from the first screen to
"locked until …, call …" in at most 4 taps and no typing, "not sure" included; the result is
the engine's (data-result equals troubleshooter.lockout and `python -m troubleshooter
lockout` for what the page sent), its time is written in the reader's zone, and the way to
call is in the result itself."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from troubleshooter import flow
from troubleshooter.lockout import check_lockout

from .test_troubleshooter_accessibility import violations
from .troubleshooter_support import LANGS, cli_for, open_ready, plain, result_json, shown, wait_ready, wait_step

ZONE = "America/Toronto"        # not the server's zone, not UTC: the offset the page writes matters
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True, "timezone_id": ZONE}
MAX_TAPS = 4
WORDS = {  # what a reader recognises, per language
    "en": {"answer": "locked out", "check": "Check", "locked": "locked until", "call": "call Client Services",
           "latest": "at the latest", "contact": "Contact Client Services"},
    "fr": {"answer": "bloquée", "check": "Vérifier", "locked": "bloquée jusqu'au",
           "call": "appelez le Service clientèle", "latest": "au plus tard", "contact": "Contacter le Service clientèle"},
}


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(**PHONE)
    yield ctx
    ctx.close()


class Taps:
    """Taps on the touch screen, counted; the test never types (no fill, no keyboard)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector):
        self.page.locator(selector).tap()
        self.count += 1


def start(phone, site_url, lang):
    page = open_ready(phone.new_page(), site_url, lang)
    assert page.evaluate("window.innerWidth") == 390
    return page, Taps(page)


def choose(taps, field, value):
    taps(f'.ts-choice[data-field="{field}"] input[value="{value}"] + label')


def to_the_check(page, taps, lang):
    answer = '.ts-step[data-step="start"] [data-answer="locked-out"]'
    assert WORDS[lang]["answer"] in plain(page.inner_text(answer)).lower()
    taps(answer)
    wait_step(page, "lockout")
    # Nothing to type: only choices, each with an answer already chosen.
    form = page.locator(".ts-form")
    assert form.locator("input:not([type=radio]), select, textarea").count() == 0
    for field in ("attempts", "last_attempt"):
        group = form.locator(f'.ts-choice[data-field="{field}"]')
        assert group.locator("legend").inner_text().strip()
        assert group.locator("input:checked").count() == 1
    assert form.locator('button[type="submit"]').inner_text().strip() == WORDS[lang]["check"]


def checked(page, taps):
    taps('.ts-form button[type="submit"]')
    result, inputs = result_json(page)
    # The page sent the moment of the check with the reader's own offset.
    sent = datetime.fromisoformat(inputs["at"])
    assert sent.utcoffset() == datetime.now(ZoneInfo(ZONE)).utcoffset()
    assert result == check_lockout(**inputs) == cli_for("lockout", inputs)
    return result, inputs


def headline_as_the_engine_words_it(page, lang, inputs):
    expected = flow.step(["locked-out"], lang, inputs=inputs)["presentation"]["headline"]
    text = page.inner_text(".ts-result__headline").strip()
    assert text == shown(page, expected).strip()
    return text


def the_way_to_call(page, lang):
    block = page.locator(".ts-result .admonition.contact")
    assert block.count() == 1 and WORDS[lang]["contact"] in plain(block.inner_text())
    assert block.locator('a[href*="contact-client-services"]').count() == 1


@pytest.mark.parametrize("lang", LANGS)
def test_locked_until_and_call_in_two_taps_with_the_answers_chosen_beforehand(phone, site_url, lang):
    page, taps = start(phone, site_url, lang)
    to_the_check(page, taps, lang)
    result, inputs = checked(page, taps)
    assert inputs["attempts"] == "many" and inputs["last_attempt"] == "hour"
    assert result["state"] == "locked" and result["locked_until"]
    text = headline_as_the_engine_words_it(page, lang, inputs)
    assert WORDS[lang]["locked"] in text.lower() and WORDS[lang]["call"] in text
    # One state: the lock, nothing of access or of a device.
    assert page.locator(".ts-result__lines dt").count() == 1
    the_way_to_call(page, lang)
    assert page.locator('.ts-answer--suggested[data-answer="locked"]').count() == 1
    assert taps.count <= MAX_TAPS
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_not_sure_of_anything_is_locked_at_the_latest_in_four_taps(phone, site_url, lang):
    page, taps = start(phone, site_url, lang)
    to_the_check(page, taps, lang)
    choose(taps, "attempts", "unsure")
    choose(taps, "last_attempt", "unsure")
    result, inputs = checked(page, taps)
    assert (inputs["attempts"], inputs["last_attempt"]) == ("unsure", "unsure")
    assert result["state"] == "locked"
    text = headline_as_the_engine_words_it(page, lang, inputs)
    assert WORDS[lang]["locked"] in text.lower() and WORDS[lang]["latest"] in text
    assert WORDS[lang]["call"] in text
    # What it assumes is said: both unknowns.
    assert page.locator(".ts-assumes li").count() == 2
    the_way_to_call(page, lang)
    assert taps.count == MAX_TAPS
    page.close()


def test_fewer_attempts_is_not_locked_without_a_word_on_access(phone, site_url):
    page, taps = start(phone, site_url, "en")
    to_the_check(page, taps, "en")
    choose(taps, "attempts", "fewer")
    result, _ = checked(page, taps)
    assert result["state"] == "not-locked"
    text = page.inner_text(".ts-result").lower()
    assert "not locked" in text and "full access" not in text
    assert page.locator(".ts-result .admonition.contact").count() == 0
    assert page.locator('.ts-answer--suggested[data-answer="not-locked"]').count() == 1
    page.close()


def test_the_choices_work_with_the_keyboard_and_pass_axe(browser, site_url):
    ctx = browser.new_context(timezone_id=ZONE)
    page = open_ready(ctx.new_page(), site_url, "en")
    page.click('.ts-step[data-step="start"] [data-answer="locked-out"]')
    wait_step(page, "lockout")
    assert violations(page) == []
    page.focus('.ts-choice[data-field="last_attempt"] input:checked')
    page.keyboard.press("ArrowDown")
    assert page.eval_on_selector('.ts-choice[data-field="last_attempt"] input:checked', "e => e.value") == "today"
    page.keyboard.press("Enter")                 # submits the form, as a text field would
    result, inputs = result_json(page)
    assert inputs["last_attempt"] == "today" and result["state"] == "locked"
    assert page.evaluate("document.activeElement.id") == "ts-result-heading"
    assert violations(page) == []
    ctx.close()


@pytest.mark.parametrize("lang", LANGS)
def test_from_the_home_page_two_taps_to_locked_until_and_call(phone, site_url, lang):
    """The home page's first task opens the check; Check, and the answer is there."""
    page = phone.new_page()
    page.goto(site_url + ("/" if lang == "en" else "/fr/"))
    taps = Taps(page)
    taps('.kb-tasks a[data-task="locked-out"]')
    page.wait_for_url("**/troubleshooter/#/locked-out")
    wait_step(page, "lockout")
    wait_ready(page)
    _, inputs = checked(page, taps)
    text = headline_as_the_engine_words_it(page, lang, inputs)
    assert WORDS[lang]["locked"] in text.lower() and WORDS[lang]["call"] in text
    the_way_to_call(page, lang)
    assert taps.count == 2
    page.close()


def test_the_articles_link_opens_the_check(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{site_url}/logging-in/client-portal-login-problems/")
    link = page.locator('article a[href$="#/lockout"]')
    assert link.inner_text().strip() == "lockout check"
    link.click()
    wait_step(page, "lockout")
    assert page.locator('.ts-choice[data-field="attempts"] input:checked').count() == 1
    ctx.close()
