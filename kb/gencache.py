"""The generator's cache (build/kb-cache/), so that `kb generate` after an
edit redoes only what the edit touched. Everything in it is keyed by content, never by time:

- an article file → the Article loaded from it, which passed every check of the source
  (texts, translations). Key: the generator itself (every file of kb/, the engine's code,
  mkdocs.yml's Markdown extensions the markup checks use, the versions of the libraries that
  shape its output), the translation memory, the file's name and its bytes.
- the facts registry, the glossary, the flow, flow.json and the category pages, each keyed
  by the generator, every file of content/ other than the articles, and what it reads of
  the articles (their ids; places and titles; the heads of a category's articles).
- an article page in one language → its Markdown and translation status. Key: the
  generator, strict or preview, the language, every file of content/ other than the
  articles (facts, glossary, interface texts, categories, flow, home page, memory), and
  the article's own key. A page also shows other articles (its links, its related
  articles): their path, title and summary are recorded while it renders and compared
  when it is reused.

A change to any input is a miss, and a miss is rendered as a cold run renders it, so the
output is the same with or without the cache (tests/unit/test_incremental.py). Only a run
that wrote its outputs saves the cache, with exactly the entries that run used, in sixteen
files by the first digit of their key: after a one-article edit only the files holding
its entries are written again. The files are a local build product (build/ is never
committed); `kb generate --check` never reads them."""

import hashlib
import pickle
import sys
from pathlib import Path

from .outputs import write_atomically
from .source import GROUP_FILES

CACHE_DIR = Path("build") / "kb-cache"
SHARDS = "0123456789abcdef"        # an entry's file: the first digit of its key
FORMAT = 1
KB = Path(__file__).resolve().parent


def _digest(*parts):
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _code(folder, pattern):
    files = sorted(p for p in folder.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return [part for p in files for part in (p.relative_to(folder).as_posix(), p.read_bytes())]


def generator_version():
    """The generator's code and templates, the engine it checks the flow against (its forms
    and error codes), the Markdown extensions of mkdocs.yml (the markup checks convert with
    them), and the libraries whose output it keeps."""
    from importlib.metadata import PackageNotFoundError, version

    import troubleshooter

    from .markup import MKDOCS_YML

    def installed(name):
        try:
            return version(name)
        except PackageNotFoundError:
            return ""
    engine = Path(troubleshooter.__file__).resolve().parent
    libraries = ("Babel", "Jinja2", "PyYAML", "Markdown", "nh3", "pymdown-extensions", "mkdocs-material")
    return _digest(FORMAT, sys.version, *(installed(name) for name in libraries),
                   MKDOCS_YML.read_bytes() if MKDOCS_YML.is_file() else b"",
                   *_code(KB, "**/*"), "engine", *_code(engine, "*.py"))


def shared_inputs(content):
    """Every file of content/ other than the articles: what every page may read."""
    content = Path(content)
    articles = content / "articles"
    files = sorted(p for p in content.rglob("*") if p.is_file() and articles not in p.parents)
    return _digest(*(part for p in files for part in (p.relative_to(content).as_posix(), p.read_bytes())))


def article_head(article):
    """What another page shows of an article: where it is, its title and summary."""
    if article is None:
        return None
    return repr((article.path, sorted(article.title.texts.items()), sorted(article.title.origins.items()),
                 sorted(article.summary.texts.items()), sorted(article.summary.origins.items())))


class GenerateCache:
    def __init__(self, root):
        self.folder = Path(root) / CACHE_DIR
        content = Path(root) / "content"
        self.content = str(content.resolve())     # loaded objects name their files
        self.version = generator_version()
        self.shared = shared_inputs(content)
        # Every language's translation memory (a stale unit's notice shows its old English).
        memories = sorted((content / "translations").glob("memory-*.json"))
        self.memory = _digest(b"".join(m.name.encode() + m.read_bytes() for m in memories))
        self.old = self._read()
        self.new = {}
        self.article_keys = {}        # article file name → its key (this run)
        self.verified = set()         # source files whose checks the cache vouches for
        self.changed = set()          # shards with an entry made this run (others stay as they are)
        self.heads = {}               # article id → article_head, this run
        self.shared_key = _digest("shared", self.version, self.shared, self.memory)
        if self._hit(self.shared_key):
            self.verified.update(content / name for name in GROUP_FILES.values())

    def _shard(self, shard):
        return self.folder / f"generate-{shard}.pickle"

    def _read(self):
        entries = {}
        for shard in SHARDS:
            try:
                data = pickle.loads(self._shard(shard).read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError, TypeError):
                continue            # absent or unreadable: its entries are misses
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("entries"), dict):
                entries.update((k, v) for k, v in data["entries"].items() if k[:1] == shard)
        return entries

    def _hit(self, key):
        value = self.old.get(key)
        if value is not None:
            self.new[key] = value
        return value

    def _keep(self, key, value):
        if key not in self.old or self.old[key] is not value:
            self.changed.add(key[:1])
        self.new[key] = value

    def save(self):
        """Write the entries this run used (and only those): each file whose entries changed."""
        for shard in SHARDS:
            new = {k: v for k, v in self.new.items() if k[:1] == shard}
            if shard in self.changed or new.keys() != {k for k in self.old if k[:1] == shard}:
                data = pickle.dumps({"format": FORMAT, "entries": new}, protocol=pickle.HIGHEST_PROTOCOL)
                write_atomically(self._shard(shard), data)

    def keep_shared(self):
        """After a run with no problem: the texts of ui.yaml, categories.yaml, glossary.yaml
        and flow.yaml passed the checks."""
        self._keep(self.shared_key, True)

    def derived(self, key_parts, make):
        """make(), or what it returned before for the same inputs: the shared files and
        `key_parts`. A make() that fails (None: its problem is reported) is not kept."""
        key = _digest("derived", self.version, self.shared, self.content, *key_parts)
        value = self._hit(key)
        if value is None:
            value = make()
            if value is not None:
                self._keep(key, value)
        return value

    # --- articles ---------------------------------------------------------------------------
    def article(self, path, raw):
        """The Article of the file `path` with bytes `raw`, if a run that passed every check
        loaded these very bytes under this name; None otherwise. (A page names its source
        by its path inside the project, so the name is part of the key.)"""
        key = _digest("article", self.version, self.memory, Path(path).name, raw)
        self.article_keys[Path(path).name] = key
        article = self._hit(key)
        if article is not None:
            article.file = path
            self.verified.add(path)
        return article

    def keep_article(self, article):
        """After a run with no problem: `article` passed every check."""
        self._keep(self.article_keys[article.file.name], article)

    # --- pages ------------------------------------------------------------------------------
    def head(self, site, article_id):
        if article_id not in self.heads:
            self.heads[article_id] = article_head(site.article(article_id))
        return self.heads[article_id]

    def page_key(self, article, lang, strict):
        return _digest("page", self.version, self.shared, self.article_keys[article.file.name], lang, strict)

    def page(self, key, site):
        """(Markdown, status) of a page rendered from these inputs, if every article it
        showed still shows the same; None otherwise."""
        entry = self.old.get(key)
        if entry is None or any(self.head(site, i) != head for i, head in entry["shown"].items()):
            return None
        self.new[key] = entry
        return entry["markdown"], entry["status"]

    def keep_page(self, key, markdown, status, shown, site):
        self._keep(key, {"markdown": markdown, "status": status,
                         "shown": {i: self.head(site, i) for i in sorted(shown)}})
