"""The home page as a reader uses it, in both languages: the search box at the top searches,
and each top task opens the troubleshooter at the step it names (content/home.yaml)."""

import pytest

from kb.home import load_home
from kb.source import load_site
from troubleshooter import flow

from .test_search import result_links
from .troubleshooter_support import ROOT, wait_ready, wait_step

HOME = {"en": "/", "fr": "/fr/"}
TASKS = load_home(ROOT / "content", load_site(ROOT / "content")).tasks


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_top_task_opens_its_step_of_the_troubleshooter(site_url, page, lang):
    for task in TASKS:
        page.goto(site_url + HOME[lang])
        card = page.locator(f'.kb-tasks a[data-task="{task.id}"]')
        assert card.inner_text().strip(), task.id
        card.click()
        page.wait_for_url(f"**/troubleshooter/#/{task.troubleshooter}")
        wait_ready(page)
        wait_step(page, flow.step(task.troubleshooter.split("/"), lang)["node"])
        assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang, query, expected", [
    ("en", "locked", "logging-in/client-portal-login-problems/"),
    ("fr", "connexion bloquée", "logging-in/client-portal-login-problems/"),
])
def test_the_home_search_box_opens_the_search_with_what_is_typed(site_url, page, lang, query, expected):
    page.goto(site_url + HOME[lang])
    box = page.locator("#kb-search-input")
    assert box.is_visible()
    box.click()
    page.keyboard.type(query)
    dialog_input = page.locator("input.md-search__input")
    assert dialog_input.input_value() == query          # the reader goes on typing in the site's search
    page.wait_for_selector(".md-search-result__item")
    links = result_links(page)
    assert any(expected in link for link in links), links
    assert all(("/fr/" in link) == (lang == "fr") for link in links), links


def test_without_its_script_the_home_search_box_still_searches(site_url, page):
    """A plain form: sending it reloads the page with ?q=, which opens the site's search."""
    page.goto(f"{site_url}/fr/?q=verrouillage")
    page.wait_for_selector(".md-search-result__item")
    assert page.locator("input.md-search__input").input_value() == "verrouillage"
    assert page.get_attribute("form.kb-search", "action") == "./"
    assert page.get_attribute("#kb-search-input", "name") == "q"


def test_the_home_page_title_is_not_doubled(site_url, page):
    for lang in ("en", "fr"):
        page.goto(site_url + HOME[lang])
        title = page.title()
        assert title and title.count(" - ") == 0, title
