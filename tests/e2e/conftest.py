"""End-to-end fixtures: the built site (make build) served on a free local port, and
Debian's Chromium driven by Playwright. Every request a page makes is recorded, so a test
can assert that nothing left the origin."""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from kb import serve

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def built_origin():
    """The origin the site was built for (its site_url, as written in the sitemap): the
    pages' absolute alternates point there and Material fetches the sitemaps from there, so
    the tests serve the site at that very address (make test builds it for port 8765)."""
    sitemap = SITE / "sitemap.xml"
    if not sitemap.exists():
        pytest.fail("site/ is not built: run `make test-e2e` (make test does it)")
    loc = re.search(r"<loc>(https?://[^/<]+)", sitemap.read_text(encoding="utf-8")).group(1)
    return urlparse(loc)


@pytest.fixture(scope="session")
def site_url():
    origin = built_origin()
    if origin.hostname not in {"127.0.0.1", "localhost"}:
        pytest.fail(f"site/ was built for {origin.geturl()}: build it for a local address (make test-e2e)")
    try:
        server = serve.start(SITE, port=origin.port or 80, host=origin.hostname)
    except OSError as exc:
        pytest.fail(f"cannot serve the site on {origin.netloc} ({exc.strerror}): is `make serve` running there?")
    yield f"http://{origin.netloc}"
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
