"""The generator: facts flow into every article in both languages, formatted per language;
bad source stops the build with one message naming the file and the unit; output is
deterministic and rewritten only when it changes."""

import re
import subprocess
import sys

import pytest
import yaml

from kb.errors import SourceError
from kb.generate import build_outputs, generate
from kb.units import read_texts

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NNBSP = "\u202f"


def articles_using(project, fact_name):
    """Slugs (category/slug) of the articles whose source refers to `fact_name`."""
    found = []
    for path in (project / "content/articles").glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        text = path.read_text()
        if re.search(r"facts\." + re.escape(fact_name) + r"\b", text) or (
                fact_name.startswith("withdrawal.limits") and "withdrawal_table" in text):
            found.append(f"{data['category']}/{data['slug']}.md")
    return found


def set_fact(project, group_path, value):
    path = project / "content/facts.yaml"
    data = path.read_text()
    *groups, leaf = group_path.split(".")
    # Replace `leaf: {value: X` (or `daily: X` for device limits) under the last group only.
    start = data.index(f"  {groups[-1]}:") if len(groups) == 1 else data.index(f"      {groups[-1]}:")
    line_end = data.index("\n", start) if len(groups) > 1 else None
    if len(groups) > 1:
        line = data[start:line_end]
        new = re.sub(rf"\b{leaf}: [^,}}]+", f"{leaf}: {value}", line, count=1)
        return path.write_text(data[:start] + new + data[line_end:])
    block_end = data.index("\n\n", start)
    block = data[start:block_end]
    new = re.sub(rf"(    {leaf}: {{value: )[^,]+", rf"\g<1>{value}", block, count=1)
    assert new != block, f"fact {group_path} not found"
    path.write_text(data[:start] + new + data[block_end:])


def test_a_changed_duration_reaches_every_article_in_both_languages(project):
    set_fact(project, "temp_passcode.full_access_days", 37)
    pages = articles_using(project, "temp_passcode.full_access_days")
    assert len(pages) >= 3
    generate(project)
    for page in pages:
        for folder in ("docs", "docs_fr"):
            text = (project / folder / page).read_text()
            assert "37" in text, f"{folder}/{page} does not show the new value"


def test_a_changed_amount_is_formatted_per_language(project):
    set_fact(project, "withdrawal.limits.ib_key.daily", 1234567)
    pages = articles_using(project, "withdrawal.limits.ib_key.daily")
    assert pages
    generate(project)
    for page in pages:
        assert "1,234,567\u00a0USD" in (project / "docs" / page).read_text()
        assert f"1{NNBSP}234{NNBSP}567\u00a0USD" in (project / "docs_fr" / page).read_text()


def table_rows(markdown):
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| ") and "USD" in lines[i + 2])
    return [line for line in lines[start + 2:] if line.startswith("|")]


@pytest.mark.parametrize("folder", ["docs", "docs_fr"])
def test_the_overview_withdrawal_table_has_the_seven_devices_of_the_facts(folder):
    facts = yaml.safe_load((ROOT / "content/facts.yaml").read_text())["facts"]["withdrawal"]["limits"]
    rows = table_rows((ROOT / folder / "security-devices/secure-login-system-overview.md").read_text())
    assert len(rows) == len(facts) == 7
    for row, (device, limits) in zip(rows, facts.items()):
        cells = [c.strip() for c in row.strip("|").split("|")]
        for cell, value in zip(cells[1:], (limits["daily"], limits["window"])):
            if value == "unlimited":
                assert cell in ("Unlimited", "Illimité")
            else:
                assert re.sub(r"[^\d]", "", cell) == str(value), f"{device}: {cell} != {value}"


def test_a_missing_french_unit_stops_the_strict_build_and_names_it(project):
    path = project / "content/articles/temporary-passcode-validity.yaml"
    data = yaml.safe_load(path.read_text())
    unit = data["body"][0]
    del unit["fr"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(SourceError) as error:
        build_outputs(project, strict=True)
    assert f"KB70/{unit['id']}" in str(error.value)
    assert "temporary-passcode-validity.yaml" in str(error.value)
    assert "French" in str(error.value)
    # Preview falls back to English for that unit and says so in the front matter.
    _, outputs, statuses = build_outputs(project, strict=False)
    page = outputs[project / "docs_fr/logging-in/temporary-passcode-validity.md"]
    assert 'translation: "fallback"' in page
    assert f"KB70/{unit['id']}" in page


@pytest.mark.parametrize("mutation, expected", [
    (lambda d: d["body"][0].update(en="Wait {{ facts.lockout.no_such_fact }} hours."), "unknown fact 'lockout.no_such_fact'"),
    (lambda d: d["body"][0].update(en="See {{ link('KB9999') }}."), "link to unknown article 'KB9999'"),
    (lambda d: d["body"][0].update(en="A {{ terms.no_such_term }}."), "unknown term 'no_such_term'"),
    (lambda d: d["body"][0].update(en="Broken {{ facts. }}"), "malformed expression"),
    (lambda d: d["body"].append(dict(d["body"][0])), "duplicate unit id"),
    (lambda d: d.update(related=["KB9999"]), "related article 'KB9999' does not exist"),
    (lambda d: d["body"][0].update(type="poem"), "unknown unit type 'poem'"),
])
def test_bad_source_names_the_file_and_the_unit(project, mutation, expected):
    path = project / "content/articles/temporary-passcode-validity.yaml"
    data = yaml.safe_load(path.read_text())
    mutation(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(SourceError) as error:
        build_outputs(project)
    message = str(error.value)
    assert expected in message
    assert "temporary-passcode-validity.yaml" in message
    assert "KB70" in message


def test_a_duplicate_article_id_is_refused(project):
    source = project / "content/articles/temporary-passcode-validity.yaml"
    copy = project / "content/articles/another-page.yaml"
    copy.write_text(source.read_text().replace("slug: temporary-passcode-validity", "slug: another-page"))
    with pytest.raises(SourceError, match="duplicate article id"):
        build_outputs(project)


def test_malformed_yaml_names_the_file_and_line(project):
    path = project / "content/articles/temporary-passcode-validity.yaml"
    path.write_text(path.read_text() + "\n  - {id: broken, en: [unclosed\n")
    with pytest.raises(SourceError) as error:
        build_outputs(project)
    assert "temporary-passcode-validity.yaml" in str(error.value)
    assert "malformed YAML" in str(error.value)


def test_the_command_line_prints_one_line_and_no_traceback(project):
    (project / "content/facts.yaml").write_text("facts: [unclosed\n")
    run = subprocess.run([sys.executable, "-m", "kb", "--root", str(project), "generate"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.count("\n") == 1 and "facts.yaml" in run.stderr


def test_output_is_deterministic_and_unchanged_files_are_not_rewritten(project):
    generate(project)
    files = sorted(p for p in (project / "docs").rglob("*.md"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    changed, _ = generate(project)
    assert changed == []
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before


def test_every_generated_file_says_it_is_generated_and_from_where():
    for folder in ("docs", "docs_fr"):
        for page in (ROOT / folder).rglob("*.md"):
            head = page.read_text().splitlines()[:2]
            assert head[0] == "---" and head[1].startswith("# Generated by `kb generate` from content/"), page


def test_committed_generated_files_are_up_to_date():
    run = subprocess.run([sys.executable, "-m", "kb", "generate", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr


def test_french_typography_is_applied():
    text = (ROOT / "docs_fr/security-devices/secure-login-system-overview.md").read_text()
    body = text.split("---", 2)[2]
    assert " :" not in body and " ?" not in body and " !" not in body
    assert "\u00a0:" in body


# --- the one reader of a translatable text (kb/units.py read_texts) ---------------------------
@pytest.mark.parametrize("node, required, message", [
    ("just text", ("en",), "expected a text in each language"),
    ({"en": 3}, ("en",), "'en' must be a text, got int"),
    ({"fr": "Bonjour"}, ("en",), "the English text is missing"),
    ({"en": "Hello", "fr": "  "}, ("en", "fr"), "the French text is missing"),
    ({"en": ["a", {"b": 1}]}, ("en",), "'en' must be a list of texts"),
])
def test_a_text_in_each_language_is_read_by_one_rule(node, required, message):
    with pytest.raises(SourceError, match=message) as caught:
        read_texts(node, "content/x.yaml", "X1/intro", required, lists=True)
    assert caught.value.file == "content/x.yaml" and caught.value.unit == "X1/intro"


def test_a_missing_translation_is_allowed_where_english_stands_in():
    assert read_texts({"en": "Hello", "fr": None}, "f", "u") == {"en": "Hello"}
    assert read_texts({"en": ["a", 2]}, "f", "u", lists=True) == {"en": ["a", "2"]}
