"""Provides which files under a flow folder are flow files.

The loader reads exactly these files and the library cache is keyed on exactly these
files, so both ask here: if they disagreed, a new flow file could be missed by a
cache that still looked valid.
"""

from __future__ import annotations

import os
from pathlib import Path


def flow_files(folder: Path) -> list[Path]:
    """Every *.toml file under `folder`, at any depth, in a stable order.

    The same files and order as `sorted(p for p in folder.rglob("*.toml") if
    p.is_file())` (a test holds them equal): symbolic links to files count, links
    to folders are not entered. os.scandir reuses what the directory listing
    already says about each entry; pathlib's rglob built and stat'ed a Path per
    entry, which was half the time of checking the cache."""
    found: list[Path] = []
    pending = [str(folder)]
    while pending:
        top = pending.pop()
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                        elif entry.name.endswith(".toml") and entry.is_file():
                            found.append(Path(entry.path))
                    except OSError:
                        continue
        except OSError:
            continue
    return sorted(found)


def folder_error(folder: Path) -> str | None:
    """Why `folder` exists but cannot be listed (e.g. "Permission denied"), or None.

    A missing folder is no error (no user flows yet); one that cannot be entered is
    said once, since flow_files() alone would quietly find nothing in it."""
    try:
        with os.scandir(folder):
            return None
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
