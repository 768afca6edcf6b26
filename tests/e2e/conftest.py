"""End-to-end fixtures: the built site (make build) served by nginx with the project's own
configuration (deploy/, kb/nginx.py) at the address it was built for, and Debian's Chromium
driven by Playwright. Every request a page makes is recorded, so a test can assert that
nothing left the origin; so are failed requests, console errors and Content-Security-Policy
violations."""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from kb import nginx

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def built_origin():
    """The origin the site was built for (its site_url, as written in the sitemap): the
    canonical links and the sitemap's alternates name it, so the tests serve the site at that
    very address (make test builds it for port 8765)."""
    sitemap = SITE / "sitemap.xml"
    if not sitemap.exists():
        pytest.fail("site/ is not built: run `make test-e2e` (make test does it)")
    loc = re.search(r"<loc>(https?://[^/<]+)", sitemap.read_text(encoding="utf-8")).group(1)
    return urlparse(loc)


@pytest.fixture(scope="session")
def nginx_server():
    origin = built_origin()
    if origin.hostname != "127.0.0.1":
        pytest.fail(f"site/ was built for {origin.geturl()}: nginx serves it on 127.0.0.1 only (make test-e2e)")
    try:
        server = nginx.Server(SITE, origin.port or 80)
    except nginx.NginxError as exc:
        pytest.fail(f"nginx: {exc}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site_url(nginx_server):
    return nginx_server.url


@pytest.fixture(scope="session")
def playwright_driver():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# Collects the page's Content-Security-Policy violations (the browser fires an event for each).
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__cspViolations = window.__cspViolations || []).push(`${e.effectiveDirective} ${e.blockedURI}`);
});"""


class RecordedPage:
    """A page plus every URL it requested, its failed requests (no answer, or 4xx/5xx), its
    console errors (the page's and its workers') and its CSP violations."""

    def __init__(self, page):
        self.page = page
        self.requests = []
        self.failed = []
        self.console_errors = []
        page.add_init_script(CSP_LISTENER)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", lambda request: self.failed.append(f"{request.url} ({request.failure})"))
        page.on("response", lambda response: response.status >= 400 and self.failed.append(f"{response.url} ({response.status})"))
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))
        page.on("worker", lambda worker: worker.on(
            "console", lambda message: message.type == "error" and self.console_errors.append(message.text)))

    def csp_violations(self):
        return self.page.evaluate("window.__cspViolations || []") + [
            text for text in self.console_errors if "Content Security Policy" in text]

    def off_origin(self, origin):
        return [url for url in self.requests
                if not (url.startswith(origin + "/") or url == origin or url.startswith(("data:", "blob:", "about:")))]


@pytest.fixture
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


@pytest.fixture
def recorded(context):
    return RecordedPage(context.new_page())


@pytest.fixture
def page(recorded):
    return recorded.page
