"""The published site in Chromium, served by nginx with the project's configuration: every
page type in both languages loads with no failed request, no console error and no
Content-Security-Policy violation; the troubleshooter reaches `ready` under the strict policy
and downloads the Pyodide runtime once, and a warm visit downloads no runtime byte again."""

import re

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .troubleshooter_support import PAGE, wait_ready

PAGES = {
    "en": ["/", "/logging-in/", "/logging-in/temporary-passcode-validity/", "/troubleshooter/step/portal/"],
    "fr": ["/fr/", "/fr/logging-in/", "/fr/logging-in/temporary-passcode-validity/", "/fr/troubleshooter/step/portal/"],
}
# The runtime files, as the ends of their URLs (the standard library's name carries its hash).
RUNTIME = (r"/pyodide\.asm\.wasm", r"/python_stdlib-[0-9a-f]{12}\.zip", r"/pyodide\.asm\.mjs", r"/pyodide\.mjs",
           r"/troubleshooter-[^/]+\.whl")


def assert_clean(recorded):
    assert recorded.failed == []
    assert recorded.console_errors == []
    assert recorded.csp_violations() == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_pages_of_every_type_load_with_no_failed_request_or_console_error(site_url, recorded, lang):
    for path in PAGES[lang]:
        recorded.page.goto(site_url + path)
        recorded.page.wait_for_load_state("networkidle")
        assert recorded.page.locator("html").get_attribute("lang") == lang
    assert_clean(recorded)
    assert not [url for url in recorded.requests if url.endswith("sitemap.xml")]


@pytest.mark.parametrize("lang, other", [("en", "fr"), ("fr", "en")])
def test_the_language_selector_lands_on_the_same_article(site_url, recorded, lang, other):
    page = recorded.page
    path = "/logging-in/temporary-passcode-validity/"
    page.goto(site_url + ("/fr" if lang == "fr" else "") + path)
    page.wait_for_load_state("networkidle")
    page.locator(".md-header__option .md-select").hover()
    with page.expect_navigation():
        page.click(f'.md-select__link[hreflang="{other}"]')
    page.wait_for_load_state("networkidle")
    assert page.url == site_url + ("/fr" if other == "fr" else "") + path
    assert page.locator("html").get_attribute("lang") == other
    assert_clean(recorded)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_troubleshooter_starts_under_the_csp_and_fetches_the_runtime_once(site_url, recorded, lang):
    page = recorded.page
    page.goto(site_url + PAGE[lang])
    wait_ready(page)
    page.wait_for_load_state("networkidle")
    assert_clean(recorded)
    for name in RUNTIME:
        fetched = [url for url in recorded.requests if re.search(name + "$", url)]
        assert len(fetched) == 1, (name, fetched)


def server_log_since(log, offset):
    """(method, path, status, body bytes) of each request nginx logged after `offset`."""
    entries = []
    with open(log, encoding="utf-8") as fh:
        fh.seek(offset)
        for line in fh:
            found = re.search(r'"(\w+) (\S+) HTTP/[\d.]+" (\d{3}) (\d+)', line)
            if found:
                entries.append((found.group(1), found.group(2), int(found.group(3)), int(found.group(4))))
    return entries


def test_a_warm_visit_only_revalidates(site_url, nginx_server, playwright_driver, tmp_path):
    """A second visit in the same browser profile (on disk, as a reader's browser is): the
    server sees only revalidations (the page, the JSON), each answered 304 with no body, and
    no request for the runtime."""
    context = playwright_driver.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = context.new_page()
        page.goto(site_url + PAGE["en"])
        wait_ready(page)
        page.wait_for_load_state("networkidle")
        page.close()
        offset = nginx_server.access_log.stat().st_size

        page = context.new_page()
        page.goto(site_url + PAGE["en"])
        wait_ready(page)
        page.wait_for_load_state("networkidle")
        second = server_log_since(nginx_server.access_log, offset)
    finally:
        context.close()
    assert second, "the second visit made no request at all (not even for the page)"
    assert not [entry for entry in second if "/pyodide/" in entry[1] and not entry[1].endswith(".json")]
    assert all(status == 304 and size == 0 for _, _, status, size in second), second
    assert any(path == PAGE["en"] for _, path, _, _ in second)      # the page itself was revalidated
