"""The build's publishing steps, without a browser or a server: the CSP hashes (kb/csp.py),
the precompressed copies (kb/precompress.py) and the local nginx configuration (kb/nginx.py)."""

import base64
import gzip
import hashlib
import shutil
import subprocess

import pytest

from kb import csp, nginx, precompress


def sha(body):
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_inline_scripts_are_hashed_exactly_and_data_blocks_and_external_scripts_are_not():
    page = ('<script>var a = 1;\n</script><script src="x.js"></script>'
            '<script id="__config" type="application/json">{"a": 1}</script>'
            '<script type="module">import "./m.js";</script><SCRIPT>b()</SCRIPT>')
    assert csp.inline_scripts(page) == ["var a = 1;\n", 'import "./m.js";', "b()"]
    assert csp.source_hash("var a = 1;\n") == sha("var a = 1;\n")


def test_the_site_hashes_are_distinct_and_the_policy_allows_no_inline_script_by_default(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text("<script>one()</script><script>two()</script>")
    (tmp_path / "a" / "index.html").write_text("<script>one()</script>")
    hashes = csp.site_hashes(tmp_path)
    assert hashes == sorted({sha("one()"), sha("two()")})
    policy = dict(d.split(" ", 1) for d in csp.policy(hashes).split("; "))
    assert policy["script-src"] == " ".join(["'self' 'wasm-unsafe-eval'", *hashes])
    assert "unsafe" not in policy["script-src"].replace("'wasm-unsafe-eval'", "")
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


def test_the_snippet_follows_the_pages(tmp_path):
    site, out = tmp_path / "site", tmp_path / "csp.conf"
    site.mkdir()
    (site / "index.html").write_text("<script>one()</script>")
    csp.write_snippet(site, out)
    assert sha("one()") in out.read_text() and out.read_text().startswith("# Generated")
    (site / "index.html").write_text("<script>changed()</script>")
    csp.write_snippet(site, out)
    assert sha("changed()") in out.read_text() and sha("one()") not in out.read_text()


@pytest.mark.skipif(not shutil.which("brotli"), reason="Debian's brotli is not installed (make build installs it)")
def test_precompressed_copies_decode_to_the_file_and_are_cached_by_content(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    text = site / "page.html"
    text.write_text("<p>help</p>\n" * 500)
    tiny = site / "tiny.json"
    tiny.write_text("{}")
    (site / "photo.png").write_bytes(b"\x89PNG" * 100)
    precompress.precompress(site, cache)
    assert gzip.decompress((site / "page.html.gz").read_bytes()) == text.read_bytes()
    brotli = shutil.which("brotli")
    decoded = subprocess.run([brotli, "-d", "-c", str(site / "page.html.br")], capture_output=True, check=True).stdout
    assert decoded == text.read_bytes()
    assert not (site / "tiny.json.br").exists() and not (site / "tiny.json.gz").exists()   # not smaller
    assert not (site / "photo.png.gz").exists()                                            # not a text type
    assert sorted(p.suffix for p in cache.iterdir()) == [".br", ".br", ".gz", ".gz"]
    # A changed file gets fresh copies; the cache keeps the old ones by their hash.
    text.write_text("<p>other</p>\n" * 500)
    precompress.precompress(site, cache)
    assert gzip.decompress((site / "page.html.gz").read_bytes()) == text.read_bytes()


def test_the_local_configuration_keeps_nginx_out_of_var_and_includes_the_project_files(tmp_path):
    conf = nginx.local_config(tmp_path / "site", 8799, tmp_path / "run")
    assert "listen 127.0.0.1:8799;" in conf and "daemon off;" in conf
    assert f"pid {tmp_path}/run/nginx.pid;" in conf
    for name in nginx.TEMP_PATHS:
        assert f"{name}_temp_path {tmp_path}/run/{name};" in conf
    assert "include http.conf;" in conf and "include server.conf;" in conf
    assert "/var/" not in conf


def test_each_language_but_the_default_has_its_location_with_its_own_not_found_page(tmp_path):
    from kb.languages import TRANSLATED
    conf = (nginx.assemble(tmp_path / "nginx") / "languages.conf").read_text()
    assert conf.count("location /") == len(TRANSLATED) >= 1
    for lang in TRANSLATED:
        assert f"location /{lang.code}/ {{" in conf and f"error_page 404 /{lang.code}/404.html;" in conf


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (make test installs it)")
def test_the_deployed_configuration_is_accepted_by_nginx(tmp_path):
    """deploy/nginx.conf as shipped (with a csp.conf beside it) passes `nginx -t`."""
    conf_dir = nginx.assemble(tmp_path / "nginx")
    (conf_dir / "csp.conf").write_text(csp.nginx_snippet([sha("x")]))
    text = (conf_dir / "nginx.conf").read_text()
    # The same file, with its machine paths pointed at the temporary folder.
    for path in ("/run/nginx.pid", "/var/log/nginx/error.log", "/var/log/nginx/access.log", "/srv/help-centre/site"):
        text = text.replace(path, str(tmp_path / path.strip("/").replace("/", "_")))
    text = text.replace("user www-data;", "")
    temp = "".join(f"    {n}_temp_path {tmp_path}/{n};\n" for n in nginx.TEMP_PATHS)
    text = text.replace("http {\n", "http {\n" + temp, 1)
    (conf_dir / "nginx.conf").write_text(text)
    done = subprocess.run(["nginx", "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf_dir / "nginx.conf")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_python_server_refuses_a_nul_byte_and_lists_no_folder(tmp_path):
    import http.client

    from kb import serve
    (tmp_path / "index.html").write_text("<script>one()</script>")
    (tmp_path / "folder").mkdir()
    server = serve.start(tmp_path)
    try:
        answers = {}
        for path in ("/%00", "/folder/", "/"):
            conn = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            answers[path] = (response.status, response.getheader("Content-Security-Policy"))
            conn.close()
    finally:
        server.shutdown()
    assert answers["/%00"][0] == 400 and answers["/folder/"][0] == 404
    assert answers["/"] == (200, csp.policy([sha("one()")]))
