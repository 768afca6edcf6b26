"""Every check the source must pass before anything is written, in one list, so that
`kb lint` and `kb generate` refuse the same things and report them all together:

- the texts (kb/lint.py): expressions, markup, bare numbers;
- the translations (kb/i18n/state.py): a French unit keeps the references of its English;
- the facts registry (kb/factlint.py): unused or doubled facts, citations.

Loading (kb/source.py load_site) has already checked the shape of every file, the flow's
graph and its cross-references."""

from pathlib import Path

from .factlint import lint_facts
from .i18n.state import check_translations
from .lint import lint_site
from .source import load_site


def site_problems(site, root, complete=True, checked=frozenset()):
    """Every problem as SourceErrors (not raised), each once, and whether the citation
    check ran (False when the seeds are absent). A French text's own problems are found by
    both the text lint and the translation check: they are reported once. On a site that
    did not load `complete`ly the registry is not checked: a fact read only by a file that
    failed to load would look unused. `checked`: source files (articles, ui.yaml…) whose
    texts and translations passed these checks in these very bytes (kb/gencache.py): not
    checked again."""
    fact_problems, cited = lint_facts(site, root) if complete else ([], True)
    problems = lint_site(site, skip=checked) + check_translations(site, skip=checked) + fact_problems
    return list({str(p): p for p in problems}.values()), cited


def check_source(root, cache=None):
    """Load content/ and check it: (site, every problem of loading and checking, whether
    the citation check ran). The problems of the files that loaded are found even when
    another file did not load. `cache`: kb generate's (kb/gencache.py)."""
    problems = []
    site = load_site(Path(root) / "content", problems=problems, cache=cache)
    found, cited = site_problems(site, root, complete=not problems, checked=cache.verified if cache else frozenset())
    return site, problems + found, cited
