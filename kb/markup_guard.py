"""The second wall behind the generator's checks. Every page's HTML body, as
Markdown made it, must pass the site's one allowlist (kb/markup.py) unchanged, or the build
stops and names the page and the fragment. The generator refuses such markup in the source
already; this catches Markdown edited by hand in a docs folder, and any gap."""

from mkdocs.exceptions import PluginError

from kb.markup import html_problem


def check_page(html, page):
    """The page's HTML as Markdown made it, if it passes the allowlist; otherwise the build stops."""
    fragment = html_problem(html, page=True)
    if fragment is not None:
        raise PluginError(f"{page.file.src_uri}: forbidden markup {fragment!r} in the page "
                          f"(edit content/, never the generated Markdown; see README, allowed markup)")
    return html
