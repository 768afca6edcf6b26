"""`make preview` end to end: the live preview (kb/preview.py) runs on a temporary copy of the
project; a test edits the copy's content/ and watches the open page follow (MkDocs' live
reload), breaks the YAML and sees the error overlay come and go, and reads the translation
dashboard against `kb translations --json`. One preview server for the whole module.

Waits below are for the reload to arrive, never a measure of its speed (that is measured by
hand: README, Previewing)."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.hostile_corpus import copy_project

ROOT = Path(__file__).resolve().parents[2]
RELOAD = 30_000      # ms: how long a test waits for a save to reach the page on a busy machine
ARTICLE = "account-protection"         # content/articles/<slug>.yaml, edited in the copy only


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_served(url, process, log):
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the preview stopped: {log.read_text(encoding='utf-8')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the preview did not answer at {url}: {log.read_text(encoding='utf-8')[-2000:]}")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    if not (ROOT / "build" / "pyodide").is_dir():
        pytest.fail("build/pyodide is missing: run `make wheel` (make test builds it)")
    return copy_project(tmp_path_factory.mktemp("preview") / "project")


@contextlib.contextmanager
def running_preview(project):
    """`python -m kb.preview` on `project`, on a free port; yields its URL once it answers."""
    port = _free_port()
    log = project / "preview.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-m", "kb.preview", "--port", str(port)], cwd=project,
                                   stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_served(url, process, log)
        yield url
    finally:
        process.terminate()       # the server stops cleanly and removes its built folders
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def preview(project):
    with running_preview(project) as url:
        yield url


def _article_file(project):
    return project / "content" / "articles" / f"{ARTICLE}.yaml"


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _unit(data, unit_id):
    return next(u for u in data["body"] if u["id"] == unit_id)


def _page_url(project, base, lang="en"):
    data = yaml.safe_load(_article_file(project).read_text(encoding="utf-8"))
    return f"{base}{'' if lang == 'en' else lang + '/'}{data['category']}/{data['slug']}/"


def test_an_edit_reaches_the_open_page(preview, project, page):
    page.goto(_page_url(project, preview))
    expect(page.locator("article")).not_to_contain_text("Zanzibarpreview")
    _edit(_article_file(project), lambda d: _unit(d, "intro").update(en=_unit(d, "intro")["en"] + " Zanzibarpreview."))
    # The page was not navigated: the live reload brings the new text.
    expect(page.locator("article")).to_contain_text("Zanzibarpreview", timeout=RELOAD)


def test_bad_yaml_shows_an_overlay_until_fixed(preview, project, page):
    path = _article_file(project)
    good = path.read_text(encoding="utf-8")
    page.goto(_page_url(project, preview))
    overlay = page.locator("#kb-preview-error")
    expect(overlay).to_have_count(0)
    heading = page.locator("article h1").inner_text()
    path.write_text(good.replace("body:", "body: [unclosed", 1), encoding="utf-8")
    try:
        expect(overlay).to_be_visible(timeout=RELOAD)
        expect(overlay).to_contain_text(f"{ARTICLE}.yaml")
        expect(overlay).to_contain_text("The source does not load")
        # The last good page stays served under the overlay, on this page and on the others.
        expect(page.locator("article h1")).to_have_text(heading)
        page.goto(preview)
        expect(overlay).to_be_visible()
    finally:
        path.write_text(good, encoding="utf-8")
    expect(overlay).to_have_count(0, timeout=RELOAD)


def test_an_unknown_fact_names_the_unit_and_its_line(preview, project, page):
    path = _article_file(project)
    good = path.read_text(encoding="utf-8")
    page.goto(preview)
    _edit(path, lambda d: _unit(d, "intro").update(en="See {{ facts.nowhere.nothing }} here."))
    try:
        overlay = page.locator("#kb-preview-error")
        expect(overlay).to_be_visible(timeout=RELOAD)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        expect(overlay.locator('[data-field="unit"]')).to_have_text(f"{data['id']}/intro")
        line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "id: intro" in text)
        expect(overlay.locator('[data-field="file"]')).to_have_text(f"content/articles/{ARTICLE}.yaml:{line}")
        expect(overlay).to_contain_text("nowhere")
    finally:
        path.write_text(good, encoding="utf-8")
    expect(page.locator("#kb-preview-error")).to_have_count(0, timeout=RELOAD)


def _report(project):
    done = subprocess.run([sys.executable, "-m", "kb", "translations", "--json"], cwd=project,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _numbers(row):
    return [int(row.locator(f'[data-state="{s}"]').inner_text()) for s in ("translated", "stale", "missing", "unverified")]


def test_dashboard_shows_the_report(preview, project, page):
    path = _article_file(project)
    new_english = "The Quokkaword protects access to your account, in new words."

    def change(data):
        _unit(data, "intro")["en"] = new_english                         # stale: English changed
        for key in ("fr", "fr_from"):                                     # missing: no French
            _unit(data, "same-name").pop(key)

    _edit(path, change)
    report = _report(project)
    assert report["totals"]["stale"] >= 1 and report["totals"]["missing"] >= 1
    page.goto(f"{preview}_translations/")
    totals = page.locator('#kb-totals [data-row="total"]')
    t = report["totals"]
    # Wait until the rebuild with this save is in (the page reloads by itself).
    expect(totals.locator('[data-state="missing"]')).to_have_text(str(t["missing"]), timeout=RELOAD)
    assert _numbers(totals) == [t["translated"], t["stale"], t["missing"], t["unverified"]]
    for row in report["articles"]:
        assert _numbers(page.locator(f'#kb-articles [data-row="{row["id"]}"]')) == [
            row["translated"], row["stale"], row["missing"], row["unverified"]], row["id"]
    category = yaml.safe_load(path.read_text(encoding="utf-8"))["category"]
    assert page.locator(f'#kb-categories [data-row="{category}"] [data-state="stale"]').inner_text() != "0"
    # Each stale unit: its diff (old words struck, new ones inserted), its French, where it is.
    assert page.locator(".kb-stale").count() == len(report["stale"])
    unit = report["stale"][0]
    card = page.locator(f'.kb-stale[data-unit="{unit["unit"]}"]')
    expect(card.locator("ins").first).to_be_visible()
    expect(card.locator("del").first).to_be_visible()
    expect(card.locator('td[lang="fr"]')).to_have_text(unit["fr"])
    text = path.read_text(encoding="utf-8").splitlines()
    where = card.locator(".kb-where").inner_text()
    file, line = where.rsplit(":", 1)
    assert file == unit["file"] and "id: intro" in text[int(line) - 1]
    card.get_by_role("link", name="French page").click()
    expect(page).to_have_url(_page_url(project, preview, "fr"))
    # The missing unit falls back to English on the French page, with the notice.
    missing = yaml.safe_load(path.read_text(encoding="utf-8"))
    expect(page.locator("article")).to_contain_text(" ".join(_unit(missing, "same-name")["en"].split()[:3]))


def test_dashboard_escapes_what_it_shows(preview, project, page):
    """A text quoting markup (allowed as code in a text) shows as text in the diff."""
    path = _article_file(project)
    _edit(path, lambda d: _unit(d, "intro").update(en="Type `<b>bold</b>` to see Wombatword."))
    page.goto(f"{preview}_translations/")
    card = page.locator('.kb-stale').filter(has_text="Wombatword")
    expect(card).to_have_count(1, timeout=RELOAD)
    expect(card.locator(".kb-diff")).to_contain_text("<b>bold</b>")
    assert card.locator(".kb-diff b").count() == 0


def test_a_deleted_file_shows_in_the_page_and_the_server_goes_on(preview, project, page):
    path = project / "content" / "ui.yaml"
    kept = path.read_bytes()
    page.goto(preview)
    path.unlink()
    try:
        overlay = page.locator("#kb-preview-error")
        expect(overlay).to_be_visible(timeout=RELOAD)
        expect(overlay).to_contain_text("ui.yaml")
    finally:
        path.write_bytes(kept)
    expect(page.locator("#kb-preview-error")).to_have_count(0, timeout=RELOAD)
    page.goto(f"{preview}fr/")
    expect(page.locator("header")).to_be_visible()


def test_a_broken_theme_override_keeps_the_last_good_site(preview, project, page):
    """A failure in MkDocs itself (here a template of overrides/) leaves the last good build served."""
    path = project / "overrides" / "main.html"
    good = path.read_text(encoding="utf-8")
    page.goto(_page_url(project, preview))
    heading = page.locator("article h1").inner_text()
    path.write_text(good + "\n{% if %}\n", encoding="utf-8")
    try:
        overlay = page.locator("#kb-preview-error")
        expect(overlay).to_be_visible(timeout=RELOAD)
        expect(overlay).to_contain_text("TemplateSyntaxError")
        page.goto(f"{preview}fr/")
        expect(overlay).to_be_visible()
        page.goto(_page_url(project, preview))
        expect(page.locator("article h1")).to_have_text(heading)
    finally:
        path.write_text(good, encoding="utf-8")
    expect(page.locator("#kb-preview-error")).to_have_count(0, timeout=RELOAD)


def test_release_build_has_no_dashboard():
    site = ROOT / "site"
    if not (site / "sitemap.xml").exists():
        pytest.fail("site/ is not built: run `make test-e2e` (make test does it)")
    assert not (site / "_translations").exists()
    assert not (site / "fr" / "_translations").exists()
    assert "_translations" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "preview" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("hooks:")[1].split("markdown_extensions")[0]
