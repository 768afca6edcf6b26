"""The second wall behind the generator's checks. Every page's HTML body, as
Markdown made it, must pass the site's one allowlist (kb/markup.py) unchanged, or the build
stops and names the page and the fragment. The generator refuses such markup in the source
already; this catches Markdown edited by hand in a docs folder, and any gap.

A body that passed is remembered by its digest for the life of the process: the verdict
depends on the HTML alone, and a preview rebuild after a one-unit edit then checks the one or
two pages that changed, not all of them (a tenth of a second of each rebuild)."""

import hashlib

from mkdocs.exceptions import PluginError

from kb.markup import html_problem

PASSED_KEPT = 20_000          # digests remembered at most (a preview may run all day)
_passed = set()


def check_page(html, page):
    """The page's HTML as Markdown made it, if it passes the allowlist; otherwise the build stops."""
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=20).digest()
    if digest in _passed:
        return html
    fragment = html_problem(html, page=True)
    if fragment is not None:
        raise PluginError(f"{page.file.src_uri}: forbidden markup {fragment!r} in the page "
                          f"(edit content/, never the generated Markdown; see README, allowed markup)")
    if len(_passed) >= PASSED_KEPT:
        _passed.clear()
    _passed.add(digest)
    return html
