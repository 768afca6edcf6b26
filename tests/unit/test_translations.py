"""The translation workflow (kb/i18n/): every bilingual text is a unit; French
units record the fingerprint of the English they were translated from, so an English edit
makes them stale, reported by `kb translations` with the old and the new English and shown
on the French page as a notice; a French unit must keep every reference of its English.
All on a throw-away copy of content/ (the `project` fixture)."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from kb.i18n import accept, cli, state
from kb.errors import SourceError
from kb.fingerprint import fingerprint
from kb.generate import build_outputs
from kb.placeholders import compare_unit, difference, references
from kb.source import load_site

ROOT = Path(__file__).resolve().parents[2]

STAMP = re.compile(r', fr_from: "[0-9a-f]{12}"|\n *fr_from: "[0-9a-f]{12}"(?=\n)')


# --- helpers ---------------------------------------------------------------------------------
def entries(project):
    return state.collect(load_site(project / "content"))


def entry(project, key):
    return next(e for e in entries(project) if e.key == key)


def editable(project, group, lang="en", contains=""):
    """An entry of `group` whose `<lang>: "text"` appears verbatim in its file."""
    for e in entries(project):
        value = e.unit.texts.get(lang)
        if e.group == group and isinstance(value, str) and contains in value \
                and f'{lang}: "{value}"' in e.file.read_text(encoding="utf-8"):
            return e
    pytest.skip(f"no editable {lang} unit in {group}")


def replace_text(e, lang, new):
    text = e.file.read_text(encoding="utf-8")
    old = f'{lang}: "{e.unit.texts[lang]}"'
    assert text.count(old) == 1
    e.file.write_text(text.replace(old, f'{lang}: "{new}"'), encoding="utf-8")


def report(project, capsys, *args):
    code = cli.main(["--root", str(project), "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def row(data, group):
    return next(r for r in data["articles"] if r["id"] == group)


def snapshot(project):
    return {p.relative_to(project): p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


def kb70_page(outputs, project, folder="docs_fr"):
    return outputs[project / folder / "logging-in/temporary-passcode-validity.md"]


def front_matter(markdown):
    import yaml
    return yaml.safe_load(markdown.split("---\n")[1])


def render_notice(meta):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True)
    return env.get_template("partials/translation-notice.html").render(page=SimpleNamespace(meta=meta))


# --- units ------------------------------------------------------------------------------------------
def test_every_bilingual_text_is_a_unit_with_a_stable_key(project):
    found = entries(project)
    keys = [e.key for e in found]
    assert len(keys) == len(set(keys))
    # One walk, in one order: the articles, then interface texts, categories, glossary, flow.
    groups = [e.group if e.kind != "article" else "article" for e in found]
    order = ["article", "ui", "categories", "terms", "flow"]
    assert groups == sorted(groups, key=order.index)
    # Each unit's fingerprint is the one written next to its French in its file.
    for entry in found:
        if entry.unit.node is not None:
            assert entry.unit.origins.get("fr") == entry.unit.node.get("fr_from"), entry.key
    for prefix in ("KB70/", "ui/", "category/", "terms/", "flow/"):
        assert any(k.startswith(prefix) for k in keys), prefix
    assert "ui/translation_notice" in keys and "terms/client_portal" in keys
    # The flow's units are those of the flow's own loader, under the same keys.
    from kb.flow import load_flow
    flow = load_flow(project / "content/flow.yaml")
    assert {u.key for u in flow.units()} == {k for k in keys if k.startswith("flow/")}


def test_the_report_counts_units_per_article_and_in_total(unstamped, capsys):
    project = unstamped
    code, data = report(project, capsys)
    assert set(data) >= {"articles", "totals", "stale", "missing", "problems"}
    kb70 = row(data, "KB70")
    assert set(kb70) >= {"id", "translated", "stale", "missing"}
    assert {r["id"] for r in data["articles"]} >= {"KB70", "ui", "categories", "terms", "flow"}
    totals = data["totals"]
    assert totals["units"] == len(entries(project))
    for key in ("translated", "stale", "missing", "unverified"):
        assert totals[key] == sum(r[key] for r in data["articles"])
    assert totals["translated"] + totals["stale"] + totals["missing"] == totals["units"]
    # Nothing stamped yet: every French unit is unverified, counted as translated.
    assert totals["unverified"] == totals["translated"]
    # The readable table.
    cli.main(["--root", str(project)])
    text = capsys.readouterr().out
    assert re.search(r"^KB70\s+content/articles/temporary-passcode-validity.yaml\s+\d+\s+0\s+0\s+\d+$", text, re.M)
    assert re.search(r"^total\s+\d+", text, re.M)


# --- fingerprints ------------------------------------------------------------------------------
def test_accept_stamps_fingerprints_keeping_layout_quoting_and_comments(unstamped):
    project = unstamped
    # A text written with an escape ("A\u00a0B") keeps it when its unit is stamped.
    ui_file = project / "content/ui.yaml"
    ui_file.write_text(ui_file.read_text(encoding="utf-8") + 'escaped_sample: {en: "A\\u00a0B", fr: "A\\u00a0B"}\n',
                       encoding="utf-8")
    before = snapshot(project)
    stamped, problems, written = accept.accept(project, ["HC101", "KB70/intro", "ui", "categories", "terms",
                                                             "flow/start/question"])
    assert "KB70/intro" in stamped and "ui/note" in stamped and "flow/start/question" in stamped
    after = snapshot(project)
    memory_file = Path("content/translations/memory-fr.json")
    assert memory_file in after and memory_file not in before
    for path, data in after.items():
        if path == memory_file:
            continue
        # Removing the inserted fingerprints gives back the original file, byte for byte
        # (comments such as `# 2` in HC101, flow mappings, the escapes of flow.yaml).
        assert STAMP.sub("", data.decode()) == before[path].decode(), path
    for key in stamped:
        e = entry(project, key)
        assert e.state == "current"
        assert e.unit.origins["fr"] == fingerprint(e.unit.texts["en"])
    memory = json.loads((project / memory_file).read_text())
    assert "_generated" in memory
    intro = entry(project, "KB70/intro").unit
    assert memory["english"][intro.origins["fr"]] == intro.texts["en"]
    # Idempotent: a second run writes nothing.
    assert accept.accept(project, ["HC101", "KB70/intro"])[2] == []


def test_accept_without_ids_takes_the_unverified_units_never_a_stale_one(project):
    accept.accept(project, ["KB70/intro"])
    e = editable(project, "KB70", contains="out of reach")
    replace_text(e, "en", e.unit.texts["en"] + " Keep it safe.")
    chosen, _ = accept._select(entries(project), [], project / "content")
    keys = {c.key for c in chosen}
    assert "KB70/intro" not in keys
    assert keys == {c.key for c in entries(project) if c.state == "unverified"}
    with pytest.raises(SourceError, match="KB9999"):
        accept.accept(project, ["KB9999"])


def test_an_edited_english_unit_is_stale_with_its_old_and_new_english(project, capsys):
    accept.accept(project, ["KB70"])
    e = editable(project, "KB70", contains="out of reach")
    old = e.unit.texts["en"]
    new = old.replace("a short time", "a few days") if "a short time" in old else old + " Keep it safe."
    replace_text(e, "en", new)

    code, data = report(project, capsys)
    assert row(data, "KB70")["stale"] == 1
    assert data["totals"]["stale"] == 1
    [stale] = data["stale"]
    assert stale == {"unit": e.key, "file": "content/articles/temporary-passcode-validity.yaml",
                     "old_en": old, "new_en": new, "fr": e.unit.texts["fr"]}
    assert code == (1 if data["problems"] else 0)      # stale alone is not an error…
    assert cli.main(["--root", str(project), "--strict"]) == 1   # …but fails --strict
    text = capsys.readouterr().out
    assert f"old English: {old}" in text and f"new English: {new}" in text

    # The French page says so: status in the front matter, the notice's texts from ui.yaml.
    _, outputs, statuses = build_outputs(project)
    meta = front_matter(kb70_page(outputs, project))
    assert meta["translation"] == "stale"
    assert meta["translation_units"] == [e.key]
    ui = load_site(project / "content").ui
    assert meta["translation_notice"].startswith("Cette page n")
    assert meta["translation_notice_title"] == ui["translation_notice_title"].texts["fr"]
    english = front_matter(kb70_page(outputs, project, "docs"))
    assert "translation" not in english and "translation_notice" not in english

    # The theme override shows it on that page, never on an English or complete page.
    html = render_notice(meta)
    assert "kb-translation-notice" in html and "Cette page n&#39;est pas encore entièrement à jour" in html
    assert render_notice(english).strip() == ""
    complete = front_matter(outputs[project / "docs_fr/logging-in/client-portal-login-problems.md"])
    assert complete["translation"] == "complete" and render_notice(complete).strip() == ""

    # Accepting the unit again (its French checked) ends it.
    accept.accept(project, [e.key])
    code, data = report(project, capsys)
    assert data["totals"]["stale"] == 0
    _, outputs, _ = build_outputs(project)
    assert front_matter(kb70_page(outputs, project))["translation"] == "complete"
    assert "translation_notice" not in kb70_page(outputs, project)


def test_main_html_includes_the_notice_and_keeps_the_config_block():
    main = (ROOT / "overrides/main.html").read_text()
    assert "{% block config %}" in main
    assert re.search(r'{% block content %}\s*(?:{#.*?#}\s*)?{% include "partials/translation-notice.html" %}\s*{{ super\(\) }}', main, re.S)


def test_a_missing_french_unit_stops_a_release_build_and_falls_back_in_preview(project, capsys):
    e = editable(project, "KB70", contains="out of reach")
    text = e.file.read_text(encoding="utf-8")
    line = f'    fr: "{e.unit.texts["fr"]}"\n'
    assert line in text
    e.file.write_text(text.replace(line, ""), encoding="utf-8")
    code, data = report(project, capsys)
    assert row(data, "KB70")["missing"] == 1
    assert data["missing"][0]["unit"] == e.key
    with pytest.raises(SourceError, match=re.escape(e.key)):
        build_outputs(project)
    _, outputs, _ = build_outputs(project, strict=False)
    meta = front_matter(kb70_page(outputs, project))
    assert meta["translation"] == "fallback" and meta["translation_units"] == [e.key]
    assert "kb-translation-notice" in render_notice(meta)


def test_flow_and_glossary_texts_take_part(project, capsys):
    accept.accept(project, ["flow/start/question", "terms"])
    flow = entry(project, "flow/start/question")
    replace_text(flow, "en", "What went wrong?")
    term = editable(project, "terms")
    replace_text(term, "en", term.unit.texts["en"] + " (new)")
    code, data = report(project, capsys)
    assert row(data, "flow")["stale"] == 1 and row(data, "terms")["stale"] == 1
    assert {s["unit"] for s in data["stale"]} == {"flow/start/question", term.key}
    assert next(s for s in data["stale"] if s["unit"] == "flow/start/question")["old_en"] == flow.unit.texts["en"]


# --- reference checks -----------------------------------------------------------------------
def test_a_dropped_fact_reference_in_french_is_an_error_naming_the_unit(unstamped, capsys):
    project = unstamped
    e = editable(project, "KB70", lang="fr", contains="{{ facts.")
    fact = re.search(r"\{\{ facts\.[a-z_.]+ \}\}", e.unit.texts["fr"]).group(0)
    replace_text(e, "fr", e.unit.texts["fr"].replace(fact, "quelques", 1))
    problems = state.check_translations(load_site(project / "content"))
    mine = [p for p in problems if p.unit == e.key]
    assert len(mine) == 1
    assert fact in mine[0].message and "missing in French" in mine[0].message
    assert str(e.file) in str(mine[0])
    # `kb translations` refuses it too, and it cannot be accepted.
    assert cli.main(["--root", str(project)]) == 1
    assert e.key in capsys.readouterr().out
    stamped, refused, _ = accept.accept(project, [e.key])
    assert stamped == [] and refused[0].unit == e.key


def test_references_compare_facts_terms_links_tools_and_placeholders():
    en = "See {{ link('KB70') }} and {{ tool('access') }}: {{ facts.a.b }} {{ terms.x }} for {field}."
    assert difference(en, "Voir {{ link('KB70') }} et {{ tool('access') }} : {field}, {{ terms.x }} {{ facts.a.b }}.") is None
    # A link's or a tool's label is text to translate; its target is not.
    assert difference("{{ link('KB70', 'the overview') }}", "{{ link('KB70', 'la présentation') }}") is None
    assert difference("{{ tool('start', 'the troubleshooter') }}", "{{ tool('start') }}") is None
    assert "{{ link('KB70') }}" in difference("{{ link('KB70') }}", "{{ link('KB71') }}")
    assert "missing in French: {{ terms.x }}" in difference(en, en.replace("{{ terms.x }}", "x"))
    assert "not in the English: {{ facts.a.c }}" in difference("{{ facts.a.b }}", "{{ facts.a.b }} {{ facts.a.c }}")
    assert "{field}" in difference("Fill in {field}.", "Remplissez le champ.")
    assert "missing in French: {{ terms.x }}" in difference("{{ terms.x }} {{ terms.x }}", "{{ terms.x }}")
    assert "{{ terms.x }} ×2" in difference("{{ terms.x }} {{ terms.x }}", "")
    assert references("{{ facts.a }} {x} {{ link('HC1', 'y') }}") == {"{{ facts.a }}": 1, "{x}": 1, "{{ link('HC1') }}": 1}
    assert "bad expression" in compare_unit("{{ facts.a }}", "{{ facts.a ")[0]


def test_table_rows_are_compared_cell_by_cell():
    en = ["The first {{ facts.days }} days", "Full access"]
    assert compare_unit(en, ["Les {{ facts.days }} premiers jours", "Accès complet"]) == []
    assert compare_unit(en, ["Accès complet", "Les {{ facts.days }} premiers jours"]) == [
        "cell 1: missing in French: {{ facts.days }}", "cell 2: not in the English: {{ facts.days }}"]


# --- the site ------------------------------------------------------------------------------------
@pytest.mark.skipif(not (ROOT / "build/pyodide/pyodide-lock.json").exists(), reason="needs build/pyodide (make wheel)")
def test_the_built_french_page_shows_the_notice(project, tmp_path):
    accept.accept(project, ["KB70"])
    e = editable(project, "KB70", contains="out of reach")
    replace_text(e, "en", e.unit.texts["en"] + " Keep it safe.")
    from kb.generate import generate
    generate(project)
    for name in ("mkdocs.yml", "overrides", "kb", "troubleshooter"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / name)
    (project / "build").mkdir(exist_ok=True)     # kb generate keeps its cache there
    (project / "build/pyodide").symlink_to(ROOT / "build/pyodide")
    env = {"PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    french = (project / "site/fr/logging-in/temporary-passcode-validity/index.html").read_text()
    english = (project / "site/logging-in/temporary-passcode-validity/index.html").read_text()
    other = (project / "site/fr/logging-in/client-portal-login-problems/index.html").read_text()
    assert "kb-translation-notice" in french and "Cette page n&#39;est pas encore entièrement à jour" in french
    assert french.index("kb-translation-notice") < french.index("<h1")
    assert "kb-translation-notice" not in english and "kb-translation-notice" not in other
