"""Provides `checked`: the summary rows of many files checked in one loop, each as
RecordIndex.get_summary checks one.

`signoff history` checks 100,000 rows; a few calls per row (the MAC's, the decoder's)
were a third of the work, so the MAC (mac.Mac's two kept states) and the decoding are
written out here, once, for every caller.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any

from tui.core.records.index_rows import load
from tui.core.records.mac import Mac

FileKey = tuple[int, int, int, int]
"""A file's identity (index.Key): size, mtime_ns, inode, ctime_ns."""
SummaryRow = tuple[str, int, int, int, int, str, bytes, bytes]
"""A summary row as the index reads it, SQLite's row as it comes: the file's name, the
identity it was built at (size, mtime_ns, inode, ctime_ns), the file's SHA-256, the
summary's JSON and its MAC (regrouping the identity into a tuple of its own was a
sixth of reading 100,000 rows)."""


def checked(mac: Mac, names: list[str], keys: list[FileKey],
            rows: Sequence[SummaryRow | None]) -> list[list[Any] | None]:
    """For each file of `names`, whose identity is now the one in `keys`: its summary, as
    the list `summarize` made (see summary.from_list), if its row, the one beside it in
    `rows` (None: none), was built at that identity and its MAC, under `mac`, holds for
    that name; else None."""
    out: list[list[Any] | None] = []
    add, same = out.append, hmac.compare_digest
    inner, outer = mac.states()
    for name, key, row in zip(names, keys, rows, strict=True):
        if row is None or row[1:5] != key:
            add(None)
            continue
        digest, blob, tag = row[5:]
        if type(blob) is not bytes or type(tag) is not bytes:
            add(None)
            continue
        size, mtime, ino, ctime = key  # ints from stat: the bytes RecordIndex._mac makes
        state = inner()
        state.update(f"s\0{name}\0{size}\0{mtime}\0{ino}\0{ctime}\0{digest}\0".encode())
        state.update(blob)
        end = outer()
        end.update(state.digest())
        if not same(tag, end.digest()):
            add(None)
            continue
        try:
            found = load(blob)
        except ValueError:
            add(None)
            continue
        add(found if type(found) is list else None)
    return out


def holds(mac: Mac, name: str, key: FileKey, row: SummaryRow) -> bool:
    """Whether `row` was built at the identity `key` and its MAC, under `mac`, holds:
    signoff parsed those very bytes into a record (checked_one, without decoding the
    summary, for a reader that needs only to know the file is a record)."""
    if row[1:5] != key:
        return False
    _, blob, tag = row[5:]
    if type(blob) is not bytes or type(tag) is not bytes:
        return False
    size, mtime, ino, ctime = key  # ints from stat: the bytes RecordIndex._mac makes
    return hmac.compare_digest(tag, mac.digest(
        f"s\0{name}\0{size}\0{mtime}\0{ino}\0{ctime}\0{row[5]}\0".encode(), blob))


def checked_one(mac: Mac, name: str, key: FileKey, row: SummaryRow) -> list[Any] | None:
    """checked() for one file and its row (RecordIndex.get_summary, 100,000 times in an
    export's picks): building the lists and the dict around one row was a fifth of
    checking it."""
    if not holds(mac, name, key, row):
        return None
    try:
        found = load(row[6])
    except ValueError:
        return None
    return found if type(found) is list else None
