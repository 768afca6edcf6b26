"""Customer journeys that must end in an answer, in both languages, each in at most five
answers: a reader picks the answers that match their words (the label is checked, not only
the answer id), and the outcome carries what they came for.

(a) "I lost my phone with IB Key and must withdraw 300,000 USD this week": an outcome that
    points to the lost-phone article and says what is known about withdrawals meanwhile.
(b) "Je suis bloqué après trop de tentatives" (and its English twin): an outcome with the
    contact block, whose link leads to the regional numbers, each a tel: link."""

import re
from urllib.parse import urljoin

import pytest

from .troubleshooter_support import LANGS, click_answer, nodes_along, plain, ready_page_cache, wait_step

MAX_ANSWERS = 5

# (answer id, words the reader recognises in its label), per language
LOST_PHONE = {
    "en": [("no-device", "not with me"), ("lost-phone", "phone with IB Key"), ("no-phone", "Not yet")],
    "fr": [("no-device", "Je n'ai pas mon"), ("lost-phone", "téléphone avec IB Key"), ("no-phone", "Pas encore")],
}
LOCKED_OUT = {
    "en": [("portal", "cannot log in"), ("invalid", "Invalid user name"), ("many", "locked"), ("locked", "is locked")],
    "fr": [("portal", "n'arrive pas à me connecter"), ("invalid", "Invalid user name"), ("many", "bloquée"),
           ("locked", "est bloquée")],
}
WITHDRAWAL_NOTE = {"en": "which withdrawal limit applies", "fr": "quelle limite de retrait s'applique"}
CONTACT_TITLE = {"en": "Contact Client Services", "fr": "Contacter le Service clientèle"}


@pytest.fixture(scope="module")
def ready_pages(browser, site_url):
    ctx = browser.new_context()
    yield ready_page_cache(ctx, site_url)
    ctx.close()


def open_beside(page, href):
    """Open a link of the troubleshooter in a new tab, leaving the shared page where it is."""
    other = page.context.new_page()
    other.goto(urljoin(page.url.split("#")[0], href))
    return other


def walk(page, journey, lang):
    """Click the journey's answers from the start, checking each label reads as expected;
    returns the outcome step."""
    path = [answer for answer, _ in journey]
    assert len(path) <= MAX_ANSWERS
    page.evaluate("location.hash = '#/'")
    nodes = nodes_along(path, lang)
    wait_step(page, nodes[0])
    for i, (answer, words) in enumerate(journey):
        button = page.locator(f'.ts-step[data-step="{nodes[i]}"] [data-answer="{answer}"]')
        assert words.lower() in plain(button.inner_text()).lower(), (lang, answer)
        click_answer(page, nodes[i], answer)
        wait_step(page, nodes[i + 1])
    step = page.locator(".ts-step")
    assert step.get_attribute("data-kind") == "outcome"
    return step


@pytest.mark.parametrize("lang", LANGS)
def test_lost_phone_and_a_withdrawal_this_week(ready_pages, lang):
    page = ready_pages(lang)
    step = walk(page, LOST_PHONE[lang], lang)
    text = plain(step.inner_text())
    assert WITHDRAWAL_NOTE[lang] in text
    # a phone is not shipped: no delivery delay, no card replacement in this outcome
    assert not re.search(r"\b14\b", text)
    hrefs = [a.get_attribute("href") for a in step.locator("a").all()]
    lost_phone = [h for h in hrefs if h and "ib-key/lost-phone-ib-key/" in h]
    assert lost_phone, hrefs
    assert not [h for h in hrefs if h and "replacement-dsc-plus" in h]
    # the article it points to is the lost-phone article, in the same language
    article = open_beside(page, lost_phone[0])
    assert "IB Key" in article.title()
    assert article.locator(f'html[lang^="{lang}"]').count() == 1
    article.close()


@pytest.mark.parametrize("lang", LANGS)
def test_locked_out_after_too_many_attempts_gets_the_contact_block(ready_pages, lang):
    page = ready_pages(lang)
    step = walk(page, LOCKED_OUT[lang], lang)
    block = step.locator(".admonition.contact")
    assert block.count() == 1
    assert CONTACT_TITLE[lang] in plain(block.inner_text())
    link = block.locator('a[href*="contact-client-services"]')
    assert link.count() == 1
    page = open_beside(page, link.get_attribute("href"))
    # the regional list, not one number alone: several regions, every number dials
    tel_links = page.locator('article a[href^="tel:"]')
    assert tel_links.count() >= 8
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 5
    regions = plain(page.locator("article table").inner_text())
    assert ("Europe" in regions) and (("Japan" in regions) if lang == "en" else ("Japon" in regions))
    page.close()
