"""What keeps a preview rebuild short, each without a server: the folder a build replaced is
emptied in the background and a failed build is never served; the Site the preview loaded is
the one MkDocs' hooks read; the theme is listed without its hidden folders; a page body that
passed the markup guard is not checked again; a page's conversion is taken from the last good build when nothing it comes from
changed."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from kb import markup_guard, preview, preview_plugin, site_cache
from kb import preview_render_cache as render_cache

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
    monkeypatch.setattr(site_cache, "load_site", lambda folder, cache=None: loads.append(folder) or object())
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
    monkeypatch.setattr(site_cache, "load_site", lambda folder, cache=None: "loaded again")
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


def test_builds_go_to_a_writable_folder():
    folder = preview.memory_folder()
    assert folder is None or os.access(folder, os.W_OK)


# --- the pages' conversions ----------------------------------------------------------------
def _pages(tmp_path, texts):
    """A small MkDocs project with `texts` ({name: Markdown}); its config, files and pages read."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    for name, text in texts.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    if not (tmp_path / "mkdocs.yml").exists():            # written again, it would be another configuration
        (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
        (tmp_path / "overrides").mkdir()
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    pages = {}
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        pages[file.src_uri] = page
    return config, files, pages


@pytest.fixture
def renders(monkeypatch):
    """The pages MkDocs itself converts (by src_uri)."""
    done = []
    real = Page.render

    def render(page, config, files):
        done.append(page.file.src_uri)
        return real(page, config, files)

    monkeypatch.setattr(Page, "render", render)
    return done


def _build(cache, tmp_path, texts):
    config, files, pages = _pages(tmp_path, texts)
    context = (render_cache.site_key(tmp_path), render_cache.files_key(files))
    for page in pages.values():
        cache.cached_render(page, context)
        page.render(config, files)
    return files, pages


TEXTS = {"a.md": "# Alpha\n\nSee [the x of b](b.md#x).\n", "b.md": "# Beta\n\n## X\n\ntext\n"}


def test_a_page_unchanged_since_the_last_good_build_is_not_converted_again(tmp_path, renders):
    cache = render_cache.RenderCache()
    _, first = _build(cache, tmp_path, TEXTS)
    cache.commit()
    files, again = _build(cache, tmp_path, {**TEXTS, "b.md": TEXTS["b.md"] + "\nmore\n"})
    assert renders == ["a.md", "b.md", "b.md"]
    a = again["a.md"]
    assert a.content == first["a.md"].content and a.title == "Alpha"
    assert [item.title for item in a.toc] == ["Alpha"]
    assert a.present_anchor_ids == first["a.md"].present_anchor_ids
    # Its links point at this build's files (the anchors are checked against them).
    assert {f.src_uri for f in a.links_to_anchors} == {"b.md"}
    assert next(iter(a.links_to_anchors)) is files.get_file_from_path("b.md")


def test_a_new_file_or_setting_converts_every_page_again(tmp_path, renders):
    cache = render_cache.RenderCache()
    _build(cache, tmp_path, TEXTS)
    cache.commit()
    _build(cache, tmp_path, {**TEXTS, "c.md": "# Gamma\n"})                 # links may resolve otherwise
    assert sorted(renders) == ["a.md", "a.md", "b.md", "b.md", "c.md"]
    cache.commit()
    renders.clear()
    (tmp_path / "overrides" / "main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    _build(cache, tmp_path, {**TEXTS, "c.md": "# Gamma\n"})
    assert sorted(renders) == ["a.md", "b.md", "c.md"]


def test_a_failed_build_leaves_nothing_to_take(tmp_path, renders):
    cache = render_cache.RenderCache()
    _build(cache, tmp_path, TEXTS)
    cache.discard()                     # the build stopped (a warning in a strict build)
    _build(cache, tmp_path, TEXTS)
    assert renders == ["a.md", "b.md", "a.md", "b.md"]


def test_the_folders_of_a_stopped_preview_are_removed(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()                                           # a process id that no longer runs
    abandoned = tmp_path / f"{preview.FOLDER_PREFIX}{gone.pid}-x1"
    running = tmp_path / f"{preview.FOLDER_PREFIX}{os.getpid()}-x2"
    other = tmp_path / "kb-previewer-notes"
    for folder in (abandoned / "sub", running, other):
        folder.mkdir(parents=True)
    preview.remove_abandoned(tmp_path)
    assert not abandoned.exists() and running.is_dir() and other.is_dir()
