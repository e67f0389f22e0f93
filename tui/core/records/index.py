"""Provides the record index: parsed records cached as JSON, keyed by file identity.

Parsing TOML is the slow part of listing thousands of records; JSON is parsed in C.
Each entry is used only while the file's size, modification time and inode are the
same as when it was cached (every save renames a new file into place, so any save
changes the inode), so the index can never show stale data. `verify` never reads it.

Two files, each read only when needed: `.index.json` holds whole records (for export
and the report), `.index-summary.json` the summaries that lists and reminders show
(see summary.py), a fifth of the bytes. A line is the file's name, its key and a flat
JSON list in a fixed field order (not a dict: fewer bytes to read, no key lookups).
Entries are built back without the checks `from_data` makes on untrusted TOML, so each
file carries a SHA-256 of its body and is ignored as a whole unless the body is
exactly what signoff wrote (a hand edit, a different version or a damaged disk means
one slow scan, never a wrong record).

The store notes each file it writes in a journal (`.index-journal.jsonl`, one JSON line
appended per write, no fsync: it is only a cache), so a history read after a run in
another process is warm without loading and rewriting the whole index on every tick.
The next scan folds the journal into the index and empties it. Journal lines carry no
checksum, so they go through `from_data` like a record file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.core.records.record import Chain, Record, RecordDamaged, StepEntry, from_data, to_data
from tui.core.records.summary import Summary, from_list, summarize

INDEX_FILE = ".index.json"
SUMMARY_FILE = ".index-summary.json"
JOURNAL_FILE = ".index-journal.jsonl"
INDEX_VERSION = 7
_MAGIC = b"signoff-index"

Key = tuple[int, int, int]
Row = list[Any]
"""A record as the index keeps it (see pack)."""
Cached = tuple[Key, memoryview | Row]
"""The file's key and its list: JSON bytes as read from the index file (a view into
them), a list once put."""


def file_key(stat: os.stat_result) -> Key:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def pack(record: Record) -> Row:
    """The record as a JSON-ready list; `unpack` is its inverse (a test holds them to
    every field of Record, so a new field cannot be dropped silently)."""
    chain = record.chain
    return [
        record.id, record.flow_id, record.flow_hash, record.platform, record.surface,
        record.goal, record.lang, record.started.isoformat(), record.mode, record.operator,
        record.subject, dict(record.answers),
        [[s.id, s.title, s.status, _iso(s.at), s.reason, s.note, s.mismatch, s.seq, s.digest]
         for s in record.steps],
        record.outcome, _iso(record.finished), record.app_version, record.schema,
        [chain.seq, chain.prev, chain.hash] if chain is not None else None, record.ticks,
        record.key, record.unsigned,
        _iso(record.waiting_until), dict(record.fields),
    ]


def unpack(row: Row) -> Record:
    """The record a checksummed entry holds (no shape checks: see the module doc)."""
    fromiso = datetime.fromisoformat
    (rid, flow_id, flow_hash, platform, surface, goal, lang, started, mode, operator,
     subject, answers, steps, outcome, finished, app_version, schema, chain, ticks, key,
     unsigned, waiting_until, subject_fields) = row
    return Record(
        rid, flow_id, flow_hash, platform, surface, goal, lang, fromiso(started), mode,
        operator, subject, dict(answers),
        [StepEntry(i, title, status, fromiso(at) if at is not None else None, reason, note,
                   mismatch, seq, digest)
         for i, title, status, at, reason, note, mismatch, seq, digest in steps],
        outcome, fromiso(finished) if finished is not None else None, app_version, schema,
        Chain(*chain) if chain is not None else None, ticks, key, unsigned,
        fromiso(waiting_until) if waiting_until is not None else None, dict(subject_fields),
    )


def _encode(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _revive(cached: dict[str, Any]) -> dict[str, Any]:
    """A journal entry with its times as datetimes, ready for `from_data`."""
    data = dict(cached)
    for key in ("started", "finished"):
        if isinstance(data.get(key), str):
            data[key] = datetime.fromisoformat(data[key])
    data["steps"] = [
        {**step, "at": datetime.fromisoformat(step["at"])}
        if isinstance(step, dict) and isinstance(step.get("at"), str) else step
        for step in data.get("steps", [])
    ]
    return data


def _read_table(raw: bytes) -> dict[str, Cached]:
    """The entries of an index file, or none unless its checksum holds. Each line is
    found here but its list is parsed only when asked for, one small json.loads at a
    time: one large one held the GIL (and so the app's screen) for a second at 100,000
    records. A list stays a view into the file's bytes, not a copy: splitting the body
    into lines and fields copied it three times over (at 100,000 records, 114 MB each),
    which made most of an export's peak memory."""
    import hashlib  # here: OpenSSL is slow to load and the start screen never needs it

    end = raw.find(b"\n")
    parts = raw[:end].split(b" ")
    view = memoryview(raw)
    if (end < 0 or len(parts) != 3 or parts[0] != _MAGIC
            or parts[1] != str(INDEX_VERSION).encode()
            or hashlib.sha256(view[end + 1:]).hexdigest().encode() != parts[2]):
        return {}
    entries: dict[str, Cached] = {}
    find, start, total = raw.find, end + 1, len(raw)
    while start < total:
        stop = find(b"\n", start)
        t1 = find(b"\t", start, stop)
        t2 = find(b"\t", t1 + 1, stop)
        t3 = find(b"\t", t2 + 1, stop)
        t4 = find(b"\t", t3 + 1, stop)
        if min(stop, t1, t2, t3, t4) < 0:
            raise ValueError("a line of the index is cut short")
        entries[raw[start:t1].decode()] = (
            (int(raw[t1 + 1:t2]), int(raw[t2 + 1:t3]), int(raw[t3 + 1:t4])),
            view[t4 + 1:stop])
        start = stop + 1
    return entries


class _Table:
    """One index file: file name -> key and a list (records or summaries)."""

    def __init__(self, path: Path, make: Callable[[Record], Row]) -> None:
        self.path = path
        self.make = make
        self.entries: dict[str, Cached] = {}
        self.loaded = False
        self.changed = False

    def load(self, journal: list[tuple[str, Key, Record]]) -> dict[str, Cached]:
        if not self.loaded:
            self.loaded = True
            with contextlib.suppress(OSError, ValueError):
                self.entries = _read_table(self.path.read_bytes())
            for name, key, record in journal:
                self.put(name, key, record)
        return self.entries

    def row(self, name: str, key: Key, journal: list[tuple[str, Key, Record]]) -> Row | None:
        """The list cached for the file `name`, while its key is still `key`."""
        cached = self.load(journal).get(name)
        if cached is None or cached[0] != key:
            return None
        row = cached[1]
        return json.loads(row.tobytes()) if isinstance(row, memoryview) else row

    def put(self, name: str, key: Key, record: Record) -> None:
        self.entries[name] = (key, self.make(record))
        self.changed = True

    def save(self) -> None:
        import hashlib

        from tui.core.records.files import atomic_write

        body = b"".join(
            b"%s\t%d\t%d\t%d\t%s\n" % (name.encode(), size, mtime, inode, _dump(row))
            for name, ((size, mtime, inode), row) in self.entries.items())
        header = b"%s %d %s\n" % (_MAGIC, INDEX_VERSION,
                                  hashlib.sha256(body).hexdigest().encode())
        atomic_write(self.path, header + body)
        self.changed = False


def _dump(value: memoryview | Row) -> bytes:
    """Rows read from the old file go back as they were read, not parsed and dumped."""
    if isinstance(value, memoryview):
        return value.tobytes()
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


_BROKEN = (ValueError, TypeError, KeyError, IndexError, AttributeError)


class RecordIndex:
    """The cache for one records folder; a missing or broken index is just empty. Its two
    files are read only when asked for: a summary-only read never loads the records."""

    def __init__(self, root: Path) -> None:
        self.records = _Table(root / INDEX_FILE, pack)
        self.summaries = _Table(root / SUMMARY_FILE, summarize)
        self.journal = root / JOURNAL_FILE
        self.journaled = False
        self.noted = self._read_journal()

    def _read_journal(self) -> list[tuple[str, Key, Record]]:
        """The entries the store noted since the index was last written; a torn or odd
        line (two writers at once, a crash) is skipped: the key check protects us."""
        try:
            raw = self.journal.read_bytes()
        except OSError:
            return []
        self.journaled = True
        noted = []
        for line in raw.splitlines():
            try:
                name, (size, mtime, inode), data = json.loads(line)
                if not isinstance(name, str) or not isinstance(data, dict):
                    continue
                record = from_data(_revive(data), name)
            except (ValueError, TypeError, KeyError, RecordDamaged):
                continue
            if record.id + ".toml" == name:
                noted.append((name, (int(size), int(mtime), int(inode)), record))
        return noted

    def get(self, name: str, key: Key) -> Record | None:
        try:
            row = self.records.row(name, key, self.noted)
            return None if row is None else unpack(row)
        except _BROKEN:
            return None

    def get_summary(self, name: str, key: Key) -> Summary | None:
        try:
            row = self.summaries.row(name, key, self.noted)
            return None if row is None else from_list(row)
        except _BROKEN:
            return None

    def put(self, name: str, key: Key, record: Record) -> None:
        """Into both files, so that a file parsed for a list is not parsed again for an
        export (rare: the journal covers every file signoff writes)."""
        for table in (self.records, self.summaries):
            table.load(self.noted)
            table.put(name, key, record)

    def keep_only(self, names: set[str]) -> None:
        for table in (self.records, self.summaries):
            for name in set(table.entries) - names:
                del table.entries[name]
                table.changed = True

    def save(self) -> None:
        """Best effort: a read-only folder just means no cache. The journal is emptied
        only once both files hold what it noted."""
        tables = (self.records, self.summaries)
        if self.journaled:
            for table in tables:
                table.load(self.noted)
        with contextlib.suppress(OSError):
            for table in tables:
                if table.changed:
                    table.save()
            if self.journaled:
                self.journal.unlink(missing_ok=True)


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
