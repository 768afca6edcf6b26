"""The hostile corpus: what an attacker who can write content/ or a PO file would try, and
where. Tests inject each payload into a copy of content/ (never the real one) and expect it
to be refused with one clear line, or rendered as inert text.

PAYLOADS: name → (text, signatures): the refusal must quote one of the signatures, so the
author sees the offending fragment. TARGETS: name → injector(content_dir, text, append=False)
→ (file name, unit or fact name) that the refusal must name. INERT: texts that are legitimate
(markup shown as code or as escaped text) and must build, with nothing live in any page."""

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# Running any of these would leave this file behind: the tests check it never appears.
PWNED = "kb-hostile-pwned"

PAYLOADS = {
    "script": ("<script>alert(1)</script>", ("<script",)),
    "img-onerror": ("<img src=x onerror=alert(1)>", ("onerror",)),
    "svg-onload": ("<svg onload=alert(1)>", ("onload",)),
    "details-ontoggle": ("<details open ontoggle=alert(1)>x</details>", ("ontoggle",)),
    "markdown-javascript-link": ("[click](javascript:alert(1))", ("javascript:",)),
    "markdown-data-link": ("[click](data:text/html;base64,PHNjcmlwdD4=)", ("data:",)),
    "raw-javascript-link": ('<a href="javascript:alert(1)">click</a>', ("javascript:",)),
    "attr-list-handler": ('Click here\n{: onmouseover="alert(1)" }', ("onmouseover",)),
    "inline-attr-list": ('[x](https://example.com){: onclick="alert(1)" }', ("onclick",)),
    "comment": ("<!--<script>", ("<!--", "<script")),
    "globals-walk": (f"{{{{ lipsum.__globals__.os.popen('touch {PWNED}').read() }}}}", ("__globals__", "lipsum")),
    "class-walk": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", ("__class__",)),
    "cycler-walk": (f"{{{{ cycler.__init__.__globals__.os.system('touch {PWNED}') }}}}", ("cycler",)),
    "link-label-code": (f"{{{{ link('KB70', lipsum.__globals__.os.popen('touch {PWNED}').read()) }}}}", ("lipsum",)),
    "fact-attribute-walk": ("{{ facts.__class__.__init__.__globals__ }}", ("__class__",)),
    "statement": ("{% for x in range(3) %}{{ x }}{% endfor %}", ("{%",)),
    "arithmetic": ("{{ 7*7 }}", ("7*7",)),
    "unclosed": ("{{ 7*7 ", ("{{ 7*7",)),
}

INERT = {
    "code-span": "Shown as code: `<img src=x onerror=alert(document.domain)>`.",
    "escaped": "Shown as text: &lt;script&gt;alert(document.domain)&lt;/script&gt;.",
    "plain-scheme": "Typing javascript:alert(document.domain) here makes no link.",
    "comment-in-code": "`<!--<script>`",
}

# Each payload is tried in these places (the texts any author or translator writes)...
TEXT_TARGETS = ("article-english", "article-french", "flow-answer-french", "troubleshooter-ui-text")
# ...and every place gets these (markup, a link, code, a statement).
TARGET_PAYLOADS = ("img-onerror", "markdown-javascript-link", "globals-walk", "statement", "comment")


def copy_project(dest):
    """A copy of the project to build (sources, site configuration, the Pyodide bundle), without
    what a build makes or a machine installs."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", ".pytest_cache", ".hypothesis",
                                    "pyodide-test-wheels", "__pycache__")
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


# --- injection into a copy of content/ -------------------------------------------------------
def _load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _put(mapping, lang, text, append):
    """Replace a text with the payload, or (append) add it after the text as written."""
    mapping[lang] = f"{mapping[lang]} {text}" if append else text


def first_article(content):
    return sorted((Path(content) / "articles").glob("*.yaml"))[0]


def _first_text_unit(units):
    for unit in units:
        if isinstance(unit.get("en"), str) and unit.get("type", "paragraph") == "paragraph":
            return unit
    raise LookupError("no paragraph unit")


def _article(lang, field=None):
    def inject(content, text, append=False):
        path = first_article(content)
        data = _load(path)
        if field:
            _put(data[field], lang, text, append)
            key = f"{data['id']}/{field}"
        else:
            unit = _first_text_unit(data["body"])
            _put(unit, lang, text, append)
            key = f"{data['id']}/{unit['id']}"
        _dump(path, data)
        return path.name, key
    return inject


def _yaml_map(file, lang, pick):
    def inject(content, text, append=False):
        path = Path(content) / file
        data = _load(path)
        key = pick(data)
        _put(data[key], lang, text, append)
        _dump(path, data)
        return file, key
    return inject


def _category(content, text, append=False):
    path = Path(content) / "categories.yaml"
    data = _load(path)
    key = next(iter(data))
    _put(data[key]["title"], "en", text, append)
    _dump(path, data)
    return "categories.yaml", f"category/{key}/title"


def _fact(kind):
    def inject(content, text, append=False):
        path = Path(content) / "facts.yaml"
        data = _load(path)
        stack = [("", data["facts"])]
        while stack:
            prefix, node = stack.pop(0)
            if node.get("kind") == kind and "value" in node:
                node["value"] = f"{node['value']} {text}" if append else text
                _dump(path, data)
                return "facts.yaml", prefix
            stack += [(f"{prefix}.{k}" if prefix else k, v) for k, v in node.items() if isinstance(v, dict)]
        raise LookupError(f"no fact of kind {kind}")
    return inject


def _flow(role, lang="en"):
    def inject(content, text, append=False):
        path = Path(content) / "flow.yaml"
        data = _load(path)
        node = next(n for n in data["nodes"] if n["kind"] == "question")
        if role == "question":
            _put(node["question"], lang, text, append)
            key = f"{node['id']}/question"
        else:
            answer = node["answers"][0]
            _put(answer, lang, text, append)
            key = f"{node['id']}/{answer['id']}"
        _dump(path, data)
        return "flow.yaml", key
    return inject


def _flow_ui(pick, lang):
    def inject(content, text, append=False):
        path = Path(content) / "flow.yaml"
        data = _load(path)
        key = pick(data["ui"])
        _put(data["ui"][key], lang, text, append)
        _dump(path, data)
        return "flow.yaml", f"ui/{key}"
    return inject


TARGETS = {
    "article-english": _article("en"),
    "article-french": _article("fr"),
    "title-english": _article("en", "title"),
    "title-french": _article("fr", "title"),
    "summary-french": _article("fr", "summary"),
    "glossary-term": _yaml_map("glossary.yaml", "en", lambda d: next(iter(d))),
    "glossary-term-french": _yaml_map("glossary.yaml", "fr", lambda d: next(iter(d))),
    "ui-text": _yaml_map("ui.yaml", "en", lambda d: next(iter(d))),
    # The page's own texts: the one that goes into its embedded JSON first (a `<!--` there
    # once stopped the page), and the first that is not the page's head (title, intro).
    "troubleshooter-ui-text": _flow_ui(lambda ui: "loading", "fr"),
    "category-title": _category,
    "flow-question": _flow("question"),
    "flow-answer-french": _flow("answer", "fr"),
    "flow-ui-text": _flow_ui(lambda ui: next(k for k in ui if k not in ("title", "intro")), "fr"),
    **{f"fact-{kind}": _fact(kind) for kind in ("text", "phone", "email", "address", "version", "usd", "count", "days")},
}
