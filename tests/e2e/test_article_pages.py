"""Article pages in both languages: a breadcrumb (help centre › category › article) and the
date of the article's last change, in the reader's language."""

import re
import subprocess
from datetime import datetime, timezone

import pytest
from babel.dates import format_date

from .troubleshooter_support import ROOT

ARTICLE = "logging-in/temporary-passcode-validity/"
SOURCE = ROOT / "content/articles/temporary-passcode-validity.yaml"
CASES = [("en", "/", ["Help centre", "Logging in"], "en_US"),
         ("fr", "/fr/", ["Centre d'aide", "Connexion"], "fr_FR")]


@pytest.mark.parametrize("lang, prefix, crumbs, locale", CASES)
def test_an_article_has_a_breadcrumb_in_its_language(site_url, page, lang, prefix, crumbs, locale):
    page.goto(site_url + prefix + ARTICLE)
    nav = page.locator("nav.kb-breadcrumb")
    labels = [t.strip() for t in nav.locator("li").all_inner_texts()]
    assert labels[:2] == crumbs and labels[2] == page.locator("h1").inner_text().rstrip("¶").strip()
    hrefs = [page.evaluate("a => a.href", a) for a in nav.locator("a").element_handles()]
    assert hrefs == [site_url + prefix, site_url + prefix + "logging-in/", site_url + prefix + ARTICLE]
    assert nav.locator("a").last.get_attribute("aria-current") == "page"


@pytest.mark.parametrize("lang, prefix, crumbs, locale", CASES)
def test_an_article_says_when_it_last_changed_in_its_language(site_url, page, lang, prefix, crumbs, locale):
    page.goto(site_url + prefix + ARTICLE)
    stamp = subprocess.run(["git", "log", "-1", "--format=%ct", "--", str(SOURCE)], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    day = (datetime.fromtimestamp(int(stamp), timezone.utc).date() if stamp
           else datetime.fromtimestamp(SOURCE.stat().st_mtime, timezone.utc).date())
    time = page.locator(".kb-updated time")
    assert time.get_attribute("datetime") == day.isoformat()
    assert time.inner_text() == format_date(day, format="long", locale=locale)
    line = page.locator(".kb-updated").inner_text()
    assert re.match(r"^Last updated on " if lang == "en" else r"^Dernière mise à jour le ", line), line


def test_the_home_page_has_neither_breadcrumb_nor_date(site_url, page):
    for prefix in ("/", "/fr/"):
        page.goto(site_url + prefix)
        assert page.locator("nav.kb-breadcrumb").count() == 0
        assert page.locator(".kb-updated").count() == 0
