"""A synthetic corpus for the build benchmark: a temporary copy of the project whose
content/articles/ holds N articles, made from the real ones.

The real articles are repeated in groups: group 0 is content/ itself, group k a copy of
every article under a new id (HC<k><nnn>) and slug (<slug>-<k>), in the same category. Each
copy's links and related articles point to the copies of its own group, so the link graph
of every group is the real one; a link to an article the last (partial) group lacks goes to
the original. A French text whose `fr_from` matched its English gets the fingerprint of the
rewritten English, so the copies are as translated as the originals. Nothing of this is
ever written into the project itself."""

import re
import shutil
from pathlib import Path

import yaml

from kb.fingerprint import fingerprint

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"""(link\(\s*['"])([A-Z]+[0-9]+)(['"])""")
# What a build needs from the project: sources, site configuration, generator, engine, the
# Pyodide bundle (build/pyodide, from `kb pyodide-bundle`); not what a build makes.
COPIED = ("content", "kb", "overrides", "troubleshooter", "mkdocs.yml", "pyproject.toml")


class CorpusError(Exception):
    """The corpus cannot be made (one line for the harness to print)."""


def copy_project(dest):
    """The parts of the project a build reads, into `dest` (a new folder)."""
    dest = Path(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy2(source, dest / name)
    bundle = ROOT / "build" / "pyodide"
    if not (bundle / "pyodide-lock.json").is_file():
        raise CorpusError("build/pyodide is missing: run `make wheel` (or `make build`) first")
    shutil.copytree(bundle, dest / "build" / "pyodide")
    return dest


def _rewrite(node, ids):
    """`node` (an article's loaded YAML) with every link('ID') and related ID mapped by `ids`,
    and fr_from kept current where it was."""
    if isinstance(node, list):
        return [_rewrite(item, ids) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("en", "fr") and isinstance(value, str):
            value = LINK.sub(lambda m: m.group(1) + ids.get(m.group(2), m.group(2)) + m.group(3), value)
        elif key in ("en", "fr") and isinstance(value, list):
            value = [LINK.sub(lambda m: m.group(1) + ids.get(m.group(2), m.group(2)) + m.group(3), cell)
                     if isinstance(cell, str) else cell for cell in value]
        else:
            value = _rewrite(value, ids)
        out[key] = value
    if "fr_from" in node and "en" in node and str(node["fr_from"]) == fingerprint(node["en"]):
        out["fr_from"] = fingerprint(out["en"])
    return out


def multiply_articles(project, total):
    """content/articles/ of `project` made to hold `total` articles (at least the real ones)."""
    folder = Path(project) / "content" / "articles"
    originals = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml"))]
    if total < len(originals):
        raise CorpusError(f"a corpus needs at least the {len(originals)} real articles (asked for {total})")
    if len(originals) >= 1000:
        raise CorpusError("too many real articles for the copies' ids (HC<group><nnn>)")
    group, made = 0, len(originals)
    while made < total:
        group += 1
        batch = originals[:total - made]
        ids = {a["id"]: f"HC{group}{i:03d}" for i, a in enumerate(batch)}
        for article in batch:
            copy = _rewrite(article, ids)
            copy["id"] = ids[article["id"]]
            copy["slug"] = f"{article['slug']}-{group}"
            copy["related"] = [ids.get(r, r) for r in article["related"]]
            (folder / f"{copy['slug']}.yaml").write_text(
                yaml.safe_dump(copy, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
        made += len(batch)
    return made


def make_corpus(dest, total):
    """A project copy at `dest` with `total` articles in each language."""
    project = copy_project(dest)
    multiply_articles(project, total)
    return project


def edit_article(project, marker):
    """One article's text changed the way an author changes it: a paragraph's English (its
    French then shows as stale). `marker`: a word (no digits: the lint refuses bare
    numbers). Returns the edited file."""
    path = sorted((Path(project) / "content" / "articles").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for unit in data["body"]:
        if unit.get("type") == "paragraph" and isinstance(unit.get("en"), str):
            unit["en"] = f"{unit['en']} Edited {marker}."
            break
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path
