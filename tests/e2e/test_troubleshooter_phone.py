"""The troubleshooter as a customer uses it: on a 390 px phone, on a slow network (4 Mbps,
80 ms, throttled through the DevTools protocol), with Back, reloads and the other language.
Nothing here times anything: "at once" means the step is on screen while the engine is
still loading."""

import pytest

from troubleshooter import flow

from .troubleshooter_support import (
    ENGINE_TIMEOUT, LANGS, LIMITS_ENTRIES, PAGE, click_answer, fill_form, nodes_along, plain, result_json, ui,
    wait_ready, wait_step,
)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
SLOW_NETWORK = {"offline": False, "latency": 80, "downloadThroughput": 4_000_000 / 8, "uploadThroughput": 1_000_000 / 8}
# Layout shifts not caused by the reader's own input (the Cumulative Layout Shift's rule).
LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });"""


def phone_context(browser, **extra):
    ctx = browser.new_context(**PHONE, timezone_id="Europe/Paris", **extra)
    ctx.add_init_script(LAYOUT_SHIFTS)
    return ctx


def throttle(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    return cdp


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def tap_answer(page, node, answer):
    page.tap(f'.ts-step[data-step="{node}"] [data-answer="{answer}"]')


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_slow_network_every_step_answers_at_once_and_the_calculator_works_when_ready(browser, site_url, lang):
    ctx = phone_context(browser)
    page = ctx.new_page()
    try:
        throttle(page)
        page.goto(site_url + PAGE[lang], wait_until="domcontentloaded")
        wait_step(page, "start")
        path = ["no-device", "lost", "not-yet"]
        page.wait_for_selector("#troubleshooter.ts--live", state="attached")     # the page's script runs
        for node, answer in zip(nodes_along(path, lang), path):
            tap_answer(page, node, answer)
        wait_step(page, flow.step(path, lang)["node"])
        assert page.get_attribute("#troubleshooter", "data-engine") == "loading"
        assert no_sideways_scroll(page)
        # The calculator: its form at once, its result once the engine has arrived.
        page.evaluate("location.hash = '#/check-username'")
        wait_step(page, "username")
        page.fill('[name="value"]', "jsmith")
        page.tap('.ts-form button[type="submit"]')
        assert ui(lang)["waiting"] in page.inner_text(".ts-engine-line")
        page.wait_for_selector('#troubleshooter[data-engine="ready"]', state="attached", timeout=4 * ENGINE_TIMEOUT)
        _, inputs = result_json(page)
        assert inputs == {"value": "jsmith"}
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", LANGS)
def test_a_phone_never_scrolls_sideways_with_or_without_javascript(browser, site_url, lang):
    for js in (True, False):
        ctx = browser.new_context(**PHONE, java_script_enabled=js)
        page = ctx.new_page()
        try:
            for path in ("", "step/portal/", "step/withdraw/", "step/no-device/lost/not-yet/",
                         "step/portal/invalid/many/"):
                page.goto(f"{site_url}{PAGE[lang]}{path}")
                assert no_sideways_scroll(page), (js, path)
        finally:
            ctx.close()


def test_moving_through_the_steps_shifts_nothing(browser, site_url):
    """CLS 0 while the reader answers and while the engine arrives. (A result asked for
    before the engine was ready appears when it is: that one is expected to push what
    follows it, and is not counted here.)"""
    ctx = phone_context(browser)
    page = ctx.new_page()
    try:
        page.goto(site_url + PAGE["en"])
        path = ["portal", "invalid", "few"]
        for node, answer in zip(nodes_along(path, "en"), path):
            tap_answer(page, node, answer)
            wait_step(page, flow.step(path[:path.index(answer) + 1], "en")["node"])
        page.evaluate("location.hash = '#/withdraw'")
        wait_step(page, "limits")
        wait_ready(page)                      # the engine's line goes: its place stays
        page.wait_for_timeout(300)
        assert page.evaluate("window.__shifts") == []
    finally:
        ctx.close()


def _entries(page):
    return [page.input_value(f'[name="{name}"]') for name in LIMITS_ENTRIES]


def test_back_a_reload_and_the_other_language_keep_the_answers_entries_and_results(browser, site_url):
    ctx = phone_context(browser)
    page = ctx.new_page()
    try:
        page.goto(site_url + PAGE["en"] + "#/withdraw")
        wait_step(page, "limits")
        fill_form(page, LIMITS_ENTRIES)
        typed = _entries(page)
        wait_ready(page)
        page.click('.ts-form button[type="submit"]')
        result, _ = result_json(page)
        # On to an outcome, then Back: the calculator comes back as it was left.
        click_answer(page, "limits", "enough")
        wait_step(page, flow.step(["withdraw", "enough"], "en")["node"])
        headline = plain(page.inner_text(".ts-summary__results"))
        assert headline, "the calculator's result is in the summary"
        page.click('[data-action="back"]')
        wait_step(page, "limits")
        assert _entries(page) == typed
        assert json_of(page) == result
        assert page.get_attribute('[data-answer="enough"]', "aria-current") == "step"
        # A reload: the same, before the engine is even ready.
        page.reload()
        wait_step(page, "limits")
        assert _entries(page) == typed and json_of(page) == result
        # The other language: the same step and entries; the result is asked again, in French.
        page.eval_on_selector('.md-select__link[hreflang="fr"]', "link => link.click()")
        page.wait_for_url(f"**{PAGE['fr']}#/withdraw")
        wait_step(page, "limits")
        assert _entries(page) == typed
        wait_ready(page)
        page.wait_for_selector(".ts-result[data-result]")
        assert json_of(page) == result
        assert ui("fr")["result"] in page.inner_text(".ts-result")
    finally:
        ctx.close()


def json_of(page):
    return result_json(page)[0]
