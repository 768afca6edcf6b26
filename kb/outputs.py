"""Writing generated files: only when their content changed (so `mkdocs serve` reloads
only what changed), removing generated files whose source is gone, or, with `check`,
reporting what is out of date without writing anything."""

import os
from pathlib import Path


def unchanged(path, data):
    """Whether the file at `path` holds exactly `data` (bytes)."""
    path = Path(path)
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def write_if_changed(path, data):
    """Write `data` (text, as UTF-8, or bytes) atomically, and only when it differs from
    the file's content. True when written. The one writer of generated and edited files."""
    path = Path(path)
    data = data.encode("utf-8") if isinstance(data, str) else data
    if unchanged(path, data):
        return False
    write_atomically(path, data)
    return True


def write_atomically(path, data):
    """`data` (bytes) into `path` through a temporary file: a reader sees the old file or
    the new one, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def sync(outputs, managed_dirs, check=False):
    """`outputs`: {Path: text}. Files under `managed_dirs` that are not in `outputs` are
    stale generated files. Returns the list of paths that differ (written unless `check`)."""
    changed = []
    for path, text in sorted(outputs.items()):
        path = Path(path)
        if not unchanged(path, text.encode("utf-8")):
            changed.append(path)
            if not check:
                write_if_changed(path, text)
    # Absolute paths, compared as strings: resolving every path (a system call per folder
    # of each) took longer than the writing at a thousand articles.
    wanted = {os.path.abspath(p) for p in outputs}
    for directory in managed_dirs:
        directory = Path(directory)
        if not directory.is_dir():
            continue
        for root, dirs, files in os.walk(directory):      # symlinks (docs/fr) are not followed
            for name in files:
                path = Path(root) / name
                if os.path.abspath(path) not in wanted:
                    changed.append(path)
                    if not check:
                        path.unlink()
    return changed
