"""The site's search indexes, one per language, written after MkDocs' build.

- mkdocs-static-i18n writes one mixed index; it is split into one per language
  (kb/languages.py): search/search_index.json for the default language,
  <code>/search/search_index.json for each other, and each page points the search at its
  language's (overrides/assets/search-language.js).
- Each index carries its language's settings (settings()): the words a page is cut into and
  how they are reduced (trimmer, stop words, stemmer of lunr-languages), so "bloquée",
  "bloqué" and "bloquer" are one word to the French search. The words of a query go
  through the same steps in the browser (overrides/assets/javascripts/workers/
  help-centre-search.js), which also ranks first the results that contain every word.
- The troubleshooter's page is found by what it asks: one entry per question and per
  calculator (title, help, answers), pointing at that step (`troubleshooter/#/<answers>`).
"""

import html
import json
from pathlib import Path

from .languages import CODES, DEFAULT, get

DEFAULT_LANG = DEFAULT.code
PIPELINE = ["trimmer", "stopWordFilter", "stemmer"]


def settings(lang):
    """The search settings of a language's index: lunr's language (its stemmer), where words
    are cut (French cuts at apostrophes too: l'appareil is two words), the pipeline."""
    language = get(lang)
    return {"lang": [language.search], "separator": language.search_separator, "pipeline": PIPELINE}
TROUBLESHOOTER_URL = "troubleshooter/"
# A step of the troubleshooter that asks the reader's very question ("Is your login
# locked?") should come before an article section that only shares its words.
TROUBLESHOOTER_BOOST = 1.5


def troubleshooter_entries(lang, step, tool_names):
    """Search entries for the steps of the flow that ask something: every question and
    every calculator, each at the shortest path of answers that reaches it. `step` is the
    engine's troubleshooter.flow.step; `tool_names` maps a calculator's tool to its name
    in `lang` (ui.yaml tool_*), so that searching the calculator's name finds it."""
    entries, seen, queue = [], set(), [[]]
    while queue:                      # breadth first: the first path to a node is a shortest one
        path = queue.pop(0)
        view = step(path, lang)
        if view.get("error") or view["node"] in seen:
            continue
        seen.add(view["node"])
        answers = "".join(f"<li>{a['label']}</li>" for a in view.get("answers") or [])
        if view["kind"] == "question" and path:
            text = (f"<p>{view['help']}</p>" if view.get("help") else "") + f"<ul>{answers}</ul>"
            entries.append({"location": f"{TROUBLESHOOTER_URL}#/{'/'.join(path)}", "title": view["question"], "text": text,
                            "boost": TROUBLESHOOTER_BOOST})
        elif view["kind"] == "calculator":
            # Titled by its question and its name, so that searching the name finds it.
            title = f"{view['title']} ({html.escape(tool_names.get(view['tool'], ''))})"
            text = f"<p>{view.get('intro') or ''}</p><ul>{answers}</ul>"
            entries.append({"location": f"{TROUBLESHOOTER_URL}#/{'/'.join(path)}", "title": title, "text": text,
                            "boost": TROUBLESHOOTER_BOOST})
        queue += [a["path"] for a in view.get("answers") or []]
    return entries


def flow_entries(site, langs=CODES):
    """{lang: troubleshooter entries}, from the engine's flow (troubleshooter/_data)."""
    from troubleshooter import flow

    from .render import TOOLS, Renderer
    renderer = Renderer(site)
    names = lambda lang: {tool: renderer.plain(key, lang) for tool, key in TOOLS.items() if tool != "start"}
    return {lang: troubleshooter_entries(lang, flow.step, names(lang)) for lang in langs}


def _with_troubleshooter(docs, entries):
    """`docs` with `entries` right after the troubleshooter page's own entries: the theme
    files a `page/#…` entry under the `page/` entry read before it."""
    last = max((i for i, d in enumerate(docs) if d["location"].split("#")[0] == TROUBLESHOOTER_URL), default=None)
    if last is None:
        return docs
    return docs[:last + 1] + entries + docs[last + 1:]


def write_language_indexes(site_dir, extra_entries=None, langs=CODES):
    """One index per language; entries of language L live under L/ (the default at the root).
    `extra_entries`: {lang: [entries]} added to that language's index."""
    index_file = Path(site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    others = [lang for lang in langs if lang != DEFAULT_LANG]
    buckets = {lang: [] for lang in langs}
    for doc in index["docs"]:
        lang = next((o for o in others if doc["location"].startswith(f"{o}/")), DEFAULT_LANG)
        if lang != DEFAULT_LANG:
            doc = dict(doc, location=doc["location"][len(lang) + 1:])
        buckets[lang].append(doc)
    for lang, docs in buckets.items():
        docs = _with_troubleshooter(docs, (extra_entries or {}).get(lang, []))
        target = index_file if lang == DEFAULT_LANG else Path(site_dir) / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = dict(index, config=dict(index["config"], **settings(lang)), docs=docs)
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
