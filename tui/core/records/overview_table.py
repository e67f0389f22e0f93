"""Provides the folder overview's table in the record index database: the state (the
folder's identity when it was listed, the unsealed names, the newest dates per
platform) and the counted names, each under an HMAC with the folder's index key and
bound to each other (overview.py says what for)."""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from tui.core.records.index import INDEX_VERSION, RecordIndex

OVERVIEW_VERSION = 1
_TABLE = "CREATE TABLE IF NOT EXISTS folder_overview (id INTEGER PRIMARY KEY, blob BLOB, mac BLOB)"
DirKey = list[int]
"""The folder's mtime_ns, ctime_ns, inode and device."""


def dir_key(info: os.stat_result) -> DirKey:
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


@dataclass
class State:
    """The overview as stored: authenticated, of this version."""

    folder: DirKey
    racy: bool
    names_mac: str
    """The MAC of the counted names' row (so that an older one cannot be put back)."""
    open: list[str]
    latest: dict[str, list[str | None]]
    newest: list[str] = field(default_factory=list)
    """The NEWEST_KEPT largest record names (ids start with the date): the History
    screen's first screenful without listing the folder."""


class Stored:
    """The overview's table in the index database: row 1 the state, row 2 the counted
    names. The names are only appended to (a removal rebuilds them), so counting a new
    record never sorts or rewrites 100,000 of them as a digest of a sorted list would."""

    def __init__(self, index: RecordIndex) -> None:
        self.index = index
        assert index.con is not None
        self.con: sqlite3.Connection = index.con
        self.con.execute(_TABLE)

    def _mac(self, kind: bytes, blob: bytes) -> bytes:
        return hmac.digest(self.index.key, b"overview\0%s\0%s" % (kind, blob), "sha256")

    def _row(self, row: int, kind: bytes) -> bytes | None:
        """The row's blob if this folder's key authenticates it."""
        try:
            found = self.con.execute("SELECT blob, mac FROM folder_overview WHERE id = ?",
                                     (row,)).fetchone()
        except sqlite3.Error:
            return None
        if found is None or not isinstance(found[0], bytes) or not isinstance(found[1], bytes) \
                or not hmac.compare_digest(found[1], self._mac(kind, found[0])):
            return None
        return found[0]

    def load(self) -> State | None:
        blob = self._row(1, b"state")
        if blob is None:
            return None
        try:
            data: dict[str, Any] = json.loads(blob)
            if data["version"] != [INDEX_VERSION, OVERVIEW_VERSION]:
                return None
            return State(list(data["folder"]), bool(data["racy"]), str(data["names"]),
                          list(data["open"]), dict(data["latest"]), list(data["newest"]))
        except (ValueError, TypeError, KeyError):
            return None

    def counted(self, state: State) -> tuple[bytes, set[str]] | None:
        """The counted names (as stored, and as a set), if they are the ones `state`
        was written with."""
        blob = self._row(2, b"names")
        if blob is None or self._mac(b"names", blob).hex() != state.names_mac:
            return None
        return blob, set(blob.decode("utf-8", "surrogateescape").split("\n")) - {""}

    def save(self, state: State, names: bytes) -> None:
        """Write the state and the counted names in one transaction (best effort: a
        busy database means the next start does this work again)."""
        names_mac = self._mac(b"names", names)
        blob = json.dumps({"version": [INDEX_VERSION, OVERVIEW_VERSION],
                           "folder": state.folder, "racy": state.racy,
                           "names": names_mac.hex(), "open": state.open,
                           "newest": state.newest,
                           "latest": state.latest}, separators=(",", ":")).encode()
        try:
            self.con.execute("BEGIN IMMEDIATE")
            self.con.execute("INSERT OR REPLACE INTO folder_overview VALUES (2, ?, ?)",
                             (names, names_mac))
            self.con.execute("INSERT OR REPLACE INTO folder_overview VALUES (1, ?, ?)",
                             (blob, self._mac(b"state", blob)))
            self.con.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")
