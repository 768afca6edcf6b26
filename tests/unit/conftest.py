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
