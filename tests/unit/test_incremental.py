"""`kb generate` with its cache (kb/gencache.py) writes exactly what a generation from
scratch writes: after each kind of edit, the tree regenerated incrementally is compared,
file by file and byte by byte, with the tree a cold `--no-cache` run writes from the same
source in a second copy."""

import shutil
from pathlib import Path

import pytest
import yaml

from kb.gencache import CACHE_DIR, GenerateCache
from kb.generate import generate

GENERATED = ("docs", "docs_fr", "troubleshooter/_data")


def tree(project):
    """{relative path: bytes} of every generated file."""
    files = {}
    for folder in GENERATED:
        for path in sorted((project / folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(project).as_posix()] = path.read_bytes()
    return files


def from_scratch(project, scratch):
    """The generated tree of `project`'s content/, generated cold in another folder."""
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(project / "content", scratch / "content")
    generate(scratch, cache=False)
    assert not (scratch / CACHE_DIR).exists()
    return tree(scratch)


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def article_file(project, article_id):
    for path in sorted((project / "content/articles").glob("*.yaml")):
        if yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == article_id:
            return path
    raise LookupError(article_id)


def first_paragraph(data):
    return next(u for u in data["body"] if u.get("type") == "paragraph")


def one_paragraph(project):
    edit_yaml(article_file(project, "HC110"), lambda d: first_paragraph(d).update(en=first_paragraph(d)["en"] + " Edited."))


def a_linked_title(project):
    # KB70 is linked to and listed as related by other articles: their pages show its title.
    edit_yaml(article_file(project, "KB70"), lambda d: d["title"].update(en=d["title"]["en"] + " (edited)"))


def a_fact(project):
    path = project / "content/facts.yaml"
    text = path.read_text(encoding="utf-8")
    old = "max_failed_attempts: {value: 10,"
    assert old in text
    path.write_text(text.replace(old, "max_failed_attempts: {value: 11,", 1), encoding="utf-8")


def a_term(project):
    edit_yaml(project / "content/glossary.yaml", lambda d: d["client_portal"].update(fr="Portail du client"))


def an_interface_text(project):
    edit_yaml(project / "content/ui.yaml", lambda d: d["related"].update(en="See also"))


def a_new_article(project):
    source = article_file(project, "HC110")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.update(id="HC9999", slug="lost-or-damaged-device-copy")
    (source.parent / "lost-or-damaged-device-copy.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def a_removed_article(project):
    (project / "content/articles/lost-or-damaged-device-copy.yaml").unlink()


a_removed_article.prepare = a_new_article      # made (and generated) before the first tree


EDITS = [one_paragraph, a_linked_title, a_fact, a_term, an_interface_text, a_new_article, a_removed_article]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_an_incremental_generation_writes_what_a_generation_from_scratch_writes(tmp_path, edit):
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", project / "content")
    getattr(edit, "prepare", lambda project: None)(project)
    generate(project)                              # fills the cache
    before = tree(project)
    edit(project)
    generate(project)                              # incremental
    after = tree(project)
    assert after != before, "the edit changed nothing: the comparison below would prove nothing"
    expected = from_scratch(project, tmp_path / "scratch")
    assert sorted(after) == sorted(expected)
    different = [path for path in expected if after[path] != expected[path]]
    assert not different, f"stale after {edit.__name__}: {different[:5]}"


def test_an_unchanged_source_is_served_from_the_cache_and_an_edit_only_misses_its_pages(project):
    generate(project)
    cache = GenerateCache(project)
    assert cache.old, "the first generation saved no cache"
    one_paragraph(project)
    generate(project)
    again = GenerateCache(project)
    # Of every article page (both languages), only the edited article's two are new entries.
    pages = [key for key, value in again.old.items() if isinstance(value, dict) and "markdown" in value]
    new_pages = [key for key in pages if key not in cache.old]
    assert len(pages) > 40 and len(new_pages) == 2


def test_a_broken_cache_file_is_ignored(project):
    generate(project)
    expected = tree(project)
    files = sorted((project / CACHE_DIR).iterdir())
    assert files
    for path in files:
        path.write_bytes(b"not a pickle")
    for folder in ("docs", "docs_fr"):
        shutil.rmtree(project / folder)
    generate(project)
    assert tree(project) == expected


def test_the_builds_hooks_take_the_checked_articles_from_the_cache_and_an_edited_one_from_its_file(project, monkeypatch):
    from kb import site_cache, source
    generate(project)
    a_linked_title(project)                      # edited after the generation: not in the cache
    read = []
    load_yaml = source.load_yaml
    monkeypatch.setattr(source, "load_yaml", lambda path, raw=None: read.append(path.name) or load_yaml(path, raw))
    monkeypatch.setattr(site_cache, "_cache", {})
    site = site_cache.current_site(project / "content")
    articles = [name for name in read if name != "home.yaml" and (project / "content/articles" / name).is_file()]
    assert articles == [article_file(project, "KB70").name]
    assert site.articles == source.load_site(project / "content").articles
    assert site.article("KB70").title.texts["en"].endswith(" (edited)")
