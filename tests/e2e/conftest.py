"""End-to-end fixtures: the built site (make build) served on a free local port, and
Debian's Chromium driven by Playwright. Every request a page makes is recorded, so a test
can assert that nothing left the origin."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from kb import serve

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (make test does it)")
    server = serve.start(SITE)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RecordedPage:
    """A page plus every URL it requested."""

    def __init__(self, page):
        self.page = page
        self.requests = []
        page.on("request", lambda request: self.requests.append(request.url))

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
