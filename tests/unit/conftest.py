"""Unit-test fixtures: a throw-away copy of the structured source, so tests can change a
fact or break a file without touching the real content/."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def unstamped(project):
    """The copy as it was before any translation was stamped: no `fr_from` fingerprints and
    no translation memory (every French unit "unverified")."""
    import re
    for path in (project / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'^[ \t]*fr_from: "[0-9a-f]+"\n', "", text, flags=re.M)
        text = re.sub(r', fr_from: "[0-9a-f]+"', "", text)
        path.write_text(text, encoding="utf-8")
    memory = project / "content/translations/memory-fr.json"
    if memory.exists():
        memory.unlink()
    return project
