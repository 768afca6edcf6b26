"""The contact block (ui.yaml `contact_title`/`contact_block`): outcomes of the flow that
send the reader to the telephone must end with it, the export appends it, and articles that
say help is by telephone only carry it."""

from pathlib import Path

import yaml

from kb.flow import export_flow, read_flow
from kb.units import Unit
from kb.source import load_site
from tests.unit.test_flowsource import ARTICLES, FLOW, articles_map, node, refused, source, stub_render

ROOT = Path(__file__).resolve().parents[2]
CONTACT = {"title": Unit("flow/contact-title", {"en": "Contact", "fr": "Contact FR"}),
           "body": Unit("flow/contact-body", {"en": "Call {{ facts.contact.support_page }}", "fr": "Appelez"})}


def test_an_outcome_that_says_call_without_the_contact_block_is_refused(tmp_path):
    data = source()
    del node(data, "locked")["contact"]
    error = refused(tmp_path, data)
    assert error.unit == "locked" and "contact: true" in error.message


def test_contact_must_be_true_or_false(tmp_path):
    data = source()
    node(data, "locked")["contact"] = "yes"
    assert "'contact' is true or false" in refused(tmp_path, data).message


def test_the_export_appends_the_block_only_where_asked():
    data = export_flow(read_flow(FLOW, ARTICLES), stub_render, articles_map(), CONTACT)
    locked, ok = data["nodes"]["locked"]["body"], data["nodes"]["withdrawal-ok"]["body"]
    assert locked["en"].endswith('<div class="admonition info contact"><p class="admonition-title">Contact</p>'
                                 "<p>Call @en:contact.support_page@</p></div>")
    assert "Contact FR" in locked["fr"]
    assert "admonition info contact" not in ok["en"]


def english(tree):
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key == "en" and isinstance(value, str):
                yield value
            else:
                yield from english(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from english(value)


def test_the_lost_phone_outcomes_fit_a_phone():
    flow = yaml.safe_load(FLOW.read_text(encoding="utf-8"))
    for node_id in ("phone-activate", "phone-temp-access"):
        outcome = node(flow, node_id)
        text = " ".join(english(outcome))
        assert "HC123" in outcome["read"] and "KB2204" not in outcome["read"]      # no DSC+ replacement
        assert "replacement.shipping" not in text                                # no days of shipping
        assert "withdrawal.limits" in text or "withdrawal limit applies" in text


def test_articles_that_send_readers_to_the_telephone_carry_the_contact_block():
    site = load_site(ROOT / "content")
    missing = []
    for article in site.articles:
        english = " ".join(u.texts.get("en", "") if isinstance(u.texts.get("en"), str) else " ".join(u.texts.get("en", []))
                           for u in article.units())
        says_phone_only = "only by telephone" in english or "by telephone only" in english
        has_block = any(u.type == "contact" for u in article.body)
        if says_phone_only and not has_block and article.id != "HC150":
            missing.append(article.id)
    assert missing == []
