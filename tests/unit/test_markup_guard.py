"""The allowlist's verdict on a page's HTML (kb/markup.py html_problem, which the build's
guard kb/markup_guard.py runs on every page): its quick answers for HTML the sanitiser
keeps as it is must be the verdicts of the full comparison."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from kb import markup, markup_guard


def _full_comparison(html, page=False):
    """The verdict without the quick answers: the page's tokens against the sanitiser's."""
    return markup.removed_fragment(html, markup.clean(html, page))


ACCEPTED = [
    '<h2 id="a">Title<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2><p>Text &amp; more</p>',
    '<table><thead><tr><th style="text-align: right;">Daily</th></tr></thead><tbody><tr><td style="text-align: right;">'
    '1\u202f000</td></tr></tbody></table>',
    '<div class="tabbed-set" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" />'
    '<label for="__tabbed_1_1">SMS</label></div>',
    "<p>Plain &lt;b&gt; shown as text, ¶ typed as is</p>",
]
REFUSED = [
    ('<h2 id="a">T<a href="#a">&para;</a></h2><script>alert(1)</script>', "<script>"),
    ('<p>Text</p><!-- &para; -->', "<!-- &para; -->"),       # a comment, where &para; is not the character
    ('<p>See <a href="javascript:alert(1)">this</a> &para;</p>', '<a href="javascript:alert(1)">'),
    ('<p onclick="x()">&para;</p>', '<p onclick="x()">'),
    ('<img src="x.png"><p>&para;</p>', '<img src="x.png">'),
]


@pytest.mark.parametrize("html", ACCEPTED)
def test_html_the_allowlist_keeps_is_accepted_as_the_full_comparison_accepts_it(html):
    assert _full_comparison(html, page=True) is None
    assert markup.html_problem(html, page=True) is None


@pytest.mark.parametrize("html, fragment", REFUSED)
def test_refused_html_is_named_by_the_same_fragment(html, fragment):
    assert _full_comparison(html, page=True) == fragment
    assert markup.html_problem(html, page=True) == fragment


def test_the_guard_stops_the_build_naming_the_page_and_the_fragment():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="logging-in/x.md"))
    assert markup_guard.check_page(ACCEPTED[0], page) == ACCEPTED[0]
    with pytest.raises(PluginError, match=r"logging-in/x\.md: forbidden markup '<script>'"):
        markup_guard.check_page(REFUSED[0][0], page)
