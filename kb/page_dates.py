"""When each source file last changed, for the "last updated" line of the article pages.

The date is the day (UTC) of the last commit that touched the article's YAML file in
content/: what a reader cares about is when its text changed, not when the site was built
or the Markdown regenerated. It is looked up at build time (kb/page_context.py), never
written into the committed docs/: committing would otherwise change the date it records,
and `kb generate --check` could never agree with the commit it checks.

Without git, or for a file git does not know yet (new, not committed), the file's
modification time stands in: right for a local preview, and the only clock there is. A
shallow clone (CI with depth 1) gives every article the date of its one commit."""

import subprocess
from datetime import datetime, timezone
from pathlib import Path


def _from_git(files, cwd):
    """{resolved path: date} from one `git log` over the files' folders, newest first."""
    folders = sorted({str(Path(f).parent) for f in files})
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()
        log = subprocess.run(["git", "log", "--format=%x00%ct", "--name-only", "--", *folders],
                             cwd=cwd, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates = {}
    for record in log.split("\0")[1:]:
        stamp, *names = record.strip().splitlines()
        day = datetime.fromtimestamp(int(stamp), timezone.utc).date()
        for name in names:
            dates.setdefault((Path(top) / name).resolve(), day)
    return dates


def last_changed(files, cwd="."):
    """{file: date of its last change} for the given source files."""
    files = [Path(f) for f in files]
    known = _from_git(files, cwd) if files else {}
    out = {}
    for file in files:
        day = known.get(file.resolve())
        if day is None:   # no git, or a file not committed yet: its modification time
            day = datetime.fromtimestamp(file.stat().st_mtime, timezone.utc).date()
        out[file] = day
    return out
