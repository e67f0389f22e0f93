"""Provides the record index: parsed records cached as JSON, keyed by file identity.

Parsing TOML is the slow part of listing thousands of records; JSON is parsed in C.
Each entry is used only while the file's size, modification time and inode are the
same as when it was cached (every save renames a new file into place, so any save
changes the inode), so the index can never show stale data. `verify` never reads it.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core.records import Record, RecordDamaged, from_data, to_data

INDEX_FILE = ".index.json"
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

    def get(self, name: str, key: Key) -> Record | None:
        cached = self.entries.get(name)
        if cached is None or tuple(cached[0]) != key:
            return None
        try:
            return from_data(_revive(cached[1]), name)
        except (RecordDamaged, ValueError, TypeError, KeyError):
            return None

    def put(self, name: str, key: Key, record: Record) -> None:
        data = json.loads(json.dumps(to_data(record), default=_encode))
        self.entries[name] = (key, data)
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
