"""The MkDocs plugin's parts that are plain functions (kb/site_glue.py, kb/troubleshooter_pages.py)
and the plugin class itself (kb/site_plugin.py): each on a small input, without a build."""

import re
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.exceptions import PluginError

from kb import site_glue, site_plugin, troubleshooter_pages
from kb.pyodide_bundle import site_lock_name

PAGE = """<html><head><title>T</title>
<link rel="alternate" href="../fr/x/" hreflang="fr">
<link rel="stylesheet" href="../assets/help-centre.css">
</head><body>
<nav class="md-nav" data-md-level="1" aria-labelledby="__nav_2_label" data-md-scrollfix>
  <label class="md-nav__title" for="__nav_2">Logging in</label></nav>
<script type="module" src="../assets/troubleshooter/troubleshooter.js"></script>
<link rel="alternate" href="kept-in-body" hreflang="fr">
</body></html>"""


def test_a_page_loses_its_head_alternates_only():
    out = site_glue.without_head_alternates(PAGE)
    head, body = out.split("</head>")
    assert 'hreflang="fr"' not in head and 'hreflang="fr"' in body


def test_each_section_nav_is_named_by_its_own_title():
    out = site_glue.accessible_names(PAGE)
    assert 'aria-labelledby="__nav_2_title"' in out and 'id="__nav_2_title"' in out


def test_own_assets_carry_the_hash_of_every_file_they_cover():
    versions = site_glue.asset_versions()
    out = site_glue.versioned_assets(PAGE, versions)
    assert f'help-centre.css?v={versions["assets/help-centre.css"]}"' in out
    assert f'troubleshooter.js?v={versions["assets/troubleshooter/troubleshooter.js"]}"' in out
    # The page's script covers every module of its folder (its worker starts with the same ?v=).
    covered = site_glue.VERSIONED_ASSETS["assets/troubleshooter/troubleshooter.js"]
    assert "troubleshooter/worker.js" in covered and "troubleshooter/saved.js" in covered


def test_only_an_own_asset_at_the_end_of_an_href_or_src_without_a_query_is_versioned():
    versions = {asset: f"v{i}" for i, asset in enumerate(site_glue.VERSIONED_ASSETS)}
    page = ('<link href="../assets/help-centre.css"><link href="assets/help-centre.css?x=1">'
            '<img data-src="/assets/home-search.js"><p>assets/home-search.js"</p>'
            '<a title="assets/help-centre.css">t</a><script src="assets/troubleshooter/troubleshooter.js"></script>')
    out = site_glue.versioned_assets(page, versions)
    v = lambda asset: versions[f"assets/{asset}"]      # noqa: E731
    assert out == (f'<link href="../assets/help-centre.css?v={v("help-centre.css")}"><link href="assets/help-centre.css?x=1">'
                   f'<img data-src="/assets/home-search.js?v={v("home-search.js")}"><p>assets/home-search.js"</p>'
                   '<a title="assets/help-centre.css">t</a>'
                   f'<script src="assets/troubleshooter/troubleshooter.js?v={v("troubleshooter/troubleshooter.js")}"></script>')


def _sitemap_file(url, in_nav=True):
    page = SimpleNamespace(canonical_url=f"http://x/{url}", abs_url=None, is_link=False, update_date="2026-11-30")
    return SimpleNamespace(page=page, url=url, inclusion=SimpleNamespace(is_in_nav=lambda: in_nav), alternates={})


def test_the_sitemap_lists_the_pages_in_the_navigation_with_an_x_default():
    en, fr = _sitemap_file("a/"), _sitemap_file("fr/a/")
    en.alternates = fr.alternates = {"en": en, "fr": fr}
    step = _sitemap_file("troubleshooter/step/x/", in_nav=False)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(site_plugin.ROOT / "overrides"))
    out = env.get_template("sitemap.xml").render(i18n_alternates={"en": [en, step], "fr": [fr]},
                                                 sitemap_default="en", config={"site_url": "http://x/"})
    assert out.count("<url>") == 2 and "step" not in out
    assert out.count('hreflang="x-default" href="http://x/a/"') == 2          # in both entries
    assert out.startswith("<?xml")                                              # nothing before the declaration


def test_a_static_step_is_rebased_to_its_own_folder():
    step_html = troubleshooter_pages.rendered_steps("en")[1][2]       # the first answer's step
    out = troubleshooter_pages.rebased(step_html + '<a href="../logging-in/x/">a</a><a href="#top">t</a>'
                                       '<a href="https://example.org/">o</a><a href="/abs/">r</a>', 2)
    assert 'href="../../../logging-in/x/"' in out                      # two levels deeper
    assert 'href="../../step/portal/' in out and 'href="../../step/portal/"' not in step_html
    assert 'href="#top"' in out and 'href="https://example.org/"' in out and 'href="/abs/"' in out


def _step_page(position):
    page = SimpleNamespace(meta={"troubleshooter_step": position}, title="What happens?",
                           file=SimpleNamespace(src_uri=f"troubleshooter/step/{position}/index.md"))
    config = SimpleNamespace(theme={"language": "en"})
    return page, config


def test_a_static_step_page_gets_its_step_without_the_script_or_data():
    page, config = _step_page("portal")
    assert troubleshooter_pages.is_step_page(page)
    positions = troubleshooter_pages.rendered_steps("en")
    ts = troubleshooter_pages.step_page_context({}, page, config, positions)["troubleshooter"]
    assert ts["static"] is True and "config_json" not in ts
    assert ts["title"] == "What happens? - Guided troubleshooter"
    assert 'data-path="portal"' in ts["step_html"] and 'href="../../step/portal/' in ts["step_html"]


def test_a_step_page_the_flow_no_longer_has_stops_the_build_with_the_way_out():
    page, config = _step_page("no/such/step")
    with pytest.raises(PluginError, match="no/such/step.*make generate"):
        troubleshooter_pages.step_page_context({}, page, config, troubleshooter_pages.rendered_steps("en"))


def test_the_plugin_keeps_its_state_on_itself():
    one, two = site_plugin.HelpCentre(), site_plugin.HelpCentre()
    one.not_found["en"] = "page"
    assert two.not_found == {}
    # The hook's events are its one instance's methods.
    assert site_plugin.on_post_page.__self__ is site_plugin.on_config.__self__
    assert site_plugin.on_config.mkdocs_priority == -150 and site_plugin.on_nav.mkdocs_priority == -200


def test_the_lock_file_is_published_under_its_content_hash(tmp_path):
    (tmp_path / "pyodide-lock.json").write_text('{"packages": {}}')
    first = site_lock_name(tmp_path)
    assert re.fullmatch(r"pyodide-lock-[0-9a-f]{12}\.json", first)
    (tmp_path / "pyodide-lock.json").write_text('{"packages": {"troubleshooter": {}}}')
    assert site_lock_name(tmp_path) != first
    with pytest.raises(ValueError, match="make build"):
        site_lock_name(tmp_path / "nowhere")
