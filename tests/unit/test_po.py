"""The PO round trip (kb/i18n/po.py) with Babel's catalog API: export every unit (msgctxt = unit
key), translate in a catalog, import back into the source YAML. Untouched catalogs change
nothing; fuzzy entries are not imported; unknown contexts and broken references stop the
import with nothing written. All on a throw-away copy of content/ (the `project` fixture)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from kb.i18n import accept, po, report as status, state
from kb.errors import SourceError
from kb.fingerprint import fingerprint
from kb.generate import build_outputs
from kb.source import load_site


# --- helpers ---------------------------------------------------------------------------------------
def entries(project):
    return {e.key: e for e in state.collect(load_site(project / "content"))}


def editable(project, group, lang="en", contains="", kind=str):
    for e in entries(project).values():
        value = e.unit.texts.get(lang)
        if e.group == group and isinstance(value, kind) and contains in str(value):
            written = f'{lang}: "{value}"' if kind is str else f"{lang}: {json.dumps(value, ensure_ascii=False)}"
            if written in e.file.read_text(encoding="utf-8"):
                return e, written
    pytest.skip(f"no editable {lang} unit in {group}")


def rewrite(e, old, new):
    text = e.file.read_text(encoding="utf-8")
    assert text.count(old) == 1
    e.file.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(project):
    return {p.relative_to(project): p.read_bytes() for p in sorted((project / "content").rglob("*")) if p.is_file()}


def export(project, tmp_path, **kw):
    out, _ = po.export(project, tmp_path / "fr.po", **kw)
    with open(out, "rb") as f:
        return out, read_po(f)


def save(catalog, path):
    with open(path, "wb") as f:
        write_po(f, catalog, include_previous=True)
    return path


def message(catalog, context):
    return next(m for m in catalog if m.context == context)


def french_page(outputs, project):
    return outputs[project / "docs_fr/logging-in/temporary-passcode-validity.md"]


# --- export ------------------------------------------------------------------------------------------
def test_export_has_one_message_per_unit_keyed_by_its_stable_name(project, tmp_path):
    out, catalog = export(project, tmp_path)
    messages = [m for m in catalog if m.id]
    contexts = [m.context for m in messages]
    assert len(contexts) == len(set(contexts))
    units = entries(project)
    expected = set()
    for key, e in units.items():
        english = e.unit.texts["en"]
        expected |= {f"{key}#{n}" for n in range(1, len(english) + 1)} if isinstance(english, list) else {key}
    assert set(contexts) == expected
    intro = message(catalog, "KB70/intro")
    assert intro.id == units["KB70/intro"].unit.texts["en"]
    assert intro.string == units["KB70/intro"].unit.texts["fr"]
    assert not intro.fuzzy
    # A table row: one message per cell, `<key>#<cell>`.
    row = next(e for e in units.values() if e.group == "KB70" and isinstance(e.unit.texts["en"], list))
    cell = message(catalog, f"{row.key}#2")
    assert (cell.id, cell.string) == (row.unit.texts["en"][1], row.unit.texts["fr"][1])
    assert any(m.context.startswith("flow/") for m in messages) and any(m.context.startswith("ui/") for m in messages)
    assert str(catalog.locale) == "fr"


def test_export_then_import_without_edits_changes_nothing(project, tmp_path):
    # With stamped, unverified and stale (fuzzy) units all present.
    accept.accept(project, ["KB70"])
    e, written = editable(project, "KB70", contains="out of reach")
    rewrite(e, written, written[:-1] + ' Keep it safe."')
    before = snapshot(project)
    out, catalog = export(project, tmp_path)
    assert message(catalog, e.key).fuzzy
    summary = po.import_po(project, out)
    assert summary["imported"] == [] and summary["written"] == []
    assert snapshot(project) == before
    # The same through the command line.
    assert po.main(["--root", str(project), "export", "fr", "--out", str(tmp_path / "cli.po")]) == 0
    assert po.main(["--root", str(project), "import", "fr", str(tmp_path / "cli.po")]) == 0
    assert snapshot(project) == before


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_gettext_accepts_the_catalog_including_previous_msgids(project, tmp_path):
    accept.accept(project, ["KB70"])
    e, written = editable(project, "KB70", contains="out of reach")
    rewrite(e, written, written[:-1] + ' Keep it safe."')
    out, catalog = export(project, tmp_path)
    assert message(catalog, e.key).fuzzy
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The hard cases of a previous msgid: line breaks, quotes, a word longer than a line.
    previous = 'Old "line" one\n' + "x" * 120 + "\nend"
    catalog.add("Line one\nLine two", "Ligne un\nLigne deux", flags={"fuzzy"}, previous_id=previous, context="test/multi")
    path = tmp_path / "hard.po"
    path.write_bytes(po.catalog_bytes(catalog))
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # gettext reads the previous msgid back exactly (msgcat re-writes it unwrapped).
    result = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, text=True, check=True)
    block = result.stdout[:result.stdout.index('msgctxt "test/multi"')].rsplit("#, fuzzy", 1)[1]
    pieces = re.findall(r'^#\| (?:msgid )?"(.*)"$', block, re.M)
    assert "".join(pieces).encode().decode("unicode_escape") == previous


# --- the translator's round trip ------------------------------------------------------------------
def test_a_stale_unit_goes_out_fuzzy_and_comes_back_translated(project, tmp_path, capsys):
    accept.accept(project, ["KB70"])
    e, written = editable(project, "KB70", contains="out of reach")
    old = e.unit.texts["en"]
    new = old.replace("a short time", "a few days") if "a short time" in old else old + " Keep it safe."
    rewrite(e, written, f'en: "{new}"')
    _, outputs, _ = build_outputs(project)
    assert "translation_notice" in french_page(outputs, project)
    before = {p: t for p, t in snapshot(project).items()}

    out, catalog = export(project, tmp_path)
    entry = message(catalog, e.key)
    assert entry.fuzzy and entry.id == new and entry.string == e.unit.texts["fr"]
    text = out.read_text(encoding="utf-8")
    block = text[text.index(f'msgctxt "{e.key}"') - 2000:text.index(f'msgctxt "{e.key}"')]
    assert "#, fuzzy" in block and "#| msgid" in block          # the previous English, for the translator
    previous = "".join(re.findall(r'^#\| (?:msgid )?"(.*)"$', block.split("#, fuzzy")[-1], re.M))
    assert previous == old

    # The translator updates the French and clears the fuzzy flag, with Babel.
    french = e.unit.texts["fr"].replace("une courte durée", "quelques jours") + " Conservez-le en lieu sûr."
    entry.string = french
    entry.flags.discard("fuzzy")
    summary = po.import_po(project, save(catalog, tmp_path / "done.po"))
    assert summary["imported"] == [e.key]

    unit = entries(project)[e.key].unit
    assert unit.texts["fr"] == french and unit.origins["fr"] == fingerprint(new)
    data = status.report(load_site(project / "content"), project)
    assert data["totals"]["stale"] == 0
    memory = json.loads((project / "content/translations/memory-fr.json").read_text())
    assert memory["english"][fingerprint(new)] == new
    assert fingerprint(old) not in memory["english"]              # no unit refers to it any more
    _, outputs, _ = build_outputs(project)
    page = french_page(outputs, project)
    assert 'translation: "complete"' in page and "translation_notice" not in page
    # Only that unit's French and fingerprint changed in its file.
    after = snapshot(project)
    path = e.file.relative_to(project)
    changed = [(a, b) for a, b in zip(before[path].decode().splitlines(), after[path].decode().splitlines()) if a != b]
    assert len(changed) == 2 and all(re.match(r"\s*(fr|fr_from): ", b) for _, b in changed)
    assert [p for p in after if after[p] != before.get(p)] == [path, Path("content/translations/memory-fr.json")]


def test_fuzzy_and_empty_entries_are_not_imported(project, tmp_path):
    accept.accept(project, ["KB70"])
    e, written = editable(project, "KB70", contains="out of reach")
    rewrite(e, written, written[:-1] + ' Keep it safe."')
    out, catalog = export(project, tmp_path)
    message(catalog, e.key).string = "Traduction pas encore relue."           # still fuzzy
    other = next(m for m in catalog if m.context == "KB70/title")
    other.string = ""
    before = snapshot(project)
    summary = po.import_po(project, save(catalog, tmp_path / "fuzzy.po"))
    assert summary["imported"] == [] and summary["fuzzy"] == 1 and summary["untranslated"] == 1
    assert snapshot(project) == before


def test_a_missing_french_unit_is_filled_in_keeping_the_file_layout(unstamped, tmp_path):
    project = unstamped
    e, written = editable(project, "KB70", lang="fr", contains="votre")
    original = e.file.read_text(encoding="utf-8")
    line = re.search(r"^ *" + re.escape(written) + r"\n", original, re.M).group(0)
    indent = line[:len(line) - len(line.lstrip())]
    rewrite(e, line, "")
    _, catalog = export(project, tmp_path, pending=True)
    [entry] = [m for m in catalog if m.id]
    assert entry.context == e.key and entry.string == ""
    entry.string = e.unit.texts["fr"]
    po.import_po(project, save(catalog, tmp_path / "filled.po"))
    text = e.file.read_text(encoding="utf-8")
    assert text == original.replace(line, f'{line}{indent}fr_from: "{fingerprint(e.unit.texts["en"])}"\n')


def test_a_table_row_is_imported_cell_by_cell(project, tmp_path):
    e = next(e for e in entries(project).values() if isinstance(e.unit.texts["en"], list)
             and re.search(r"\{id: " + re.escape(e.unit.id) + r", en: \[", e.file.read_text(encoding="utf-8")))
    _, catalog = export(project, tmp_path)
    cells = [message(catalog, f"{e.key}#{n}") for n in range(1, len(e.unit.texts["en"]) + 1)]
    cells[-1].string = cells[-1].string + " (révisé)"
    po.import_po(project, save(catalog, tmp_path / "row.po"))
    unit = entries(project)[e.key].unit
    assert unit.texts["fr"] == [*e.unit.texts["fr"][:-1], e.unit.texts["fr"][-1] + " (révisé)"]
    assert unit.origins["fr"] == fingerprint(e.unit.texts["en"])
    assert re.search(r'\{id: ' + re.escape(e.unit.id) + r', en: \[.*\], fr: \[.*\], fr_from: "[0-9a-f]{12}"\}$',
                     e.file.read_text(encoding="utf-8"), re.M), "the row keeps its one-line flow style"


# --- refusals (nothing written) ------------------------------------------------------------------
def test_unknown_contexts_are_named_and_nothing_is_written(project, tmp_path):
    _, catalog = export(project, tmp_path)
    message(catalog, "KB70/title").string = "Un titre changé"
    catalog.add("Ghost", "Fantôme", context="KB9999/ghost")
    catalog.add("Ghost cell", "Cellule", context="KB70/title#3")
    before = snapshot(project)
    with pytest.raises(SourceError) as info:
        po.import_po(project, save(catalog, tmp_path / "unknown.po"))
    assert "KB9999/ghost" in str(info.value) and "KB70/title#3" in str(info.value)
    assert snapshot(project) == before
    assert po.main(["--root", str(project), "import", "fr", str(tmp_path / "unknown.po")]) == 1


def test_a_dropped_reference_in_a_translation_is_refused(project, tmp_path, capsys):
    e, _ = editable(project, "KB70", lang="fr", contains="{{ facts.")
    _, catalog = export(project, tmp_path)
    fact = re.search(r"\{\{ facts\.[a-z_.]+ \}\}", e.unit.texts["fr"]).group(0)
    message(catalog, e.key).string = e.unit.texts["fr"].replace(fact, "quelques")
    message(catalog, "KB70/title").string = "Un titre changé"
    before = snapshot(project)
    path = save(catalog, tmp_path / "dropped.po")
    with pytest.raises(SourceError) as info:
        po.import_po(project, path)
    assert e.key in str(info.value) and fact in str(info.value)
    assert snapshot(project) == before
    assert po.main(["--root", str(project), "import", "fr", str(path)]) == 1
    assert e.key in capsys.readouterr().err


def test_other_languages_and_broken_files_are_refused(project, tmp_path, capsys):
    assert po.main(["--root", str(project), "export", "de"]) == 1
    bad = tmp_path / "bad.po"
    bad.write_text('msgctxt "KB70/title"\nmsgid "x"\nmsgstr "y"\nnot po at all\n', encoding="utf-8")
    assert po.main(["--root", str(project), "import", "fr", str(bad)]) == 1
    assert "bad.po" in capsys.readouterr().err
