"""What keeps a preview rebuild short, each without a server: the folder a build replaced is
emptied in the background and a failed build is never served; the Site the preview loaded is
the one MkDocs' hooks read; the theme is listed without its hidden folders; a page body that
passed the markup guard is not checked again; the static step pages drop the script's data
once."""

from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from kb import markup_guard, preview, preview_plugin, site_cache, troubleshooter_pages
from troubleshooter import flow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_memories(monkeypatch):
    """The process-wide Site and guard verdicts, as new for each test and restored after."""
    monkeypatch.setattr(site_cache, "_cache", {})
    monkeypatch.setattr(markup_guard, "_passed", set())


# --- the two folders ----------------------------------------------------------------------
def _preview(tmp_path, monkeypatch, build):
    """A Preview whose MkDocs build is `build(site_dir)`."""
    shown = preview.Preview(tmp_path, "127.0.0.1", 8791)
    monkeypatch.setattr(shown, "_config", lambda site_dir: SimpleNamespace(site_dir=site_dir))
    monkeypatch.setattr(preview, "build", lambda config, serve_url: build(config.site_dir))
    return shown


def _write(name):
    def build(site_dir):
        Path(site_dir, "sub").mkdir()
        Path(site_dir, "sub", "index.html").write_text(name, encoding="utf-8")
        Path(site_dir, "index.html").write_text(name, encoding="utf-8")
    return build


def test_a_good_build_is_served_and_the_one_it_replaced_is_emptied(tmp_path, monkeypatch):
    shown = _preview(tmp_path, monkeypatch, _write("first"))
    try:
        shown.build_site()
        first = shown.site_dir
        monkeypatch.setattr(preview, "build", lambda config, serve_url: _write("second")(config.site_dir))
        shown.build_site()
        assert shown.site_dir != first
        assert Path(shown.site_dir, "sub", "index.html").read_text(encoding="utf-8") == "second"
        shown._wait_until_emptied()
        assert Path(first).is_dir() and list(Path(first).iterdir()) == []
    finally:
        shown.remove()
    assert not any(Path(folder).exists() for folder in shown.folders)


def test_a_failed_build_is_not_served(tmp_path, monkeypatch):
    shown = _preview(tmp_path, monkeypatch, _write("good"))
    try:
        shown.build_site()
        good = shown.site_dir

        def fails(config, serve_url):
            Path(config.site_dir, "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("broken template")

        monkeypatch.setattr(preview, "build", fails)
        with pytest.raises(RuntimeError):
            shown.build_site()
        assert shown.site_dir == good
        assert Path(good, "index.html").read_text(encoding="utf-8") == "good"
    finally:
        shown.remove()


def test_empty_folder_keeps_the_folder(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c.html").write_text("x", encoding="utf-8")
    (tmp_path / "d.html").write_text("x", encoding="utf-8")
    preview.empty_folder(tmp_path)
    assert tmp_path.is_dir() and list(tmp_path.iterdir()) == []


# --- the Site ------------------------------------------------------------------------------
def test_the_site_the_preview_kept_is_read_until_a_file_changes(project, monkeypatch):
    content = project / "content"
    loads = []
    monkeypatch.setattr(site_cache, "load_site", lambda folder: loads.append(folder) or object())
    kept = object()
    site_cache.keep(kept, site_cache.stamp(content))
    assert site_cache.current_site(content) is kept and loads == []
    facts = content / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert site_cache.current_site(content) is not kept and loads == [content]


def test_a_site_kept_from_before_a_change_is_loaded_again(project, monkeypatch):
    """The stamp is taken before the preview loads: a save during its load is not missed."""
    content = project / "content"
    before = site_cache.stamp(content)
    facts = content / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(site_cache, "load_site", lambda folder: "loaded again")
    site_cache.keep("loaded before the save", before)
    assert site_cache.current_site(content) == "loaded again"


# --- the theme's files ---------------------------------------------------------------------
def _theme_files(config, loader=None):
    env = config.theme.get_env()
    if loader is not None:
        env.loader = loader(env.loader.searchpath)
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted(f.src_uri for f in files)


def test_the_theme_loader_lists_the_same_static_files_as_mkdocs():
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    plain = _theme_files(config)
    assert plain and "assets/help-centre.css" in plain
    assert _theme_files(config, preview_plugin.ThemeLoader) == plain


def test_the_theme_loader_skips_hidden_paths_but_finds_templates_there(tmp_path):
    (tmp_path / ".icons" / "set").mkdir(parents=True)
    (tmp_path / ".icons" / "set" / "a.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "x.html").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.css").write_text("", encoding="utf-8")
    loader = preview_plugin.ThemeLoader([str(tmp_path)])
    assert loader.list_templates() == ["partials/x.html"]
    env = jinja2.Environment(loader=loader)
    assert env.get_template(".icons/set/a.svg").render() == "<svg/>"


def test_each_build_of_the_theme_gets_the_loader_once():
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    preview_plugin.list_theme_without_hidden(config.theme)
    wrapped = config.theme.get_env
    preview_plugin.list_theme_without_hidden(config.theme)
    assert config.theme.get_env is wrapped
    assert isinstance(config.theme.get_env().loader, preview_plugin.ThemeLoader)


# --- the markup guard ----------------------------------------------------------------------
PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="a.md"))


def test_a_body_that_passed_is_not_checked_again(monkeypatch):
    checked = []
    real = markup_guard.html_problem
    monkeypatch.setattr(markup_guard, "html_problem", lambda html, page: checked.append(html) or real(html, page=page))
    body = "<p>Checked once: <strong>kept</strong> 7c1e</p>"
    assert markup_guard.check_page(body, PAGE) == body
    assert markup_guard.check_page(body, PAGE) == body
    assert checked == [body]


def test_a_forbidden_body_is_refused_every_time():
    body = '<p onclick="x()">Refused 51d0</p>'
    for _ in range(2):
        with pytest.raises(PluginError, match="a.md: forbidden markup"):
            markup_guard.check_page(body, PAGE)


# --- the static step pages -----------------------------------------------------------------
BUILT = ('<html><head><title>Guided troubleshooter - Site</title>'
         '<!--ts:runtime--><meta name="ts-engine" data-src="../assets/troubleshooter/troubleshooter.js"><!--/ts:runtime-->'
         '</head><body><div id="troubleshooter" data-engine="loading" data-pyodide="../pyodide/x/pyodide.mjs">'
         '<!--ts:step--><h1>first</h1><!--/ts:step--></div>'
         '<!--ts:runtime--><script type="application/json" id="ts-config">{"steps":{"":"\\u003ch1\\u003e"}}</script>'
         '<!--/ts:runtime--><a href="../logging-in/">x</a></body></html>')


def test_dropping_the_script_first_gives_the_same_static_page():
    view = flow.step(["portal"], "en")
    once = troubleshooter_pages.without_runtime(BUILT)
    assert "ts-config" not in once and "ts-engine" not in once
    assert troubleshooter_pages.static_page(once, view, "<section>step</section>") == \
        troubleshooter_pages.static_page(BUILT, view, "<section>step</section>")
