"""The one renderer of the troubleshooter's steps (kb/steps.py) and the page's data built from
it (kb/troubleshooter_pages.py): every step of the flow, as question pages, in both languages."""

import html
import json
import re

from pathlib import Path

import markdown
import pytest
import yaml

from kb import languages, steps, troubleshooter_pages as pages
from kb.errors import SourceError
from kb.generate import build_outputs
from kb.pages import PageBuilder
from kb.source import load_site
from kb.markup import markdown_text
from troubleshooter import flow

LANGS = ("en", "fr")
ROOT = Path(__file__).resolve().parents[2]


def positions(lang):
    return pages._positions(lang)


def go_targets(fragment):
    return re.findall(r'data-go="([^"]*)"', fragment)


@pytest.fixture(scope="module", params=LANGS)
def data(request):
    return pages.page_data(request.param)


def test_every_position_of_the_flow_is_rendered_once(data):
    lang = data["lang"]
    wanted = {steps.key(e["path"][:i]) for e in flow.all_paths(lang) for i in range(len(e["path"]) + 1)}
    assert set(data["steps"]) == wanted
    for key, fragment in data["steps"].items():
        view = flow.step(key.split("/") if key else [], lang)
        assert f'data-step="{view["node"]}"' in fragment
        assert f'data-path="{html.escape(key)}"' in fragment


def test_a_step_is_a_question_page(data):
    ui = data["ui"]
    for key, fragment in data["steps"].items():
        path = key.split("/") if key else []
        # One h1, the question (or the outcome's title); Back at the top, before it, to the parent.
        assert fragment.count("<h1") == 1
        back = re.search(r'<p class="ts-back"><a [^>]*data-go="([^"]*)"[^>]*>([^<]*)</a>', fragment)
        if path:
            assert back and back.group(1) == steps.key(path[:-1]) and html.unescape(back.group(2)) == ui["back"]
            assert fragment.index('class="ts-back"') < fragment.index("<h1")
            assert 'data-action="restart"' in fragment
        else:
            assert back is None


def test_answers_lead_to_their_step_with_and_without_the_script(data):
    lang = data["lang"]
    for key, fragment in data["steps"].items():
        view = flow.step(key.split("/") if key else [], lang)
        for answer in view["answers"]:
            target = steps.key(answer["path"])
            assert target in data["steps"]
            link = re.search(r'<a class="ts-answer" href="([^"]*)" data-go="([^"]*)" data-answer="'
                             + re.escape(answer["id"]) + '"', fragment)
            assert link, (key, answer["id"])
            assert link.group(1) == f"step/{target}/" and link.group(2) == target


def test_outcomes_let_the_reader_check_and_change_each_answer(data):
    lang = data["lang"]
    outcomes = [k for k, f in data["steps"].items() if 'data-kind="outcome"' in f]
    assert outcomes
    for key in outcomes:
        fragment = data["steps"][key]
        path = key.split("/")
        view = flow.step(path, lang)
        rows = re.findall(r'<div class="ts-summary__row" data-node="([^"]*)">', fragment)
        assert rows == [entry["node"] for entry in view["summary"]]
        changes = re.findall(r'class="ts-summary__change" href="[^"]*" data-go="([^"]*)" data-action="change"', fragment)
        assert changes == [steps.key(path[:i]) for i in range(len(path))]
        assert html.escape(data["ui"]["change"]) in fragment


def test_calculators_have_their_form_description_and_articles(data):
    lang = data["lang"]
    calculators = {k for k, f in data["steps"].items() if 'data-kind="calculator"' in f}
    assert calculators and set(data["calculators"]) == calculators
    for key, spec in data["calculators"].items():
        view = flow.step(key.split("/") if key else [], lang)
        assert spec["fields"] == view["fields"] and spec["tool"] == view["tool"] and spec["path"] == view["path"]
        assert spec["articles"], key
        # Without the script, the same articles are offered in the calculator's place.
        for article in spec["articles"]:
            assert f'href="{html.escape(article["url"])}"' in data["steps"][key]
        assert spec["submit"] in data["ui"]


def test_deep_links_name_nodes_by_their_shortest_path(data):
    for node_id, key in data["nodes"].items():
        assert f'data-step="{node_id}"' in data["steps"][key]
        assert key == steps.key(flow.path_to(node_id))
    assert {"limits", "access", "username"} <= set(data["nodes"])


def test_interface_texts_are_escaped_and_flow_html_is_kept():
    view = flow.step(["portal"], "en")
    ui = {**flow.ui("en"), "back": "<b>Back</b>", "title": 'A "title" & more', "start-again": "<i>"}
    fragment = steps.render_step(view, ui, [])
    assert "&lt;b&gt;Back&lt;/b&gt;" in fragment and "<b>" not in fragment
    assert "A &quot;title&quot; &amp; more" in fragment and "&lt;i&gt;" in fragment
    assert view["question"] in fragment            # flow HTML, made safe by the generator


def test_the_page_data_cannot_close_its_script_element():
    text = pages._json_script({"x": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><!-- & -->"}


# --- static step pages (kb generate writes them; the build fills them) -------------------------
def front_matter(text):
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def generated():
    return build_outputs(ROOT)[1]


@pytest.mark.parametrize("lang", LANGS)
def test_every_step_after_the_first_has_its_page_at_the_url_its_links_name(generated, lang):
    folder = ROOT / languages.get(lang).folder
    made = {path.relative_to(folder).as_posix(): text for path, text in generated.items()
            if path.is_relative_to(folder / steps.STEP_PAGES)}
    wanted = {}
    for path, view in positions(lang)[1:]:
        src = steps.page_src(path)
        assert src == f"troubleshooter/{steps.href(path)}index.md"      # where the answers link to
        wanted[src] = (steps.key(path), steps.plain_heading(view))
    assert set(made) == set(wanted)
    for src, (position, title) in wanted.items():
        meta = front_matter(made[src])
        assert meta[steps.PAGE_META] == position and meta["title"] == title
        assert meta["template"] == "troubleshooter.html" and meta["search"] == {"exclude": True}
        assert made[src].rstrip().endswith("# " + markdown_text(title))


def test_a_step_title_is_its_heading_as_plain_text():
    view = {"kind": "question", "question": "Is it <em>lost</em> &amp; gone?"}
    assert steps.plain_heading(view) == "Is it lost & gone?"


@pytest.mark.parametrize("text", ["a*b_c [x](y) #1 <b> & 1. 2) | ! \\ `c` {: .x} > q", "Combien ?"])
def test_a_plain_title_reads_back_from_markdown_as_itself(text):
    out = markdown.markdown("# " + markdown_text(text), extensions=["tables", "attr_list"])
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_a_question_that_cannot_be_a_page_title_stops_the_generator_naming_it():
    # A step's heading is its static page's title: the rule of every title (no < > ").
    builder = PageBuilder(load_site(ROOT / "content"), "en")
    data = json.loads((ROOT / "troubleshooter/_data/flow.json").read_text(encoding="utf-8"))
    data["nodes"]["attempts"]["question"]["en"] = 'Fewer than &lt;10 "tries"?'
    with pytest.raises(SourceError, match=r"flow/attempts/question: '<' in a title"):
        builder.step_pages(data)
