"""Provides the record index: parsed records cached as JSON, keyed by file identity.

Parsing TOML is the slow part of listing thousands of records; JSON is parsed in C.
Each entry is used only while the file's size, modification time and inode are the
same as when it was cached (every save renames a new file into place, so any save
changes the inode), so the index can never show stale data. `verify` never reads it.

The store notes each file it writes in a journal (`.index-journal.jsonl`, one JSON line
appended per write, no fsync: it is only a cache), so a history read after a run in
another process is warm without loading and rewriting the whole index on every tick.
The next scan folds the journal into the index and empties it.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from tui.core.records import Record, RecordDamaged, from_data, to_data

INDEX_FILE = ".index.json"
JOURNAL_FILE = ".index-journal.jsonl"
INDEX_VERSION = 1

Key = tuple[int, int, int]


def file_key(stat: os.stat_result) -> Key:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _encode(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _revive(cached: dict[str, Any]) -> dict[str, Any]:
    """A copy of a cached entry with its times as datetimes (the entry stays JSON)."""
    data = dict(cached)
    for key in ("started", "finished"):
        if isinstance(data.get(key), str):
            data[key] = datetime.fromisoformat(data[key])
    data["steps"] = [
        {**step, "at": datetime.fromisoformat(step["at"])} if isinstance(step.get("at"), str)
        else step
        for step in data.get("steps", [])
    ]
    return data


class RecordIndex:
    """The cache for one records folder; a missing or broken index is just empty."""

    def __init__(self, root: Path) -> None:
        self.path = root / INDEX_FILE
        self.entries: dict[str, tuple[Key, dict[str, Any]]] = {}
        self.changed = False
        try:
            raw = json.loads(self.path.read_bytes())
            if raw.get("version") == INDEX_VERSION:
                self.entries = {name: (tuple(item[0]), item[1])
                                for name, item in raw["entries"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}
        self.journal = root / JOURNAL_FILE
        self._read_journal()

    def _read_journal(self) -> None:
        """Apply the entries the store noted since the index was last written; a torn or
        odd line (two writers at once, a crash) is skipped: the key check protects us."""
        try:
            raw = self.journal.read_bytes()
        except OSError:
            return
        for line in raw.splitlines():
            try:
                name, (size, mtime, inode), data = json.loads(line)
                if isinstance(name, str) and isinstance(data, dict):
                    self.entries[name] = ((int(size), int(mtime), int(inode)), data)
                    self.changed = True
            except (ValueError, TypeError):
                continue

    def get(self, name: str, key: Key) -> Record | None:
        cached = self.entries.get(name)
        if cached is None or tuple(cached[0]) != key:
            return None
        try:
            return from_data(_revive(cached[1]), name)
        except (RecordDamaged, ValueError, TypeError, KeyError):
            return None

    def put(self, name: str, key: Key, record: Record) -> None:
        self.entries[name] = (key, _json_data(record))
        self.changed = True

    def keep_only(self, names: set[str]) -> None:
        for name in set(self.entries) - names:
            del self.entries[name]
            self.changed = True

    def save(self) -> None:
        """Best effort: a read-only folder just means no cache."""
        if not self.changed:
            return
        from tui.core.store import atomic_write

        payload = {"version": INDEX_VERSION,
                   "entries": {n: [list(k), d] for n, (k, d) in self.entries.items()}}
        with contextlib.suppress(OSError):
            atomic_write(self.path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
            self.journal.unlink(missing_ok=True)


def _json_data(record: Record) -> dict[str, Any]:
    return cast("dict[str, Any]", json.loads(json.dumps(to_data(record), default=_encode)))


def note_written(root: Path, path: Path, record: Record) -> None:
    """Tell the index that the store just wrote `record` to `path` (best effort: a
    failure here only means the next scan parses that file)."""
    try:
        key = file_key(path.stat())
        line = json.dumps([path.name, list(key), to_data(record)], default=_encode,
                          ensure_ascii=False) + "\n"
        fd = os.open(root / JOURNAL_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    except (OSError, TypeError, ValueError):
        return
