"""The built site as readers and search engines see it: both languages, the language
switcher, per-language search, hreflang alternates, and no host but its own."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import built_origin

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"


class _Refs(HTMLParser):
    """Every URL an HTML page refers to (src, href, srcset, poster, content of refresh…)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in {"src", "href", "poster", "data", "action", "formaction"}:
                self.urls.append(value)
            elif value and name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


def html_pages():
    return sorted(SITE.rglob("*.html"))


def page_urls():
    """(page, url) for every URL every built HTML page refers to."""
    for page in html_pages():
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            yield page, url


def test_the_built_site_references_no_host_but_its_own():
    own_host = built_origin().netloc
    offenders = []
    for page, url in page_urls():
        parsed = urlparse(url)
        if (parsed.scheme in {"http", "https"} and parsed.netloc != own_host) or url.startswith("//"):
            offenders.append(f"{page.relative_to(SITE)}: {url}")
    for css in SITE.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//([^'\")]+)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(SITE)}: {url}")
    assert not offenders, "\n".join(offenders[:20])


def sitemap_alternates():
    """{loc: {hreflang: href}} from the sitemap."""
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    entries = {}
    for block in re.findall(r"<url>(.*?)</url>", sitemap, re.S):
        loc = re.search(r"<loc>([^<]+)</loc>", block).group(1)
        entries[loc] = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', block))
    return entries


def test_the_sitemap_gives_every_page_absolute_alternates_and_x_default():
    entries = sitemap_alternates()
    pages = [p for p in html_pages() if p.name == "index.html" and "/step/" not in p.as_posix()]
    assert len(entries) == len(pages)                   # every page of both languages
    for loc, links in entries.items():
        assert set(links) == {"en", "fr", "x-default"}, loc
        assert links["x-default"] == links["en"] and loc in (links["en"], links["fr"])
        assert all(u.startswith(("http://", "https://")) for u in links.values())
        assert urlparse(links["fr"]).path == "/fr" + urlparse(links["en"]).path
        assert (SITE / urlparse(links["fr"]).path.lstrip("/") / "index.html").exists()


@pytest.mark.parametrize("path, lang", [("security-devices/secure-login-system-overview/index.html", "en"),
                                        ("fr/security-devices/secure-login-system-overview/index.html", "fr"),
                                        ("index.html", "en"), ("fr/index.html", "fr"), ("404.html", "en"),
                                        ("fr/404.html", "fr")])
def test_pages_have_their_language_and_no_head_alternate_link(path, lang):
    """hreflang is declared in the sitemap only: Material's language selector fetches a
    sitemap.xml beside every <link rel="alternate"> of a page, a 404 for a per-page link."""
    text = (SITE / path).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in text
    assert '<link rel="alternate"' not in text.split("</head>")[0]


def test_the_sitemap_lists_both_languages_with_alternates():
    sitemap = (SITE / "sitemap.xml").read_text(encoding="utf-8")
    assert "/fr/logging-in/temporary-passcode-validity/" in sitemap
    assert 'hreflang="fr"' in sitemap and 'hreflang="en"' in sitemap


def test_each_language_has_its_own_search_index_with_its_stemmer():
    english = json.loads((SITE / "search/search_index.json").read_text(encoding="utf-8"))
    french = json.loads((SITE / "fr/search/search_index.json").read_text(encoding="utf-8"))
    assert english["config"]["lang"] == ["en"] and french["config"]["lang"] == ["fr"]
    assert english["docs"] and french["docs"]
    assert not any(doc["location"].startswith("fr/") for doc in english["docs"])
    titles_fr = {doc["title"] for doc in french["docs"]}
    assert "Présentation du Système de connexion sécurisée" in titles_fr
    assert "Secure Login System overview" not in titles_fr
    assert (SITE / "assets/javascripts/lunr/min/lunr.fr.min.js").exists()


def search(page, query):
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")


def test_search_on_a_french_page_finds_french_pages_only(site_url, page):
    page.goto(f"{site_url}/fr/")
    results = search(page, "verrouillage")
    assert results and all("/fr/" in url for url in results), results


def test_french_search_stems_words(site_url, page):
    page.goto(f"{site_url}/fr/")
    # Only the French stemmer makes "appareils" find the pages that say "appareil".
    results = search(page, "appareils")
    assert any("secure-login-system-overview" in url for url in results), results


def test_search_on_an_english_page_finds_english_pages_only(site_url, page):
    page.goto(f"{site_url}/")
    results = search(page, "lockout")
    assert results and not any("/fr/" in url for url in results), results


def test_the_language_switcher_lands_on_the_same_article(site_url, page):
    page.goto(f"{site_url}/logging-in/temporary-passcode-validity/")
    href = page.get_attribute('.md-select__link[hreflang="fr"]', "href")
    page.goto(page.url.rsplit("/", 1)[0] + "/" + href if not href.startswith(("/", "http")) else href)
    assert page.url.endswith("/fr/logging-in/temporary-passcode-validity/")
    assert page.locator("html").get_attribute("lang") == "fr"
    back = page.get_attribute('.md-select__link[hreflang="en"]', "href")
    assert back and "temporary-passcode-validity" in back


def test_navigation_labels_are_translated(site_url, page):
    page.goto(f"{site_url}/fr/logging-in/")
    nav = page.inner_text("nav.md-nav--primary")
    assert "Connexion" in nav and "Appareils de sécurité" in nav and "Retraits et protection" in nav
    assert "Security devices" not in nav


def test_browsing_and_searching_makes_no_request_off_the_origin(site_url, recorded):
    page = recorded.page
    for path in ("/", "/logging-in/temporary-passcode-validity/", "/fr/", "/fr/withdrawals-protection/withdrawal-limits/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    search(page, "limite")
    assert recorded.off_origin(site_url) == []
    # Article pages load no Pyodide byte.
    assert not [url for url in recorded.requests if "/pyodide/" in url]


def test_no_internal_link_is_broken_in_either_language():
    broken = []
    for page, url in page_urls():
        parsed = urlparse(url)
        if parsed.scheme or url.startswith(("#", "//")) or not parsed.path:
            continue
        base = SITE if parsed.path.startswith("/") else page.parent
        target = (base / parsed.path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{page.relative_to(SITE)} -> {url}")
    assert not broken, "\n".join(broken[:20])


def test_the_server_makes_the_browser_enforce_same_origin_requests(site_url, page):
    response = page.goto(f"{site_url}/troubleshooter/")
    policy = response.headers["content-security-policy"]
    assert "connect-src 'self'" in policy and "default-src 'self'" in policy
    assert "'wasm-unsafe-eval'" in policy            # Pyodide compiles WebAssembly under it
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
