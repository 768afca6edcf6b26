"""The home page's layout (content/home.yaml), the breadcrumb, the "last updated" date and
the troubleshooter's search entries: the parts that are plain functions of the source."""

import subprocess
from datetime import date
from pathlib import Path

import pytest

from kb.errors import SourceError
from kb.formatting import format_date
from kb.generate import build_outputs
from kb.home import flow_node_after, load_home
from kb.page_context import breadcrumb, updated_line
from kb.page_dates import last_changed
from kb.search_index import troubleshooter_entries
from kb.source import load_site
from troubleshooter import flow

ROOT = Path(__file__).resolve().parents[2]


# --- home page ------------------------------------------------------------------------------
# What each top task means, as a reader would say it: the step of the troubleshooter it must
# open. (The lost phone with IB Key has no step of its own yet: see content/home.yaml.)
TASK_STEPS = {"locked-out": "lockout", "lost-device": "device", "passcode-stopped": "passcode-expired",
              "withdraw": "limits"}


def test_every_top_task_opens_the_step_it_promises():
    site = load_site(ROOT / "content")
    home = load_home(ROOT / "content", site)
    tasks = {t.id: t for t in home.tasks}
    assert set(TASK_STEPS) <= set(tasks)
    for task_id, node in TASK_STEPS.items():
        assert flow.step(tasks[task_id].troubleshooter.split("/"), "en")["node"] == node, task_id
    assert flow.step(tasks["lost-phone-ib-key"].troubleshooter.split("/"), "en")["node"] != "start"


def test_the_home_page_links_each_task_to_its_step_in_both_languages():
    _, outputs, _ = build_outputs(ROOT)
    home = load_home(ROOT / "content", load_site(ROOT / "content"))
    for folder in ("docs", "docs_fr"):
        text = outputs[ROOT / folder / "index.md"]
        for task in home.tasks:
            assert f"(troubleshooter.md#/{task.troubleshooter}){{ data-task=\"{task.id}\" }}" in text
        assert 'class="kb-search"' in text and "title:" not in text.split("---")[1]


def _break_home(project, old, new):
    path = project / "content/home.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old, new, message", [
    ("    troubleshooter: locked-out", "    troubleshooter: portal/nowhere", "'nowhere' is not an answer of step 'portal'"),
    ("icon: material-lock-alert-outline", "icon: material-no-such-icon", "unknown icon 'material-no-such-icon'"),
    ("troubleshooter: withdraw", "article: KB0", "unknown article 'KB0'"),
    ("  ib-key: material-cellphone-key\n", "", "category_icons/ib-key: unknown icon None"),
])
def test_a_bad_home_layout_stops_the_generator_naming_file_and_task(project, old, new, message):
    _break_home(project, old, new)
    with pytest.raises(SourceError) as error:
        load_home(project / "content", load_site(project / "content"))
    assert "home.yaml" in str(error.value) and message in str(error.value)


def test_a_flow_path_is_followed_answer_by_answer():
    flow = load_site(ROOT / "content").flow
    assert flow_node_after(flow, "portal/invalid/many") == "lockout"
    with pytest.raises(ValueError, match="not an answer of step 'start'"):
        flow_node_after(flow, "nowhere")
    with pytest.raises(ValueError, match="not an answer of step 'lockout'"):
        flow_node_after(flow, "portal/invalid/many/nowhere")


# --- breadcrumb -----------------------------------------------------------------------------
def test_the_breadcrumb_goes_home_category_page_in_the_pages_language():
    site = load_site(ROOT / "content")
    assert breadcrumb("logging-in/temporary-passcode-validity.md", "Durée", "fr", site, "Centre d'aide") == [
        ("Centre d'aide", "fr/"), ("Connexion", "fr/logging-in/"), ("Durée", "fr/logging-in/temporary-passcode-validity/")]
    assert breadcrumb("logging-in/index.md", "Logging in", "en", site, "Help centre") == [
        ("Help centre", ""), ("Logging in", "logging-in/")]
    assert breadcrumb("troubleshooter.md", "Guided troubleshooter", "en", site, "Help centre") == [
        ("Help centre", ""), ("Guided troubleshooter", "troubleshooter/")]
    assert breadcrumb("index.md", "Home", "en", site, "Help centre") == []
    # A static step page of the troubleshooter sits under it.
    assert breadcrumb("troubleshooter/step/portal/index.md", "Quoi ?", "fr", site, "Centre d'aide") == [
        ("Centre d'aide", "fr/"), ("Assistant de dépannage", "fr/troubleshooter/"),
        ("Quoi ?", "fr/troubleshooter/step/portal/")]


# --- last updated ---------------------------------------------------------------------------
def test_dates_are_written_the_way_each_language_writes_them():
    assert format_date(date(2026, 3, 5), "en") == "March 5, 2026"
    assert format_date(date(2026, 3, 5), "fr") == "5 mars 2026"
    line = updated_line(date(2026, 3, 5), "fr", "Dernière mise à jour le {date}")
    assert (line["before"], line["date"], line["after"], line["iso"]) == ("Dernière mise à jour le ", "5 mars 2026", "", "2026-03-05")


def _git(repo, *args, when=None):
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo, check=True,
                   capture_output=True, env={**__import__("os").environ, **env})


def test_the_last_change_of_a_source_file_is_its_last_commit(tmp_path):
    articles = tmp_path / "content/articles"
    articles.mkdir(parents=True)
    first, second = articles / "a.yaml", articles / "b.yaml"
    _git(tmp_path, "init", "-q")
    first.write_text("one")
    second.write_text("one")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "both", when="2026-01-10T12:00:00Z")
    second.write_text("two")
    _git(tmp_path, "commit", "-qam", "second only", when="2026-02-20T23:30:00Z")
    new = articles / "c.yaml"
    new.write_text("not committed")
    dates = last_changed([first, second, new], cwd=tmp_path)
    assert dates[first] == date(2026, 1, 10)
    assert dates[second] == date(2026, 2, 20)
    assert dates[new] == date.fromtimestamp(new.stat().st_mtime)     # not in git yet: its modification time


def test_without_git_the_modification_time_stands_in(tmp_path):
    file = tmp_path / "a.yaml"
    file.write_text("x")
    assert last_changed([file], cwd=tmp_path)[file] == date.fromtimestamp(file.stat().st_mtime)


# --- search entries of the troubleshooter ------------------------------------------------------
def test_every_question_and_calculator_of_the_flow_is_a_search_entry_at_its_step():
    names = {"access": "access timeline calculator", "lockout": "lockout check", "limits": "withdrawal-limit calculator",
             "username": "username check"}
    entries = troubleshooter_entries("en", flow.step, names)
    by_node = {flow.step(e["location"].split("#/")[1].split("/"), "en")["node"]: e for e in entries}
    expected = set()
    for path in flow.all_paths("en"):
        for depth in range(1, len(path["path"]) + 1):
            view = flow.step(path["path"][:depth], "en")
            if view["kind"] in ("question", "calculator"):
                expected.add(view["node"])
    assert expected and set(by_node) == expected
    assert "withdrawal-limit calculator" in by_node["limits"]["title"]
    assert by_node["lockout"]["title"].endswith("(lockout check)")
    assert all(e["location"].startswith("troubleshooter/#/") for e in entries)


def test_every_calculator_has_a_name_for_links_and_search():
    from kb.render import TOOLS as NAMED
    from troubleshooter.forms import TOOLS
    assert set(TOOLS) <= set(NAMED)


def test_each_language_gets_its_own_index_with_its_words_and_the_troubleshooters_entries(tmp_path):
    import json
    from kb.search_index import settings, write_language_indexes
    docs = [{"location": "", "title": "Home", "text": ""},
            {"location": "troubleshooter/", "title": "Troubleshooter", "text": ""},
            {"location": "logging-in/", "title": "Logging in", "text": ""},
            {"location": "fr/", "title": "Accueil", "text": ""},
            {"location": "fr/troubleshooter/", "title": "Assistant", "text": ""},
            {"location": "fr/logging-in/", "title": "Connexion", "text": ""}]
    (tmp_path / "search").mkdir()
    config = {"lang": ["en", "fr"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"], "fields": {}}
    (tmp_path / "search/search_index.json").write_text(json.dumps({"config": config, "docs": docs}))
    step = {"location": "troubleshooter/#/portal", "title": "Que se passe-t-il ?", "text": ""}
    write_language_indexes(tmp_path, {"fr": [step]})
    english = json.loads((tmp_path / "search/search_index.json").read_text())
    french = json.loads((tmp_path / "fr/search/search_index.json").read_text())
    assert [d["location"] for d in english["docs"]] == ["", "troubleshooter/", "logging-in/"]
    assert [d["location"] for d in french["docs"]] == ["", "troubleshooter/", "troubleshooter/#/portal", "logging-in/"]
    assert french["config"]["lang"] == ["fr"] and "stemmer" in french["config"]["pipeline"]
    assert french["config"]["separator"] == settings("fr")["separator"] and "'" in french["config"]["separator"]
