"""The MkDocs plugin's parts that are plain functions (kb/site_glue.py, kb/troubleshooter_pages.py)
and the plugin class itself (kb/site_plugin.py): each on a small input, without a build."""

from types import SimpleNamespace

from kb import site_glue, site_plugin, troubleshooter_pages
from troubleshooter import flow

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


def test_the_sitemap_gets_an_x_default_beside_the_default_language():
    sitemap = ('<url><loc>http://x/a/</loc>\n    <xhtml:link rel="alternate" hreflang="en" href="http://x/a/"/>'
               '\n    <xhtml:link rel="alternate" hreflang="fr" href="http://x/fr/a/"/></url>')
    out = site_glue.finish_template(sitemap, "sitemap.xml", SimpleNamespace(), {}, {})
    assert out.count('hreflang="x-default" href="http://x/a/"') == 1


def test_a_static_step_page_is_rebased_and_drops_the_script():
    built = ('<html><head><title>Guided troubleshooter - Site</title>'
             '<link rel="canonical" href="http://x/troubleshooter/"></head><body>'
             '<a href="../fr/troubleshooter/" hreflang="fr" class="md-select__link">Français</a>'
             '<div id="troubleshooter" data-engine="loading" data-pyodide="../pyodide/x/pyodide.mjs">'
             '<!--ts:step-->first<!--/ts:step--></div>'
             '<!--ts:runtime--><script src="../assets/troubleshooter/troubleshooter.js"></script><!--/ts:runtime-->'
             '<a href="../logging-in/">x</a></body></html>')
    view = flow.step(["portal"], "en")
    out = troubleshooter_pages.static_page(built, view, "<section>step</section>")
    assert "<!--ts:step--><section>step</section><!--/ts:step-->" in out
    assert "troubleshooter.js" not in out and 'data-engine="static"' in out
    assert 'href="../../../logging-in/"' in out                      # two levels deeper
    assert 'href="../../../fr/troubleshooter/step/portal/"' in out   # the same step in French
    assert '<link rel="canonical" href="http://x/troubleshooter/step/portal/">' in out
    assert out.startswith("<html><head><title>What happens when you try to log in to Client Portal? - Guided")


def test_the_plugin_keeps_its_state_on_itself():
    one, two = site_plugin.HelpCentre(), site_plugin.HelpCentre()
    one.not_found["en"] = "page"
    assert two.not_found == {}
    # The hook's events are its one instance's methods.
    assert site_plugin.on_post_page.__self__ is site_plugin.on_config.__self__
    assert site_plugin.on_config.mkdocs_priority == -150 and site_plugin.on_nav.mkdocs_priority == -200
