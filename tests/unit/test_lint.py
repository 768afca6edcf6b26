"""The bare-number lint: numbers in prose must be fact references."""

import yaml

from kb.lint import bare_numbers, lint_site
from kb.source import load_site


def test_the_real_articles_have_no_bare_number():
    site = load_site("content")
    assert lint_site(site) == []


def test_a_planted_bare_number_is_reported_with_article_unit_and_number(project):
    path = project / "content/articles/temporary-passcode-validity.yaml"
    data = yaml.safe_load(path.read_text())
    unit = data["body"][0]
    unit["fr"] = unit["fr"] + " Le code expire après 48 heures."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    problems = lint_site(load_site(project / "content"))
    assert len(problems) == 1
    message = str(problems[0])
    assert "temporary-passcode-validity.yaml" in message and f"KB70/{unit['id']}" in message and "'48'" in message


def test_expressions_ordinals_and_link_targets_are_not_numbers():
    assert bare_numbers("Wait {{ facts.lockout.duration_hours }} hours, the 2nd time too.", "en") == []
    assert bare_numbers("C'est la 1re fois, la 2e fois.", "fr") == []
    assert bare_numbers("See [the page](../kb/1131.md).", "en") == []
    assert bare_numbers("Call 1-877-442-2757.", "en")
    assert "24" in bare_numbers("wait 24 h", "en")
    assert bare_numbers("IBKR M2FS", "en") == []
