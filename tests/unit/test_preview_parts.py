"""The preview's parts that need no server: a unit's line in its file, the dashboard's word
diff and the error box (both escape what they show), and how an error is described."""

from kb.dashboard import word_diff
from kb.errors import SourceError
from kb.preview import describe
from kb.preview_overlay import overlay_html
from kb.unit_lines import unit_line

ARTICLE = """id: KB70
title:
  en: "Title"
body:
  - id: intro
    en: "Hello"
  - id: contacts
    type: table
    rows:
      - {id: us, en: ["a", "b"]}
"""


def test_unit_line_follows_the_key_into_the_file(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(ARTICLE, encoding="utf-8")
    lines = ARTICLE.splitlines()
    assert lines[unit_line(path, "KB70/intro") - 1].strip() == "- id: intro"
    assert lines[unit_line(path, "KB70/title") - 1].strip() == 'en: "Title"'
    assert "id: us" in lines[unit_line(path, "KB70/contacts/us#2") - 1]
    assert unit_line(path, "KB70/nowhere") is None


def test_unit_line_of_a_broken_or_absent_file_is_unknown(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("body: [unclosed", encoding="utf-8")
    assert unit_line(path, "KB70/intro") is None
    assert unit_line(tmp_path / "gone.yaml", "KB70/intro") is None


def test_word_diff_marks_changes_and_escapes():
    html = str(word_diff("Type <b>x</b> now", "Type <i>x</i> now & then"))
    assert "<del>&lt;b&gt;x&lt;/b&gt;</del>" in html
    assert "<ins>&lt;i&gt;x&lt;/i&gt;</ins>" in html and "&amp; then" in html
    assert "<b>" not in html and "<i>" not in html
    assert word_diff(None, "new") is None


def test_overlay_escapes_the_error():
    error = describe(SourceError("content/a.yaml", "unknown fact <script>alert(1)</script>", "KB70/intro"), ".")
    html = overlay_html(error)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'data-field="unit">KB70/intro<' in html


def test_describe_names_file_line_and_unit(tmp_path):
    (tmp_path / "content").mkdir()
    path = tmp_path / "content" / "a.yaml"
    path.write_text(ARTICLE, encoding="utf-8")
    error = describe(SourceError(path, "unknown fact 'x'", "KB70/intro"), tmp_path)
    assert error["file"] == "content/a.yaml:5"
    assert error["line"] == "content/a.yaml: KB70/intro: unknown fact 'x'"
    other = describe(ValueError("bad\nthing"), tmp_path)
    assert other["file"] is None and other["line"] == "ValueError: bad thing"
