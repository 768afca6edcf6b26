"""Content that cannot attack the site: every payload of the hostile corpus
(tests/hostile_corpus.py), in every place an author or a translator writes, is refused by
the generator with one line that names the file, the unit and the fragment; none runs code
at build time; a PO file cannot bring one in; and Markdown edited by hand past the generator
is stopped by the build's own allowlist check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from kb import po
from kb.errors import SourceError
from kb.generate import build_outputs
from tests.hostile_corpus import INERT, copy_project, PAYLOADS, PWNED, TARGET_PAYLOADS, TARGETS, TEXT_TARGETS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_code_ran(project, monkeypatch):
    monkeypatch.chdir(project)          # a payload that ran would write PWNED here
    yield
    assert not (project / PWNED).exists(), "a content payload ran a command at build time"
    assert not (ROOT / PWNED).exists(), "a content payload ran a command at build time"


def refusal(project):
    with pytest.raises(SourceError) as info:
        build_outputs(project, strict=True)
    return str(info.value)


CASES = sorted({(t, p) for t in TEXT_TARGETS for p in PAYLOADS} | {(t, p) for t in TARGETS for p in TARGET_PAYLOADS})


@pytest.mark.parametrize("target, payload", CASES)
def test_a_hostile_text_is_refused_naming_file_unit_and_fragment(project, target, payload):
    text, signatures = PAYLOADS[payload]
    file_name, unit = TARGETS[target](project / "content", text)
    message = refusal(project)
    assert "\n" not in message and "Traceback" not in message
    assert file_name in message, message
    assert unit in message, message
    assert any(signature in message for signature in signatures), message


@pytest.mark.parametrize("target", ["article-english", "article-french", "flow-question",
                                    "flow-answer-french", "troubleshooter-ui-text", "flow-ui-text"])
def test_markup_shown_as_text_is_accepted(project, target):
    for text in INERT.values():
        TARGETS[target](project / "content", text, append=True)
    build_outputs(project, strict=True)


def test_the_refusal_is_one_line_from_the_command_and_no_traceback(project):
    TARGETS["article-french"](project / "content", PAYLOADS["globals-walk"][0])
    run = subprocess.run([sys.executable, "-m", "kb", "--root", str(project), "generate"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
    assert "__globals__" in lines[0] and "allowed:" in lines[0]


# --- PO files --------------------------------------------------------------------------------------
@pytest.mark.parametrize("payload", ["img-onerror", "markdown-javascript-link", "link-label-code",
                                     "attr-list-handler", "statement", "comment"])
def test_a_po_file_cannot_bring_a_payload_in_and_nothing_is_written(project, tmp_path, payload):
    out, _ = po.export(project, tmp_path / "fr.po")
    with open(out, "rb") as f:
        catalog = read_po(f)
    target = next(m for m in catalog if m.context == "KB70/intro")
    target.string = f"{target.string} {PAYLOADS[payload][0]}"
    with open(out, "wb") as f:
        write_po(f, catalog)
    before = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    with pytest.raises(SourceError) as info:
        po.import_po(project, out)
    message = str(info.value)
    assert "KB70/intro" in message and any(s in message for s in PAYLOADS[payload][1]), message
    after = {p: p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert after == before


def test_translations_strict_refuses_a_payload_in_a_french_unit(project):
    TARGETS["article-french"](project / "content", PAYLOADS["svg-onload"][0])
    run = subprocess.run([sys.executable, "-m", "kb", "--root", str(project), "translations", "--strict", "--json"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 1
    assert "onload" in run.stdout + run.stderr


# --- the build's own wall ---------------------------------------------------------------------------
def test_the_site_build_refuses_markup_edited_into_the_generated_markdown(tmp_path):
    """Copy the project, write a handler straight into a generated page (past every
    generator check), and build: MkDocs stops and names the page and the fragment."""
    copy = copy_project(tmp_path / "project")
    page = copy / "docs_fr/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<img src=x onerror=alert(1)>\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(tmp_path / "site")],
                         cwd=copy, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert run.returncode != 0
    assert "index.md" in run.stderr and "onerror" in run.stderr, run.stderr[-2000:]
