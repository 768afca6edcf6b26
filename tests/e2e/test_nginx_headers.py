"""What nginx, with the project's configuration (deploy/ and the generated csp.conf), answers:
headers per kind of file, the precompressed encodings, revalidation, the 404 pages, and the
requests it refuses. Plain HTTP requests, no browser."""

import http.client
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kb.pyodide_bundle import runtime_version

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
IMMUTABLE = "public, max-age=31536000, immutable"
PYODIDE = f"/pyodide/{runtime_version(ROOT / 'build' / 'pyodide')}/"


def fetch(site_url, path, headers=None, method="GET"):
    """(status, headers as a lower-cased dict, body) of one request, the path sent as is."""
    origin = urlparse(site_url)
    conn = http.client.HTTPConnection(origin.hostname, origin.port, timeout=30)
    try:
        conn.request(method, path, headers={"Accept-Encoding": "identity", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def one(pattern):
    matches = sorted(SITE.glob(pattern))
    assert matches, f"nothing in site/ matches {pattern}"
    return "/" + matches[0].relative_to(SITE).as_posix()


def own_asset(page, name):
    """The ?v= URL the built page gives one of the site's own assets."""
    html = (SITE / page).read_text(encoding="utf-8")
    found = re.search(r'(?:href|src)="[./]*(assets/' + re.escape(name) + r'\?v=[0-9a-f]{12})"', html)
    assert found, f"{page} does not reference {name} with ?v="
    return "/" + found.group(1)


@pytest.mark.parametrize("path, content_type, cache", [
    ("/", "text/html; charset=utf-8", "no-cache"),
    ("/fr/logging-in/temporary-passcode-validity/", "text/html; charset=utf-8", "no-cache"),
    ("/search/search_index.json", "application/json; charset=utf-8", "no-cache"),
    ("/fr/search/search_index.json", "application/json; charset=utf-8", "no-cache"),
    ("/sitemap.xml", "text/xml; charset=utf-8", "no-cache"),
    ("lock", "application/json; charset=utf-8", IMMUTABLE),
    (PYODIDE + "pyodide.asm.wasm", "application/wasm", IMMUTABLE),
    (PYODIDE + "pyodide.mjs", "text/javascript; charset=utf-8", IMMUTABLE),
    ("stdlib", "application/zip", IMMUTABLE),
    ("wheel", "application/octet-stream", IMMUTABLE),
    ("material-js", "application/javascript; charset=utf-8", IMMUTABLE),
    ("material-css", "text/css; charset=utf-8", IMMUTABLE),
    ("own-js", "application/javascript; charset=utf-8", IMMUTABLE),
    ("own-css", "text/css; charset=utf-8", IMMUTABLE),
    ("/assets/troubleshooter/troubleshooter.js", "application/javascript; charset=utf-8", "no-cache"),
])
def test_each_kind_of_file_has_its_type_and_cache_policy(site_url, path, content_type, cache):
    path = {"wheel": PYODIDE + Path(one("pyodide/*/troubleshooter-*.whl")).name,
            "stdlib": PYODIDE + Path(one("pyodide/*/python_stdlib-*.zip")).name,
            "lock": PYODIDE + Path(one("pyodide/*/pyodide-lock-*.json")).name,
            "material-js": one("assets/javascripts/bundle.*.min.js"),
            "material-css": one("assets/stylesheets/main.*.min.css"),
            "own-js": own_asset("troubleshooter/index.html", "troubleshooter/troubleshooter.js"),
            "own-css": own_asset("index.html", "help-centre.css")}.get(path, path)
    status, headers, _ = fetch(site_url, path)
    assert status == 200, path
    assert headers["content-type"] == content_type
    assert headers["cache-control"] == cache
    assert headers["etag"] and headers["last-modified"]


def test_every_answer_carries_the_security_headers(site_url):
    for path in ("/", "/troubleshooter/", PYODIDE + "pyodide.asm.wasm", "/no-such-page/"):
        _, headers, _ = fetch(site_url, path)
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "camera=()" in headers["permissions-policy"]
        assert "content-security-policy" in headers, path


def test_the_csp_allows_scripts_by_hash_only(site_url):
    _, headers, _ = fetch(site_url, "/")
    directives = dict(d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";"))
    script = directives["script-src"].split()
    assert script[:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert script[2:] and all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", h) for h in script[2:])
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["worker-src"] == "'self'"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
@pytest.mark.parametrize("path", ["/", "/search/search_index.json", PYODIDE + "pyodide.asm.wasm",
                                  "stdlib", "lock", "material-js"])
def test_precompressed_copies_are_served_in_the_accepted_encoding(site_url, path, encoding):
    path = {"material-js": one("assets/javascripts/bundle.*.min.js"),
            "stdlib": PYODIDE + Path(one("pyodide/*/python_stdlib-*.zip")).name,
            "lock": PYODIDE + Path(one("pyodide/*/pyodide-lock-*.json")).name}.get(path, path)
    _, plain, body = fetch(site_url, path)
    status, headers, compressed = fetch(site_url, path, {"Accept-Encoding": f"{encoding}, identity"})
    assert status == 200
    assert headers["content-encoding"] == encoding
    assert "accept-encoding" in headers["vary"].lower()
    assert len(compressed) < len(body)
    assert "content-encoding" not in plain and int(plain["content-length"]) == len(body)


def test_brotli_is_preferred_when_both_are_accepted(site_url):
    _, headers, _ = fetch(site_url, PYODIDE + "pyodide.asm.wasm", {"Accept-Encoding": "gzip, deflate, br"})
    assert headers["content-encoding"] == "br"


@pytest.mark.parametrize("validator, header", [("etag", "If-None-Match"), ("last-modified", "If-Modified-Since")])
@pytest.mark.parametrize("path", ["/troubleshooter/", "/fr/search/search_index.json", "/sitemap.xml"])
def test_revalidation_answers_304_when_unchanged(site_url, path, validator, header):
    accept = {"Accept-Encoding": "br"}
    _, first, _ = fetch(site_url, path, accept)
    status, headers, body = fetch(site_url, path, {**accept, header: first[validator]})
    assert status == 304 and body == b""
    assert headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path, lang", [("/no-such-page/", "en"), ("/logging-in/no-such-article/", "en"),
                                        ("/fr/no-such-page/", "fr"), ("/fr/logging-in/nope", "fr"),
                                        ("/assets/", "en"), ("/fr/search/", "fr")])
def test_unknown_urls_get_the_site_404_page_in_their_language(site_url, path, lang):
    status, headers, body = fetch(site_url, path)
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    assert f'<html lang="{lang}"' in page
    assert 'class="md-select__link"' in page           # the site's page, not nginx's
    assert "Index of" not in page


def test_a_folder_without_its_slash_is_redirected_by_path_only(site_url):
    status, headers, _ = fetch(site_url, "/fr/logging-in")
    assert status == 301 and headers["location"] == "/fr/logging-in/"


def test_a_nul_byte_in_the_url_is_refused_cleanly(site_url):
    status, _, _ = fetch(site_url, "/%00")
    assert status == 400
    assert fetch(site_url, "/")[0] == 200                 # and the server still answers
