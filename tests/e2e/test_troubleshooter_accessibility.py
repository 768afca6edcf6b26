"""axe-core (axe-playwright-python) on the home page, an article and the troubleshooter in
both languages, the troubleshooter in its states (first paint, a step, an answer focused from
the keyboard and one chosen before, a calculator waiting for its engine, with an error and with
a result, an outcome, a static step, an engine that is slow or cannot run): no violation, WCAG
2.2 target size included. axe checks the colours as they are drawn, so the focused and chosen
answers are checked in those states."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .troubleshooter_support import LANGS, PAGE, fill_form, go_to, ready_page_cache

AXE = Axe()
OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
HOME = {"en": "/", "fr": "/fr/"}
ARTICLE = {"en": "/logging-in/temporary-passcode-validity/", "fr": "/fr/logging-in/temporary-passcode-validity/"}


def violations(page):
    # Finished transitions first (Material fades the header's title in when the page scrolls).
    page.wait_for_function("""() => document.getAnimations().every(a =>
        a.playState !== "running" || a.effect.getTiming().iterations === Infinity)""")
    results = AXE.run(page, options=OPTIONS)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:5]]} – {v['help']}"
            for v in results.response["violations"]]


@pytest.fixture(scope="module")
def a11y_context(browser):
    ctx = browser.new_context(timezone_id="Europe/Paris", permissions=["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def a11y_pages(a11y_context, site_url):
    return ready_page_cache(a11y_context, site_url)          # closed with their context


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("where", ["home", "article"])
def test_home_and_article_have_no_axe_violation(a11y_context, site_url, lang, where):
    page = a11y_context.new_page()
    try:
        page.goto(site_url + (HOME if where == "home" else ARTICLE)[lang])
        page.wait_for_load_state("networkidle")
        assert violations(page) == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_troubleshooter_has_no_axe_violation_at_first_paint_and_when_ready(a11y_context, site_url, lang):
    page = a11y_context.new_page()
    try:
        page.goto(site_url + PAGE[lang])
        assert violations(page) == []                    # the engine is still loading
        page.wait_for_selector('#troubleshooter[data-engine="ready"]', state="attached", timeout=60000)
        assert violations(page) == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_troubleshooters_steps_have_no_axe_violation(a11y_pages, lang):
    page = a11y_pages(lang)
    go_to(page, ["portal", "invalid"], lang)
    assert violations(page) == []
    go_to(page, ["no-device", "lost", "not-yet"], lang)          # an outcome, with its summary
    page.click('[data-action="copy"]')
    assert violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_calculators_have_no_axe_violation_with_an_error_and_with_a_result(a11y_pages, lang):
    page = a11y_pages(lang)
    go_to(page, ["withdraw"], lang)
    fill_form(page, {"device": "sms", "on": "2025-06-06", "withdrawal_date": "2025-06-02", "withdrawal_amount": "1e5"})
    page.click('.ts-form button[type="submit"]')
    page.wait_for_selector('[aria-invalid="true"]')
    assert violations(page) == []
    page.fill('.ts-form [name="withdrawal_amount"]', "100000")
    page.click('.ts-form button[type="submit"]')
    page.wait_for_selector(".ts-result")
    assert violations(page) == []
    go_to(page, ["no-device", "away", "yes"], lang)
    page.fill('.ts-form [name="at"]', "2025-04-05T12:00")
    page.fill('.ts-form [name="device_unavailable"]', "2025-03-28T09:00")
    page.fill('.ts-form [name="temp_passcode"]', "2025-03-31T10:00")
    page.click('.ts-form button[type="submit"]')
    page.wait_for_selector(".ts-timeline")
    assert violations(page) == []
    go_to(page, ["check-username"], lang)
    page.fill('.ts-form [name="value"]', "Alice 42")
    page.click('.ts-form button[type="submit"]')
    page.wait_for_selector(".ts-result")
    assert violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_static_steps_have_no_axe_violation(browser, site_url, lang):
    # As without JavaScript: the site's scripts are not loaded (axe itself needs JavaScript,
    # so the context keeps it: with java_script_enabled=False its promise never settles).
    ctx = browser.new_context()
    ctx.route("**/*.js", lambda route: route.abort())
    page = ctx.new_page()
    try:
        for path in ("portal/", "withdraw/", "no-device/lost/not-yet/"):
            page.goto(f"{site_url}{PAGE[lang]}step/{path}")
            assert violations(page) == [], path
    finally:
        ctx.close()


def test_an_engine_that_cannot_run_has_no_axe_violation(browser, site_url):
    ctx = browser.new_context()
    ctx.add_init_script("delete globalThis.WebAssembly")
    page = ctx.new_page()
    try:
        page.goto(site_url + PAGE["fr"] + "#/withdraw")
        page.wait_for_selector('#troubleshooter[data-engine="unsupported"]', state="attached")
        page.wait_for_selector(".ts-engine-line .admonition")
        assert violations(page) == []
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", LANGS)
def test_focused_chosen_and_waiting_states_have_no_axe_violation(browser, site_url, lang):
    ctx = browser.new_context()
    held = []
    ctx.route("**/pyodide/*/pyodide.asm.wasm", lambda route: held.append(route))   # the engine never arrives
    page = ctx.new_page()
    try:
        page.goto(f"{site_url}{PAGE[lang]}?engine-timeout=2000")
        page.wait_for_selector("#troubleshooter.ts--live", state="attached")
        # An answer focused from the keyboard (drawn black on yellow): Tab from the question.
        page.focus("#ts-step-heading")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('ts-answer')"):
                break
        assert page.evaluate("document.activeElement.matches('.ts-answer:focus-visible')")
        assert violations(page) == []
        # An answer chosen before (Back to this question).
        page.keyboard.press("Enter")
        page.wait_for_selector(".ts-step[data-path]:not([data-path=''])")
        page.click('[data-action="back"]')
        page.wait_for_selector('.ts-answer[aria-current="step"]')
        assert violations(page) == []
        # A calculator asked to calculate while its engine loads, then slow to start.
        page.evaluate("location.hash = '#/check-username'")
        page.wait_for_selector('.ts-step[data-step="username"] form')
        page.fill('[name="value"]', "jsmith")
        page.click('.ts-form button[type="submit"]')
        assert violations(page) == []
        page.wait_for_selector('#troubleshooter[data-engine="slow"]', state="attached")
        page.wait_for_selector(".ts-engine-line .admonition")
        assert violations(page) == []
    finally:
        ctx.close()
