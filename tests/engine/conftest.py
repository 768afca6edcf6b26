"""Keep Hypothesis' files out of the checkout. Every test turns its example database off,
but Hypothesis also caches the constants of the source it imports, in `.hypothesis/` under
the current directory, at collection time. Unless the runner chose a place itself
(HYPOTHESIS_STORAGE_DIRECTORY), that cache goes to a temporary directory, removed at the end."""

import os
import shutil
import tempfile

_KEY = "HYPOTHESIS_STORAGE_DIRECTORY"
_made = None

if _KEY not in os.environ:
    _made = tempfile.mkdtemp(prefix="engine-tests-hypothesis-")
    os.environ[_KEY] = _made


def pytest_unconfigure(config):
    if _made is not None:
        os.environ.pop(_KEY, None)
        shutil.rmtree(_made, ignore_errors=True)
