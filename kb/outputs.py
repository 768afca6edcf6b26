"""Writing generated files: only when their content changed (so `mkdocs serve` reloads
only what changed), removing generated files whose source is gone, or, with `check`,
reporting what is out of date without writing anything."""

import os
from pathlib import Path


def sync(outputs, managed_dirs, check=False):
    """`outputs`: {Path: text}. Files under `managed_dirs` that are not in `outputs` are
    stale generated files. Returns the list of paths that differ (written unless `check`)."""
    changed = []
    for path, text in sorted(outputs.items()):
        path = Path(path)
        data = text.encode("utf-8")
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if not same:
            changed.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(path.name + ".tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
    wanted = {Path(p).resolve() for p in outputs}
    for directory in managed_dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for root, dirs, files in os.walk(directory):      # symlinks (docs/fr) are not followed
            for name in files:
                path = Path(root) / name
                if path.resolve() not in wanted:
                    changed.append(path)
                    if not check:
                        path.unlink()
    return changed
