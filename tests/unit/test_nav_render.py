"""Material's navigation rendered once per item (kb/nav_render.py): a small site built with
and without it is the same byte for byte, each item is kept only where it does not depend
on the page, and a theme whose macro changed stops the build with one line."""

import filecmp
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from kb import nav_render

ROOT = Path(__file__).resolve().parents[2]
HOOK = f"""import sys
sys.path.insert(0, {str(ROOT)!r})
from kb import nav_render

def on_env(env, config, files):
    return nav_render.install(env)
"""


def _site(folder, hooked, features):
    docs = folder / "docs"
    (docs / "index.md").parent.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    for category in ("alpha", "beta", "gamma"):
        (docs / category).mkdir()
        (docs / category / "index.md").write_text(f"# {category}\n", encoding="utf-8")
        for n in range(4):
            (docs / category / f"page-{n}.md").write_text(f"# {category} {n}\n\n## Part\n\nText.\n", encoding="utf-8")
    (docs / "alpha" / "deeper").mkdir()
    (docs / "alpha" / "deeper" / "inner.md").write_text("# Inner\n", encoding="utf-8")
    (folder / "hook.py").write_text(HOOK, encoding="utf-8")
    lines = ["site_name: Test", f"site_dir: {folder / 'site'}", "theme:", "  name: material", "  features:"]
    lines += [f"    - {feature}" for feature in features]
    lines += ["plugins: []", "markdown_extensions:", "  - toc:", "      permalink: true"]
    if hooked:
        lines += ["hooks:", "  - hook.py"]
    (folder / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build(load_config(str(folder / "mkdocs.yml")))
    return folder / "site"


def _same_tree(a, b):
    compared = filecmp.dircmp(a, b)
    assert not compared.left_only and not compared.right_only
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    assert not mismatch and not errors, mismatch
    for sub in compared.common_dirs:
        _same_tree(a / sub, b / sub)


@pytest.mark.parametrize("features", [
    ["navigation.indexes", "navigation.prune"],          # the site's own
    ["navigation.prune"],
    ["navigation.sections", "navigation.prune"],
    [],
])
def test_the_navigation_is_materials_own_byte_for_byte(tmp_path, features, monkeypatch):
    keys = []
    key = nav_render.reuse_key
    monkeypatch.setattr(nav_render, "reuse_key", lambda *args: keys.append(key(*args)) or keys[-1])
    plain = _site(tmp_path / "plain", False, features)
    assert not keys
    kept = _site(tmp_path / "kept", True, features)
    assert any(keys) and len(set(keys)) < len(keys)       # items were kept, and used again
    _same_tree(plain, kept)
    page = (kept / "beta" / "page-2" / "index.html").read_text(encoding="utf-8")
    assert 'href="../page-3/"' in page        # the open category's articles, relative to the page


def test_a_theme_without_the_macro_stops_the_build_with_one_line():
    with pytest.raises(PluginError, match="kb/nav_render.py must follow"):
        nav_render.patched("{% macro render(item) %}{% endmacro %}")
    patched = nav_render.patched(f"a{nav_render.MACRO}b{{% endmacro %}}")
    assert nav_render.RENAMED in patched and patched.rstrip().endswith(nav_render.FRONT)


def test_only_what_does_not_depend_on_the_page_is_kept(monkeypatch):
    monkeypatch.setattr(nav_render, "Page", _Page)
    monkeypatch.setattr(nav_render, "Section", _Section)
    here, other = _Page("here/"), _Page("other/")
    here.active = True
    link = lambda url: f"rel:{url}"      # noqa: E731
    prune = ["navigation.prune"]
    assert nav_render.reuse_key(here, here, prune, link) is None
    assert nav_render.reuse_key(other, here, prune, link) == ("page", id(other), "rel:other/")
    closed = _Section([_Section([_Page("deep/")]), other])
    assert nav_render.reuse_key(closed, here, prune, link) == ("pruned", id(closed), "rel:deep/")
    assert nav_render.reuse_key(closed, here, [], link) is None                   # not pruned: open
    assert nav_render.reuse_key(closed, here, prune + ["navigation.sections"], link) is None
    assert nav_render.reuse_key(_Section([here], active=True), here, prune, link) is None
    assert nav_render.reuse_key(_Section([]), here, prune, link) is None


class _Page:
    children = None

    def __init__(self, url):
        self.url, self.active = url, False


class _Section:
    def __init__(self, children, active=False):
        self.children, self.active = children, active
