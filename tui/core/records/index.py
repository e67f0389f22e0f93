"""Provides the record index: parsed records cached in SQLite in the cache folder, each
row bound to the bytes of the file it was parsed from.

Parsing TOML is the slow part of listing thousands of records; a row holds the record
(and its summary) as a JSON list, parsed in C. The index lives in the cache folder
(one database per records folder), never in the records folder, and is only a cache:
deleting it costs one slow read.

Why a row can be trusted (README, "What the record index can and cannot do"):
- A row is used only while the file's size, mtime_ns, inode and ctime are what they
  were when the row was built (every save renames a new file into place: new inode).
- A row holds the SHA-256 of the file bytes it was parsed from. Reads of whole records
  (export, report, show, scan) read the file again and use the row only if the bytes
  still hash to it; a row whose hash does not match is rebuilt from the file.
- Every row carries an HMAC over its name, file identity, hash and content, keyed by
  32 random bytes kept in the records folder (`.index-key`, 0600). Whoever can write the
  cache folder but cannot read the records folder cannot make a row that is accepted:
  a row they edit, insert or move is rebuilt from the file, never shown.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from tui.core.records.file_keys import MISSING as MISSING
from tui.core.records.file_keys import Key as Key
from tui.core.records.file_keys import file_key as file_key
from tui.core.records.index_rows import ROW_FIELDS, Row, dump, load, pack, unpack
from tui.core.records.mac import Mac
from tui.core.records.record import Record
from tui.core.records.summary import Summary, from_list, summarize
from tui.core.records.summary_rows import SummaryRow, checked, checked_one, holds

INDEX_VERSION = 10
WRITE_EVERY = 2000
"""Queued rows written at once: a first read of 100,000 records queued them all (about
3.5 KB each), and export and history peaked at 407 MB."""
KEY_FILE = ".index-key"
OLD_FILES = (".index.json", ".index-summary.json", ".index-journal.jsonl")
"""The index files of earlier versions, kept in the records folder: removed on first use."""

def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def db_path(index_dir: Path, root: Path) -> Path:
    """One database per records folder, named by the hash of its resolved path."""
    resolved = os.path.realpath(root).encode("utf-8", "surrogateescape")
    return index_dir / f"records-{hashlib.sha256(resolved).hexdigest()[:32]}.sqlite3"


def mac_key(root: Path) -> bytes | None:
    """The records folder's index key, made on first need (32 random bytes, 0600); None
    when it cannot be read or made (a read-only folder: no index, every file parsed)."""
    path = root / KEY_FILE
    with contextlib.suppress(FileNotFoundError):
        key = path.read_bytes()
        return key if len(key) == 32 else None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another signoff made it meanwhile: next time
        return None
    except OSError:
        return None
    key = os.urandom(32)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, ino INTEGER, ctime INTEGER,
    hash TEXT, summary BLOB, summary_mac BLOB, record BLOB, record_mac BLOB)
"""


_SUMMARIES = "SELECT name, size, mtime, ino, ctime, hash, summary, summary_mac FROM rows"
"""The summary rows (summary_rows.SummaryRow)."""


def _connect(path: Path) -> sqlite3.Connection:
    """The database, made (0600) or rebuilt when it is from another version or damaged."""
    for attempt in range(2):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            os.close(fd)
            con = sqlite3.connect(path, timeout=0.5, isolation_level=None,
                                  check_same_thread=False)
            try:
                con.execute("PRAGMA synchronous=OFF")  # a cache: a crash only costs a rebuild
                if con.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
                    con.execute("DROP TABLE IF EXISTS rows")
                    con.execute(_SCHEMA)
                    con.execute(f"PRAGMA user_version={INDEX_VERSION}")
                con.execute("SELECT count(*) FROM rows LIMIT 1").fetchone()
                return con
            except sqlite3.Error:
                con.close()
                raise
        except sqlite3.DatabaseError:
            if attempt:
                raise
            with contextlib.suppress(OSError):
                path.unlink()
    raise AssertionError("unreachable")


class RecordIndex:
    """The cache for one records folder; without a cache folder or a key it is empty and
    takes nothing (every file is parsed). Rows are read only when asked for: a
    summary-only read never loads the records' columns."""

    def __init__(self, root: Path, index_dir: Path | None) -> None:
        self.root = root
        self.con: sqlite3.Connection | None = None
        self.key = b""
        self._hmac = Mac(b"")
        self._summaries: dict[str, SummaryRow] | None = None
        self._pending: list[tuple[Any, ...]] = []
        self._prefetched: dict[str, tuple[Any, ...]] = {}
        if index_dir is None:
            return
        for old in OLD_FILES:
            with contextlib.suppress(OSError):
                (root / old).unlink()
        key = mac_key(root)
        if key is None:
            return
        try:
            from tui.core.records.files import make_private_dirs

            make_private_dirs(index_dir)
            self._path = db_path(index_dir, root)
            self.con = _connect(self._path)
            self.key, self._hmac = key, Mac(key)
        except (OSError, sqlite3.Error):
            self.con = None

    def _mac(self, kind: bytes, name: str, key: Key, digest: str, blob: bytes) -> bytes:
        size, mtime, ino, ctime = key  # ints from stat, so the same bytes as %d gave
        head = f"\0{name}\0{size}\0{mtime}\0{ino}\0{ctime}\0{digest}\0".encode()
        return self._hmac.digest(kind, head, blob)  # = hmac.digest(self.key, ..., "sha256")

    def _load_summaries(self) -> dict[str, SummaryRow]:
        if self._summaries is None:
            self._summaries = {}
            if self.con is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._summaries = {row[0]: row for row in self.con.execute(_SUMMARIES)}
        return self._summaries

    def summary_range(self, low: str | None, high: str | None) -> dict[str, SummaryRow]:
        """The summary rows of the names from `low` up to but not including `high`
        (summary_rows), by name."""
        return {row[0]: row for row in self.summary_rows(low, high)}

    def summary_rows(self, low: str | None, high: str | None) -> list[SummaryRow]:
        """The summary rows, as `_load_summaries` reads them, of the names from `low` up
        to but not including `high` (None: no bound), in SQLite's order: that of its
        index of the names, which for names that are UTF-8 is Python's (listing.py reads
        a folder in two halves; it does not rely on the order)."""
        if self.con is None:
            return []
        sql = _SUMMARIES
        bounds = [f"name {op} ?" for op, b in ((">=", low), ("<", high)) if b is not None]
        if bounds:
            sql += " WHERE " + " AND ".join(bounds)
        with contextlib.suppress(sqlite3.Error, UnicodeEncodeError):
            return self.con.execute(sql, [b for b in (low, high) if b is not None]).fetchall()
        return []

    def summary_lists(self, names: list[str], keys: list[Key],
                      rows: Sequence[SummaryRow | None]) -> list[list[Any] | None]:
        """summary_rows.checked under this folder's key."""
        return checked(self._hmac, names, keys, rows)

    def load_summaries_between(self, first: str, last: str) -> None:
        """Load only the summary rows of the names from `first` to `last`, for the
        get_summary calls that follow (picks.py); where that cannot be asked (a name
        that is not UTF-8), every row is loaded when the first is asked for."""
        self._summaries = None
        if self.con is None:
            return
        with contextlib.suppress(sqlite3.Error, UnicodeEncodeError):
            self._summaries = {row[0]: row for row in self.con.execute(
                _SUMMARIES + " WHERE name BETWEEN ? AND ?", (first, last))}

    def get_summary(self, name: str, key: Key, content: str | None = None) -> Summary | None:
        """The summary of the file `name` while its identity is still `key` and its row
        is one this folder's key authenticated. Each row is handed out once (a read asks
        for each file once), so the rows' memory, 65 MB at 100,000, goes as their
        summaries come, and the rows left are those of files no longer there.
        `content`: the SHA-256 (hex) of the bytes just read, which the row must be of."""
        row = self._load_summaries().pop(name, None)
        if row is None or (content is not None and row[5] != content):
            return None
        found = checked_one(self._hmac, name, key, row)
        if found is None:
            return None
        try:
            return from_list(found)
        except (ValueError, TypeError):
            return None

    def summary_holds(self, name: str, key: Key, content: str) -> bool:
        """Whether the file `name`, of identity `key` and whose bytes hash to `content`,
        has an authenticated summary row: signoff parsed exactly those bytes into a
        record. Handed out once, as get_summary's rows are (an export without filters
        needs only this of each sealed file: picks.py)."""
        row = self._load_summaries().pop(name, None)
        return row is not None and row[5] == content and holds(self._hmac, name, key, row)

    def get(self, name: str, key: Key, raw: bytes | None = None,
            content: str | None = None) -> Record | None:
        """The record parsed from `raw` (the file's bytes, read just now) if a row built
        from exactly those bytes, at this identity, is in the index. `content`: the
        SHA-256 (hex) of those bytes instead of them, when the caller hashed them
        (verify, reading the file in the same command; see scans.Preread)."""
        row = self.get_row(name, key, raw, content)
        if row is None:
            return None
        try:
            return unpack(row)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None

    def get_row(self, name: str, key: Key, raw: bytes | None = None,
                content: str | None = None) -> Row | None:
        """What `get` gives, as the row's list (index_rows.pack), for a reader that needs
        no Record (the CSV export)."""
        if self.con is None or (raw is None and content is None):
            return None
        if name in self._prefetched:
            found = self._prefetched.pop(name)
        else:
            try:
                found = self.con.execute(
                    "SELECT size, mtime, ino, ctime, hash, record, record_mac FROM rows "
                    "WHERE name = ?", (name,)).fetchone()
            except (sqlite3.Error, UnicodeEncodeError):  # a name that is not UTF-8: no row
                return None
        if found is None or tuple(found[:4]) != key:
            return None
        digest, blob, mac = found[4:]
        if (not isinstance(blob, bytes) or not isinstance(mac, bytes)
                or not isinstance(digest, str)
                or (content if content is not None else content_hash(raw or b"")) != digest
                or not hmac.compare_digest(mac, self._mac(b"r", name, key, digest, blob))):
            return None
        try:
            row = load(blob)
        except ValueError:
            return None
        return row if isinstance(row, list) and len(row) == ROW_FIELDS else None

    def forget_summaries(self) -> None:
        """Let the summary rows go once read (50 MB at 100,000 records, which an export
        held while it wrote)."""
        self._summaries = None

    def prefetch(self, names: list[str]) -> None:
        """Read the rows of `names` in one query, for the `get`s that follow (one query
        per record was a sixth of a 10,000-record export)."""
        if self.con is None or not names:
            return
        select = "SELECT name, size, mtime, ino, ctime, hash, record, record_mac FROM rows "
        with contextlib.suppress(sqlite3.Error, UnicodeEncodeError):
            if all(a < b for a, b in pairwise(names)):
                # In name order (an export's usually are): the rows from the first to the
                # last, read in the table's order, cost two thirds of looking each name up
                # (IN). At most twice as many as asked for are read; any left are asked for.
                wanted = set(names)
                for name, *found in self.con.execute(
                        select + "WHERE name BETWEEN ? AND ? LIMIT ?",
                        (names[0], names[-1], 2 * len(names))):
                    if name in wanted:
                        self._prefetched[name] = tuple(found)
                names = [name for name in names if name not in self._prefetched]
                if not names:
                    return
            marks = ",".join("?" * len(names))
            for name, *found in self.con.execute(select + f"WHERE name IN ({marks})", names):
                self._prefetched[name] = tuple(found)

    def put(self, name: str, key: Key, raw: bytes, record: Record) -> None:
        """Queue a row for `record`, parsed from the bytes `raw` of a file whose identity
        is `key`; `save` writes the queue."""
        if self.con is None:
            return
        digest = content_hash(raw)
        summary, full = dump(summarize(record)), dump(pack(record))
        self._pending.append((name, *key, digest, summary,
                              self._mac(b"s", name, key, digest, summary), full,
                              self._mac(b"r", name, key, digest, full)))
        if len(self._pending) >= WRITE_EVERY:
            self.save()

    def save(self, names: set[str] | None = None, gone: Collection[object] = ()) -> None:
        """Write the queued rows, and forget files no longer in the folder (`names`; or
        `gone`, the names of rows whose files are not there). Best effort: a busy or
        broken database only means no cache this time."""
        if self.con is None:
            return
        pending, self._pending = self._pending, []
        if not pending and not gone and names is None:
            return  # nothing to write: no write lock to wait for
        try:
            self.con.execute("BEGIN IMMEDIATE")
            self.con.executemany("INSERT OR REPLACE INTO rows VALUES (?,?,?,?,?,?,?,?,?,?)",
                                 pending)
            stale = set(gone)
            if names is not None:
                stale |= set(self._load_summaries()) - names
            if stale:
                self.con.executemany("DELETE FROM rows WHERE name = ?",
                                     [(n,) for n in stale])
            self.con.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")

    @contextlib.contextmanager
    def closed(self) -> Iterator[None]:
        """The queued rows written and the connection closed meanwhile (nothing SQLite
        opened may cross a fork: parse_files.py), then opened again."""
        if self.con is None:
            yield
            return
        self.save()
        self.con.close()
        self.con = None
        try:
            yield
        finally:
            try:
                self.con = _connect(self._path)
            except (OSError, sqlite3.Error):
                self.con = None

    def close(self) -> None:
        if self.con is not None:
            with contextlib.suppress(sqlite3.Error):
                self.con.close()
            self.con = None


def note_written(root: Path, index_dir: Path | None, path: Path, raw: bytes,
                 record: Record) -> None:
    """Put the record the store just wrote to `path` (as `raw`) into the index, so the
    next history or export does not parse it (best effort: a failure here only means
    the next read parses that file). One row, replaced: the index stays bounded."""
    if index_dir is None:
        return
    try:
        key = file_key(path.stat())
    except OSError:
        return
    index = RecordIndex(root, index_dir)
    try:
        index.put(path.name, key, raw, record)
        index.save()
    finally:
        index.close()
