"""Provides the reads of record files by name: one file's bytes with the identity of the
file they came from, and the identities of many files.

They open and stat by name relative to the open records folder where the system can
(`dir_fd`): building and walking 100,000 paths, and Python's file objects, were a third
of `verify` and a tenth of `history`. The identity (size, mtime_ns, inode, ctime_ns) is
what the record index binds its rows to (index.py).
"""

from __future__ import annotations

import os

from tui.core.records.file_keys import MISSING, Key, file_key
from tui.core.records.files import MAX_RECORD_BYTES as MAX_RECORD_BYTES
from tui.core.records.files import open_regular, read_to_end
from tui.core.records.record import RecordDamaged


def read_keyed(path: str, name: str) -> tuple[tuple[int, int, int, int], bytes]:
    """A record file's identity and bytes, from one open file (so they belong together),
    or RecordDamaged when it cannot be read, is not a regular file or is too large to be
    a record."""
    try:
        fd, info = open_regular(path)
        try:
            raw = read_to_end(fd, info)
        finally:
            os.close(fd)
    except OSError as exc:
        raise RecordDamaged(name, damage_reason(exc)) from exc
    return file_key(info), raw


def damage_reason(exc: OSError) -> str:
    """Why a record file that could not be read (`exc`, from open_regular or a read) is
    damaged, in the words every read of records uses."""
    ours = exc.filename is None and exc.strerror  # open_regular's own refusal
    return str(exc.strerror) if ours else f"cannot be read ({exc.strerror})"


def identities(folder: str, names: list[str]) -> list[Key]:
    """Each file's identity (MISSING where there is none), each stat relative to the
    open folder: joining and walking 100,000 paths was a tenth of `history`."""
    stat = os.stat
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY) \
            if stat in os.supports_dir_fd else None
    except OSError:
        fd = None
    out: list[Key] = []
    add = out.append
    try:
        for name in names:
            try:
                info = stat(name, dir_fd=fd) if fd is not None \
                    else stat(os.path.join(folder, name))
            except OSError:
                add(MISSING)
                continue
            add((info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns))
    finally:
        if fd is not None:
            os.close(fd)
    return out


def read_at(folder: int | None, root: str, file_name: str) -> tuple[bytes, Key]:
    """A file's bytes and the identity of the file they were read from, opened by name
    relative to the open records folder (`folder`; None: by path): Python's file
    objects and path joins were a third of verify's time. OSError when it cannot be
    read, is not a regular file or is too large (open_regular)."""
    fd, info = open_regular(file_name, folder) if folder is not None \
        else open_regular(os.path.join(root, file_name))
    try:
        return read_to_end(fd, info), file_key(info)
    finally:
        os.close(fd)
