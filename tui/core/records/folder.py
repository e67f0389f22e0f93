"""Provides the records folder itself: made private or refused, and whether it holds any
record yet.

Apart from RecordStore (store.py) so that a front end can check its folder and learn
that a new user's folder is empty before it loads the records code: the plain mode
asks its first question after these checks and before any record is read.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from tui.core.records.files import HEAD_FILE, make_private_dirs

if TYPE_CHECKING:
    from pathlib import Path

SMALL_FOLDER = 65_536
"""A folder this small (its own size, in bytes) is listed to see whether it holds any
record; a larger one surely holds names, and is not listed just to ask."""


class StoreError(Exception):
    """The records folder cannot be used (permissions, not a folder, disk full...)."""


def ensure_folder(root: Path) -> list[str]:
    """Create the folder 0700 if needed; return warnings about an existing one that
    others can read or write (it is someone's folder: never chmod it silently)."""
    if root.is_symlink():
        raise StoreError(f"the records folder {root} is a symbolic link; "
                         "point --records-dir at the real folder")
    try:
        make_private_dirs(root)
    except OSError as exc:
        raise StoreError(f"cannot create the records folder {root} "
                         f"({exc.strerror})") from exc
    if not root.is_dir():
        raise StoreError(f"{root} is not a folder")
    info = root.stat()
    if info.st_uid != os.geteuid():
        raise StoreError(f"the records folder {root} belongs to another user "
                         f"(uid {info.st_uid}), who could change or remove records; "
                         "use a folder of your own (--records-dir)")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o002:
        raise StoreError(f"the records folder {root} can be written by anyone "
                         f"(mode {mode:o}); run chmod 700 on it first")
    if mode & 0o077:
        return [f"the records folder {root} can be read by others (mode {mode:o}); "
                f"chmod 700 keeps records private"]
    return []


def record_names(root: str) -> set[str]:
    """The record files' names, unsorted (sorting 100,000 names took longer than listing
    them). Inline rather than files.is_record_name: a call per name doubled the time."""
    names = {n for n in os.listdir(root) if n[-5:] == ".toml" and n[:1] != "."}
    names.discard(HEAD_FILE)
    return names


def holds_no_record(root: Path, folder: os.stat_result | None = None) -> bool:
    """True when the folder surely holds no record: missing, or small and listing none.
    False says only that it may hold some. `folder`: its stat, when already taken.
    Raises nothing; a folder that cannot be listed holds none that could be read."""
    try:
        info = folder or os.stat(root)
        return info.st_size <= SMALL_FOLDER and not record_names(str(root))
    except OSError:
        return True
