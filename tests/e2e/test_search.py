"""Search that finds, per language: French words match whatever their ending (bloqué,
bloquée, bloquer), the results that hold every word come first, and the troubleshooter's
questions and calculators are results too (kb/search_index.py,
overrides/assets/javascripts/workers/help-centre-search.js)."""

import re

import pytest

LOCKOUT = ("logging-in/client-portal-login-problems/", "troubleshooter/#/portal/invalid")


def _without_query(links):
    """Result links without the ?h=… the theme adds for highlighting on the target page."""
    return [re.sub(r"\?[^#]*", "", link) for link in links]


def result_links(page):
    """Every result link in the order shown (pages and their sections)."""
    return _without_query(page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)"))


def search(page, site_url, lang, query):
    """The results for `query`, typed in at once: the search runs once, on the whole query
    (typed key by key, each key would show the results of the query so far)."""
    page.goto(site_url + ("/fr/" if lang == "fr" else "/"))
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")              # the theme searches on key-up
    page.wait_for_selector(".md-search-result__item")
    return page


def first_result(page):
    item = page.locator(".md-search-result__item").first
    return item.inner_text(), _without_query(item.locator("a").evaluate_all("els => els.map(e => e.href)"))


@pytest.mark.parametrize("query", ["connexion bloquée", "bloqué après trop de tentatives"])
def test_french_search_finds_the_lockout_first(site_url, page, query):
    search(page, site_url, "fr", query)
    text, links = first_result(page)
    assert any(target in link for link in links for target in LOCKOUT), (text, links)
    # Neither the page nor its best section (the first two links) lacks the word: no
    # "Non trouvé : bloquée" on top.
    best = page.locator(".md-search-result__item").first.locator("a")
    missing = [w for i in range(min(2, best.count())) for w in best.nth(i).locator(".md-search-result__terms del").all_inner_texts()]
    assert not [w for w in missing if w.startswith("bloqu")], text
    before_dsc = result_links(page)
    dsc = [i for i, link in enumerate(before_dsc) if "replacement-dsc-plus" in link]
    assert not dsc or dsc[0] > len(links), before_dsc


@pytest.mark.parametrize("word", ["bloqué", "bloquée", "bloquer"])
def test_french_search_matches_every_form_of_a_word(site_url, page, word):
    """The lockout section says "bloqué", the troubleshooter "bloquée": any form finds both."""
    search(page, site_url, "fr", word)
    links = result_links(page)
    assert any("client-portal-login-problems" in link for link in links), links
    assert any("troubleshooter/" in link and "#/portal/invalid" in link for link in links), links


@pytest.mark.parametrize("lang, name, node_path", [
    ("en", "withdrawal-limit calculator", "#/withdraw"),
    ("fr", "calculateur de limites de retrait", "#/withdraw"),
    ("en", "access timeline calculator", "#/"),
    ("fr", "calculateur de période d'accès", "#/"),
])
def test_searching_a_calculator_by_name_finds_the_troubleshooter(site_url, page, lang, name, node_path):
    search(page, site_url, lang, name)
    _, links = first_result(page)
    assert any("/troubleshooter/" in link and node_path in link for link in links), links
    assert all(("/fr/" in link) == (lang == "fr") for link in result_links(page))
