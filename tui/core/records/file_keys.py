"""Provides a record file's identity (size, mtime_ns, inode, ctime_ns): what the record
index binds its rows to, and what the reads of record files hand back with the bytes.

On its own so that reading files by name does not import the index itself (SQLite,
hashlib, the rows' JSON): a folder with no record at all opens no index, and the plain
mode's first prompt and the app's start need none of it then.
"""

from __future__ import annotations

import os

Key = tuple[int, int, int, int]
"""A file's identity: size, mtime_ns, inode, ctime_ns."""
MISSING: Key = (-1, -1, -1, -1)


def file_key(stat: os.stat_result) -> Key:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)
