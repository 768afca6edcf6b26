"""A text cut at its expressions (kb/expressions.py `_plain_parts`) gives Jinja's own answer,
or no answer: never another one. Checked on every text of content/ and on generated texts
built from the characters that change how Jinja reads a text."""

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kb import expressions
from kb.source import load_site

ROOT = Path(__file__).resolve().parents[2]


def _jinja(text):
    """Jinja's answer for the whole text: its parts, or the error's message."""
    try:
        return expressions._jinja_parts(text)
    except expressions.ExpressionError as exc:
        return f"error: {exc}"


def _source_texts():
    """Every text of content/ that holds an expression, in every language (Site.units())."""
    texts = set()
    for entry in load_site(ROOT / "content").units():
        for value in entry.unit.texts.values():
            texts.update(text for text in (value if isinstance(value, list) else [value]) if "{{" in text)
    return sorted(texts)


def test_every_text_of_the_source_is_cut_as_jinja_reads_it():
    texts = _source_texts()
    assert len(texts) > 50
    quick = {text: expressions._plain_parts(text) for text in texts}
    assert sum(parts is not None for parts in quick.values()) > len(texts) * 0.9    # the quick way is the usual one
    for text, parts in quick.items():
        if parts is not None:
            assert parts == _jinja(text), text


@pytest.mark.parametrize("text", [
    "a {{- facts.x.y }} b", "a {{ facts.x.y -}} b", "a {# note #} {{ terms.x }}", "{{ terms.x }}\n",
    "a\r\n{{ terms.x }}", "{{ link('A', 'b }} c') }}", "{{ {'a': 1} }}", "x }} {{ terms.x }}", "{{ terms.x",
    "{{ facts.x | upper }}", "{{ 7*7 }}", "{{ }}", "{{+ terms.x }}",
])
def test_what_only_jinja_can_tell_is_left_to_it(text):
    assert expressions._plain_parts(text) is None


PIECES = st.sampled_from(["{{", "}}", "{", "}", "-", "+", "#", "{#", "#}", " ", "\n", "\r", "'", '"', "(", ")", ",",
                          "facts.a.b", "terms.c", "link('K1')", "tool('limits', 'go')", "x", "é", "|", "[0]", "*"])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_a_generated_text_gets_jinjas_answer_or_none(text):
    parts = expressions._plain_parts(text)
    if parts is not None:
        assert parts == _jinja(text)
