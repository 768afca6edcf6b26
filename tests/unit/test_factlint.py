"""The facts-registry lints (kb/factlint.py): unused facts, one decision stored twice,
citations checked against the seeds, and derived facts (kb/facts.py)."""

from pathlib import Path

import pytest

from kb.errors import SourceError
from kb.factlint import citation_problems, duplicate_facts, lint_facts, load_seeds, seeds_dir, unused_facts
from kb.facts import load_facts
from kb.formatting import tel_uri
from kb.source import load_site

ROOT = Path(__file__).resolve().parents[2]

HEAD = """sources:
  "000": {title: a, language: en, authority: provider}
  "001": {title: b, language: en, authority: provider}
conflicts:
  C4: {topic: {en: t, fr: t}, fact: base.one, used: {value: x, sources: ["000"]}, rejected: {value: y, sources: ["001"]}}
facts:
  base:
    one: {value: 2, kind: count, sources: ["000"]}
"""


def registry(tmp_path, facts):
    path = tmp_path / "facts.yaml"
    path.write_text(HEAD + facts, encoding="utf-8")
    return load_facts(path)


def messages(problems):
    return [p.message for p in problems]


# --- derived facts ------------------------------------------------------------------
def test_a_derived_fact_takes_its_value_and_sources_from_the_other(tmp_path):
    reg = registry(tmp_path, """  r:
    weeks: {value: 3, kind: weeks, sources: ["001"], conflict: C4}
    days: {derived_from: r.weeks, kind: days}
""")
    days = reg.get("r.days")
    assert (days.value, days.sources, days.conflict, days.derived_from) == (21, ("001",), "C4", "r.weeks")


def test_a_derived_fact_may_not_carry_its_own_value(tmp_path):
    with pytest.raises(SourceError, match="derived fact takes its value"):
        registry(tmp_path, """  r:
    weeks: {value: 3, kind: weeks, sources: ["001"]}
    days: {derived_from: r.weeks, kind: days, value: 20}
""")


def test_a_derivation_that_does_not_divide_evenly_is_refused(tmp_path):
    with pytest.raises(SourceError, match="cannot express"):
        registry(tmp_path, """  r:
    days: {value: 10, kind: days, sources: ["001"]}
    weeks: {derived_from: r.days, kind: weeks}
""")


def test_evidence_must_name_a_cited_seed(tmp_path):
    with pytest.raises(SourceError, match="not among its sources"):
        registry(tmp_path, """  r:
    days: {value: 10, kind: days, sources: ["001"], evidence: {"000": "ten days"}}
""")


# --- one decision, one fact -----------------------------------------------------------
def test_the_same_duration_in_two_units_for_one_conflict_is_reported(tmp_path):
    reg = registry(tmp_path, """  r:
    weeks: {value: 3, kind: weeks, sources: ["001"], conflict: C4}
    days: {value: 21, kind: days, sources: ["001"], conflict: C4}
""")
    assert any("'r.weeks' and 'r.days'" in m or "'r.days' and 'r.weeks'" in m for m in messages(duplicate_facts(reg)))


def test_a_derived_duration_is_not_a_duplicate(tmp_path):
    reg = registry(tmp_path, """  r:
    weeks: {value: 3, kind: weeks, sources: ["001"], conflict: C4}
    days: {derived_from: r.weeks, kind: days}
""")
    assert duplicate_facts(reg) == []


def test_different_durations_under_one_conflict_are_not_duplicates(tmp_path):
    reg = registry(tmp_path, """  r:
    weeks: {value: 2, kind: weeks, sources: ["001"], conflict: C4}
    days: {value: 21, kind: days, sources: ["001"], conflict: C4}
""")
    assert duplicate_facts(reg) == []


def test_one_telephone_number_written_two_ways_is_reported(tmp_path):
    reg = registry(tmp_path, """  c:
    a: {value: "1-877-442-2757", kind: phone, sources: ["000"]}
    b: {value: "1 (877) 442-2757", kind: phone, sources: ["001"]}
    other: {value: "+41-41-726-9500", kind: phone, sources: ["001"]}
""")
    found = messages(duplicate_facts(reg))
    assert len(found) == 1 and "'c.a' and 'c.b'" in found[0]


# --- unused facts ---------------------------------------------------------------------
def test_a_fact_read_by_no_text_and_no_engine_code_is_unused(tmp_path):
    reg = registry(tmp_path, """  r:
    used: {value: 2, kind: days, sources: ["000"]}
    by_engine: {value: 3, kind: days, sources: ["000"]}
    table:
      row: {daily: 5, window: 6, kind: usd, sources: ["000"]}
    idle: {value: 4, kind: days, sources: ["000"]}
""")
    found = messages(unused_facts(reg, {"r.used", "base.one"}, {"r.by_engine", "r.table"}))
    assert found == ["fact 'r.idle' is used by no text and not by the engine: use it or remove it"]


def test_a_fact_read_only_through_its_derived_form_is_used(tmp_path):
    reg = registry(tmp_path, """  r:
    weeks: {value: 3, kind: weeks, sources: ["001"]}
    days: {derived_from: r.weeks, kind: days}
""")
    assert unused_facts(reg, {"base.one"}, {"r.days"}) == []


# --- citations ------------------------------------------------------------------------
SEEDS = {"000": "The passcode gives full access for 2 days. Call 1-877-442-2757.",
         "001": "Tables: SMS | 200K USD | 600K USD |. It activates within three weeks."}


def test_a_value_the_seed_shows_passes(tmp_path):
    reg = registry(tmp_path, """  r:
    days: {value: 2, kind: days, sources: ["000"]}
    phone: {value: "1 (877) 442-2757", kind: phone, sources: ["000"]}
    sms: {daily: 200000, window: 600000, kind: usd, sources: ["001"]}
    weeks: {value: 3, kind: weeks, sources: ["001"], evidence: {"001": "within three weeks"}}
""")
    assert citation_problems(reg, SEEDS) == []


def test_a_seed_that_does_not_show_the_value_is_reported(tmp_path):
    reg = registry(tmp_path, """  r:
    days: {value: 2, kind: days, sources: ["001"]}
    wrong: {value: 20, kind: days, sources: ["000"]}
""")
    found = messages(citation_problems(reg, SEEDS))
    assert len(found) == 2
    assert "'r.days': seed 001 does not show the value 2" in found[0]
    # "2" is in seed 000, but 20 is not: a number is matched whole
    assert "'r.wrong': seed 000" in found[1]


def test_missing_evidence_words_are_reported(tmp_path):
    reg = registry(tmp_path, """  r:
    weeks: {value: 3, kind: weeks, sources: ["001"], evidence: {"001": "within four weeks"}}
""")
    assert "does not contain the evidence 'within four weeks'" in messages(citation_problems(reg, SEEDS))[0]


def test_without_seeds_the_citation_check_does_nothing(tmp_path):
    reg = registry(tmp_path, """  r:
    days: {value: 99, kind: days, sources: ["000"]}
""")
    assert citation_problems(reg, {}) == []
    assert load_seeds(tmp_path / "absent") == {}


def test_tel_uris():
    assert tel_uri("1-877-442-2757") == "tel:+18774422757"
    assert tel_uri("+41-41-726-9500") == "tel:+41417269500"
    assert tel_uri("00800-42-276537") == "tel:+80042276537"
    assert tel_uri("8-800-100-8556") == "tel:88001008556"


# --- the project's own registry ---------------------------------------------------------
def test_the_project_registry_has_no_unused_or_doubled_fact():
    site = load_site(ROOT / "content")
    problems, _ = lint_facts(site, ROOT, with_citations=False)
    assert messages(problems) == []


def test_the_project_citations_hold_against_the_seeds():
    seeds = load_seeds(seeds_dir(ROOT))
    if not seeds:
        pytest.skip(f"seeds not found at {seeds_dir(ROOT)} (set KB_SEEDS): citation check not run")
    site = load_site(ROOT / "content")
    assert messages(citation_problems(site.facts, seeds)) == []
