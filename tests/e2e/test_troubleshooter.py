"""The guided troubleshooter in Chromium: every path of the flow by clicks in both languages,
first paint before the engine, Back / browser back / Start again, bookmarkable hashes and
tampered ones, the summary and its copy, no JavaScript, no WebAssembly, and privacy (no
request off the origin, none carrying an answer). Calculators: test_troubleshooter_calculators.py."""

import json
import re
import time
import urllib.request
from urllib.parse import urljoin

import pytest

from troubleshooter import flow

from .conftest import RecordedPage
from .troubleshooter_support import (
    ready_page_cache,
    ENGINE_TIMEOUT, LANGS, PAGE, click_answer, go_to, nodes_along, open_ready, plain, ui,
    LIMITS_ENTRIES, fill_form, page_config, result_json, shown, wait_ready, wait_step,
)

# Seen by the static rendering and by the interactive one alike.
STATIC_SAMPLE = [["portal", "invalid", "many", "locked"], ["withdraw", "need-more"], ["trading", "new-account", "today"]]


@pytest.fixture(scope="module")
def shared_context(browser):
    ctx = browser.new_context(timezone_id="Europe/Paris")
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def ready_pages(shared_context, site_url):
    """One page per language whose engine is ready, shared by the tests of this module."""
    return ready_page_cache(shared_context, site_url)


# --- the whole flow, by clicks ----------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_every_path_reaches_its_outcome_by_clicks(ready_pages, lang):
    page = ready_pages(lang)
    paths = flow.all_paths(lang)
    assert len(paths) > 10
    for entry in paths:
        path = entry["path"]
        page.evaluate("location.hash = '#/'")
        wait_step(page, "start")
        nodes = nodes_along(path, lang)
        for i, answer in enumerate(path):
            click_answer(page, nodes[i], answer)
            wait_step(page, nodes[i + 1])
            # Focus moves to the new step's heading.
            assert page.evaluate("document.activeElement.id") == "ts-step-heading", path[:i + 1]
        assert nodes[-1] == entry["outcome"]
        step = page.locator(".ts-step")
        assert step.get_attribute("data-kind") == "outcome"
        assert plain(page.inner_html("#ts-step-heading")) == plain(entry["title"])
        assert page.evaluate("location.hash") == "#/" + "/".join(path)
        answers = page.locator(".ts-summary__row")
        assert answers.count() == len(path)
        for i, item in enumerate(entry["summary"]):
            assert plain(item["label"]) in plain(answers.nth(i).inner_text())


def test_a_step_is_a_question_page_and_its_change_is_announced(ready_pages):
    page = ready_pages("en")
    page.evaluate("location.hash = '#/'")
    wait_step(page, "start")
    click_answer(page, "start", "portal")
    wait_step(page, "portal")
    question = plain(flow.step(["portal"], "en")["question"])
    page.wait_for_function("q => document.querySelector('#troubleshooter [role=status]').textContent.includes(q)", arg=question)
    # The question is the page's one h1; Back comes before it; no theme footer in the way.
    assert page.locator("h1").count() == 1 and plain(page.inner_html("h1")) == question
    order = page.evaluate("""() => [...document.querySelectorAll('.ts-step .ts-back, .ts-step h1, .ts-step .ts-answers')]
                                   .map(e => e.className || e.tagName)""")
    assert order == ["ts-back", "ts-step__heading", "ts-answers"]
    assert page.locator(".md-footer__link").count() == 0 or page.is_hidden(".md-footer__inner")


# --- the engine is needed only to calculate ----------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_navigation_and_calculators_never_wait_for_the_engine(browser, site_url, lang):
    ctx = browser.new_context()
    held, released = [], []

    def hold(route):
        # Hold the WebAssembly binary: the engine cannot be ready meanwhile.
        if released:
            route.continue_()
        else:
            held.append(route)
    ctx.route("**/pyodide/*/pyodide.asm.wasm", hold)
    page = ctx.new_page()
    try:
        page.goto(site_url + PAGE[lang])
        heading = page.locator('.ts-step[data-step="start"] #ts-step-heading')
        heading.wait_for(state="visible")
        assert plain(heading.inner_html()) == plain(flow.step([], lang)["question"])
        # A whole path to an outcome, while the engine is still loading.
        path = ["portal", "invalid", "few"]
        for node, answer in zip(nodes_along(path, lang), path):
            click_answer(page, node, answer)
        wait_step(page, flow.step(path, lang)["node"])
        assert page.get_attribute("#troubleshooter", "data-engine") == "loading"
        assert page.evaluate("document.activeElement.id") == "ts-step-heading"
        # A calculator's form is there at once; asked to calculate, it waits and keeps the entries.
        page.evaluate("location.hash = '#/check-username'")
        wait_step(page, "username")
        page.fill('[name="value"]', "jsmith")
        page.click('.ts-form button[type="submit"]')
        line = page.locator(".ts-engine-line")
        assert ui(lang)["waiting"] in line.inner_text()
        assert page.get_attribute("#troubleshooter", "data-engine") == "loading"
        deadline = time.time() + 30
        while not held and time.time() < deadline:
            page.wait_for_timeout(50)
        assert held, "the WebAssembly binary was never asked for"
        released.append(True)
        for route in held:
            route.continue_()
        wait_ready(page)
        result, inputs = result_json(page)
        assert inputs == {"value": "jsmith"} and result
        assert page.input_value('[name="value"]') == "jsmith"
        assert line.inner_text().strip() == ""
        times = page.evaluate("""() => ({
            paint: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime,
            ready: (performance.getEntriesByName('ts-engine-ready')[0] || {}).startTime })""")
        assert times["paint"] is not None and times["paint"] < times["ready"]
    finally:
        ctx.close()


# --- navigation: Back, the browser's back button, Start again, bookmarks -----------------------
def test_back_browser_back_and_start_again(ready_pages):
    page = ready_pages("en")
    go_to(page, ["portal", "invalid", "many"], "en")
    page.click('[data-action="back"]')
    wait_step(page, "attempts")
    assert page.evaluate("location.hash") == "#/portal/invalid"
    page.go_back()
    wait_step(page, "portal")
    page.go_forward()
    wait_step(page, "attempts")
    page.keyboard.press("Tab")                      # keyboard alone: Tab to an answer, Enter
    for _ in range(10):
        if page.evaluate("document.activeElement.dataset.answer") == "few":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.answer") == "few"
    page.keyboard.press("Enter")
    wait_step(page, "invalid-combination")
    page.click('[data-action="restart"]')
    wait_step(page, "start")
    assert page.evaluate("location.hash") == "#/"


def test_back_on_a_bookmarked_step_goes_to_its_parent(shared_context, site_url):
    page = open_ready(shared_context.new_page(), site_url, "en", "#/portal/invalid")
    try:
        wait_step(page, "attempts")
        page.click('[data-action="back"]')
        wait_step(page, "portal")
        assert page.evaluate("location.hash") == "#/portal"
    finally:
        page.close()


@pytest.mark.parametrize("hash_, node", [("#/limits", "limits"), ("#/access", "access"), ("#/username", "username"),
                                         ("#/portal/invalid/many", "lockout"), ("#/no-device/lost", "interim-lost")])
def test_a_hash_opens_its_step_directly(ready_pages, hash_, node):
    page = ready_pages("fr")
    page.evaluate(f"location.hash = {json.dumps(hash_)}")
    wait_step(page, node)
    assert page.is_hidden(".ts-notice")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("hash_", ["#/portal/nonsense", "#/%E0%A4%A", "#/<img src=x onerror=alert(1)>", "#/start/portal/x/y/z/w"])
def test_a_tampered_hash_falls_back_to_the_start_with_a_notice(ready_pages, lang, hash_):
    page = ready_pages(lang)
    page.evaluate("location.hash = '#/portal'")
    wait_step(page, "portal")
    page.evaluate(f"location.hash = {json.dumps(hash_)}")
    wait_step(page, "start")
    notice = page.locator(".ts-notice")
    notice.wait_for(state="visible")
    assert notice.inner_text().strip() == shown(page, flow.step(["nonsense"], lang)["error"]["message"])
    assert page.evaluate("location.hash") == "#/"
    assert page.locator("img[src=x]").count() == 0
    # The notice goes with the next step.
    click_answer(page, "start", "portal")
    wait_step(page, "portal")
    assert page.is_hidden(".ts-notice")


def test_a_tampered_hash_on_arrival(shared_context, site_url):
    page = open_ready(shared_context.new_page(), site_url, "fr", "#/pas/un/chemin")
    try:
        wait_step(page, "start")
        page.locator(".ts-notice").wait_for(state="visible")
        assert "Veuillez recommencer" in page.inner_text(".ts-notice")
        assert "Traceback" not in page.inner_text("body")
    finally:
        page.close()


# --- the summary -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_summary_is_copied_for_client_services(browser, site_url, lang):
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        path = ["no-device", "lost", "not-yet"]
        page = open_ready(ctx.new_page(), site_url, lang, "#/" + "/".join(path))
        view = flow.step(path, lang)
        wait_step(page, view["node"])
        page.click('[data-action="copy"]')
        page.wait_for_selector(".ts-summary[data-copied=true]")
        text = page.evaluate("navigator.clipboard.readText()")
        for item in view["summary"]:
            assert plain(item["question"]) in plain(text) and plain(item["label"]) in plain(text)
        assert plain(view["title"]) in plain(text)
        # With the link to this very result, and the date it was made.
        assert f"{site_url}{PAGE[lang]}#/{'/'.join(path)}" in text
        assert str(time.gmtime().tm_year) in text.splitlines()[0]
        assert page.inner_text(".ts-copy-status").strip()
    finally:
        ctx.close()


# --- without JavaScript ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def no_js_page(browser):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    recorded = RecordedPage(page)
    yield recorded
    ctx.close()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_every_path_is_a_chain_of_links(no_js_page, site_url, lang):
    """Depth first through the whole tree, by clicks on the static pages' links (and the
    browser's back button), so that every path from the start to an outcome is walked."""
    page = no_js_page.page
    page.goto(site_url + PAGE[lang])
    outcomes = []

    def walk(path):
        view = flow.step(path, lang)
        assert page.get_attribute(".ts-step", "data-step") == view["node"], path
        assert plain(page.inner_html("#ts-step-heading")) == plain(view["question"] or view["title"])
        if view["kind"] == "outcome":
            assert page.url.endswith(PAGE[lang] + "step/" + "/".join(path) + "/")
            assert page.locator(".ts-summary__row").count() == len(path)
            outcomes.append(path)
            return
        for answer in view["answers"]:
            click_answer(page, view["node"], answer["id"])
            page.wait_for_load_state("domcontentloaded")
            walk(path + [answer["id"]])
            page.go_back()
    walk([])
    assert sorted(outcomes) == sorted(e["path"] for e in flow.all_paths(lang))
    assert not [url for url in no_js_page.requests if "/pyodide/" in url or "troubleshooter.js" in url]


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_back_start_again_and_calculators(no_js_page, site_url, lang):
    page = no_js_page.page
    page.goto(f"{site_url}{PAGE[lang]}step/portal/invalid/many/")
    assert page.get_attribute(".ts-step", "data-step") == "lockout"
    # The calculator says it needs JavaScript and links to the article with the rules.
    assert page.is_visible(".ts-nojs")
    page.click(".ts-nojs a")
    page.wait_for_load_state("domcontentloaded")
    assert "/logging-in/client-portal-login-problems/" in page.url
    page.go_back()
    page.click('[data-action="back"]')
    assert page.get_attribute(".ts-step", "data-step") == "attempts"
    page.click('[data-action="restart"]')
    assert page.url.endswith(PAGE[lang])
    for path, article in ((["withdraw"], "/withdrawals-protection/withdrawal-limits/"),
                          (["no-device", "away", "yes"], "/logging-in/temporary-passcode-validity/")):
        page.goto(f"{site_url}{PAGE[lang]}step/{'/'.join(path)}/")
        assert page.get_attribute(".ts-nojs a", "href").endswith(article.lstrip("/"))
        assert "JavaScript" in page.inner_text(".ts-nojs")
    # The language switcher of a static step leads to the same step in the other language.
    other = "fr" if lang == "en" else "en"
    page.goto(f"{site_url}{PAGE[lang]}step/withdraw/")
    href = page.get_attribute(f'.md-select__link[hreflang="{other}"]', "href")
    page.goto(urljoin(page.url, href))
    assert page.url.endswith(PAGE[other] + "step/withdraw/")
    assert page.get_attribute(".ts-step", "data-step") == "limits"


def test_every_static_step_page_exists_in_both_languages(site_url):
    for lang in LANGS:
        prefixes = {tuple(e["path"][:i]) for e in flow.all_paths(lang) for i in range(1, len(e["path"]) + 1)}
        for prefix in sorted(prefixes):
            url = f"{site_url}{PAGE[lang]}step/{'/'.join(prefix)}/"
            with urllib.request.urlopen(url) as response:      # noqa: S310 (local server)
                body = response.read().decode("utf-8")
            assert f'data-step="{flow.step(list(prefix), lang)["node"]}"' in body, url
            assert "pyodide" not in body and "troubleshooter.js" not in body, url


# --- no WebAssembly, a runtime that fails, a slow network ----------------------------------------
def _engine_line(page, lang, state, text_key):
    """The calculator's line about its engine in `state`: its text, the articles with the
    calculator's rules and the contact page."""
    page.wait_for_selector(f'#troubleshooter[data-engine="{state}"]', state="attached", timeout=ENGINE_TIMEOUT)
    box = page.locator(".ts-engine-line .admonition")
    box.wait_for(state="visible")
    assert box.locator("p").inner_text().strip() == ui(lang)[text_key]
    hrefs = [a.get_attribute("href") for a in box.locator("a").all()]
    cfg = page_config(page)
    wanted = [a["url"] for a in cfg["calculators"][page.get_attribute(".ts-step", "data-path")]["articles"]]
    assert wanted and hrefs == [*wanted, cfg["contact"]["url"]]
    assert "contact-client-services" in hrefs[-1]
    return box


@pytest.mark.parametrize("lang", LANGS)
def test_without_webassembly_the_calculator_says_so_and_the_questions_still_work(browser, site_url, lang):
    ctx = browser.new_context()
    ctx.add_init_script("delete globalThis.WebAssembly")
    page = ctx.new_page()
    try:
        page.goto(site_url + PAGE[lang] + "#/withdraw")
        wait_step(page, "limits")
        _engine_line(page, lang, "unsupported", "needs-js")
        # The questions do not need the engine: they go on in the page.
        page.evaluate("location.hash = '#/'")
        click_answer(page, "start", "portal")
        wait_step(page, "portal")
        assert page.evaluate("location.hash") == "#/portal"
    finally:
        ctx.close()


@pytest.mark.parametrize("how", ["aborted", "wrong-mime"])
def test_when_the_runtime_fails_to_load_the_calculator_says_so(browser, site_url, how):
    ctx = browser.new_context()
    if how == "aborted":
        ctx.route("**/*.wasm", lambda route: route.abort())
    else:
        ctx.route("**/*.wasm", lambda route: route.fulfill(status=200, content_type="text/plain", body="not wasm"))
    page = ctx.new_page()
    try:
        page.goto(f"{site_url}{PAGE['fr']}#/withdraw")
        _engine_line(page, "fr", "failed", "failed")
        assert page.is_visible('.ts-step[data-step="limits"] #ts-step-heading')
    finally:
        ctx.close()


def test_a_slow_start_is_said_as_such_and_loses_nothing(browser, site_url):
    """The runtime held back past the (test-shortened) time: the page says the connection is
    slow, offers the articles and the contact page, keeps the entries, and calculates once the
    engine is ready. It never says the browser cannot run it."""
    ctx = browser.new_context()
    held, released = [], []
    ctx.route("**/pyodide/*/pyodide.asm.wasm", lambda route: route.continue_() if released else held.append(route))
    page = ctx.new_page()
    try:
        page.goto(f"{site_url}{PAGE['en']}?engine-timeout=1500#/check-username")
        wait_step(page, "username")
        page.fill('[name="value"]', "jsmith")
        page.click('.ts-form button[type="submit"]')
        _engine_line(page, "en", "slow", "slow-start")
        assert "could not" not in page.inner_text(".ts-step")
        released.append(True)
        for route in held:
            route.continue_()
        wait_ready(page)
        _, inputs = result_json(page)
        assert inputs == {"value": "jsmith"}
    finally:
        ctx.close()


# --- privacy ---------------------------------------------------------------------------------------------
def test_a_whole_run_makes_no_request_off_the_origin_and_none_carries_an_answer(browser, site_url):
    ctx = browser.new_context()
    page = ctx.new_page()
    recorded = RecordedPage(page)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method != "GET" else None)
    try:
        page.goto(site_url + "/")
        page.goto(site_url + "/logging-in/temporary-passcode-validity/")
        page.goto(site_url + "/troubleshooter/")
        wait_ready(page)
        go_to(page, ["check-username"], "en")
        page.fill('[name="value"]', "SecretUser 42")
        page.click('.ts-form button[type="submit"]')
        page.wait_for_selector(".ts-result[data-result]")
        go_to(page, ["withdraw"], "en")
        fill_form(page, LIMITS_ENTRIES)
        page.click('.ts-form button[type="submit"]')
        page.wait_for_selector(".ts-result[data-result]")
        go_to(page, ["portal", "invalid", "few"], "en")
        page.goto(f"{site_url}/fr/troubleshooter/#/access")
        wait_ready(page)
        wait_step(page, "access")
        page.wait_for_load_state("networkidle")
        assert recorded.off_origin(site_url) == []
        assert posts == []
        # Nothing typed or answered is in any URL (the hash never reaches the server).
        carrying = [url for url in recorded.requests
                    if "SecretUser" in url or "1234" in url or "2026-01" in url or "/step/" in url
                    or ("?" in url and not re.search(r"\?v=[0-9a-f]{12}$", url))]     # ?v=: the build's asset version
        assert carrying == []
        # The worker's requests are recorded too: the runtime came from this origin.
        assert any("/pyodide/" in url and url.endswith("/pyodide.asm.wasm") for url in recorded.requests)
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["/", "/logging-in/temporary-passcode-validity/", "/fr/withdrawals-protection/withdrawal-limits/",
                                  "/troubleshooter/step/withdraw/"])
def test_other_pages_load_no_pyodide_byte(recorded, site_url, path):
    recorded.page.goto(site_url + path)
    recorded.page.wait_for_load_state("networkidle")
    assert not [url for url in recorded.requests if "/pyodide/" in url or ("/assets/troubleshooter/" in url and url.endswith(".js"))]
    hints = recorded.page.eval_on_selector_all('link[rel="preload"], link[rel="modulepreload"]', "els => els.map(e => e.href)")
    assert not [h for h in hints if "pyodide" in h or "troubleshooter" in h]


def test_the_troubleshooter_page_leaves_the_runtime_to_its_worker(site_url, page):
    """No preload hint: a worker cannot use the page's preloads, so each file came twice."""
    page.goto(site_url + "/troubleshooter/")
    preloads = page.eval_on_selector_all('link[rel="preload"], link[rel="modulepreload"]', "els => els.map(e => e.href)")
    assert not [h for h in preloads if "/pyodide/" in h]
