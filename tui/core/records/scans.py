"""Provides the reads of a records folder that look at every record: whole scans,
summaries, selections for exports, and the open runs.

They go through the record index (index.py says when a row may be used instead of
parsing the file), and with cyclic garbage collection paused (see tui.runtime.gc_pause). RecordStore
mixes them in; they use only its root, its list of names and its file loader.
"""

from __future__ import annotations

import heapq
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.records.file_keys import Key
from tui.core.records.file_reads import MAX_RECORD_BYTES as MAX_RECORD_BYTES  # store's
from tui.core.records.file_reads import identities
from tui.core.records.file_reads import read_keyed as read_keyed  # tests count reads here
from tui.core.records.files import SEALED, is_record_name, tail
from tui.core.records.preread import Preread as Preread
from tui.core.records.record import Record, RecordDamaged
from tui.core.records.summary import Summary, from_list
from tui.runtime.gc_pause import gc_paused
from tui.runtime.stop import check_stop

if TYPE_CHECKING:
    from tui.core.records.index import RecordIndex
    from tui.core.records.index_rows import Row
    from tui.core.records.overview import Overview

@dataclass
class Scan:
    """Every record in the folder, and every file that could not be read as one."""

    records: list[Record] = field(default_factory=list)
    damaged: list[RecordDamaged] = field(default_factory=list)


@dataclass
class Selection:
    """Records chosen by their summaries (RecordStore.select): how many, the files that
    could not be read, and the records themselves, read as they are iterated (from
    `preread` where verify left a file's bytes)."""

    count: int = 0
    damaged: list[RecordDamaged] = field(default_factory=list)
    records: Iterator[Record] = field(default_factory=lambda: iter(()))
    names: list[str] = field(default_factory=list)
    """The chosen files, in the order `records` reads them."""
    preread: Preread = field(default_factory=Preread)


@dataclass
class Summaries:
    """A summary of every record in the folder, and every file that could not be read."""

    items: list[Summary] = field(default_factory=list)
    damaged: list[RecordDamaged] = field(default_factory=list)



class FolderReads:
    """Whole-folder reads, for RecordStore."""

    root: Path
    index_dir: Path | None

    def names(self) -> list[str]:
        raise NotImplementedError

    def load_file(self, path: Path) -> Record:
        raise NotImplementedError

    def parse(self, name: str, raw: bytes) -> Record:
        raise NotImplementedError

    def newest(self, count: int) -> list[Path]:
        """The `count` newest record files by name, newest first, without sorting them all
        (the History screen's first screenful)."""
        try:
            names = os.listdir(self.root)
        except OSError:
            return []
        wanted = count + 8  # a few other files (chain-head.toml) sort among the newest
        while True:  # filtering 100,000 names took longer than finding the largest few
            top = [n for n in heapq.nlargest(wanted, names) if is_record_name(n)]
            if len(top) >= count or wanted >= len(names):
                return [self.root / n for n in top[:count]]
            wanted *= 4

    def _index(self, use_index: bool = True) -> RecordIndex:
        from tui.core.records.index import RecordIndex  # SQLite: not for an empty folder

        return RecordIndex(self.root, self.index_dir if use_index else None)

    def _record(self, index: RecordIndex, name: str, got: tuple[Key, bytes] | None = None,
                hashed: tuple[Key, str] | None = None) -> Record:
        """The record in the file `name`, read now (or `got`, its bytes as verify read
        them in this command): from the index only if a row built from exactly these
        bytes at this file identity is there, else parsed (and the row rebuilt).
        `hashed`: the identity and SHA-256 of the bytes verify read, instead of the
        bytes (see Preread); without a row for them, the file is read now. Raises
        RecordDamaged."""
        if hashed is not None and (record := index.get(name, hashed[0], None, hashed[1])) \
                is not None:
            return record
        key, raw = got if got is not None else read_keyed(os.path.join(self.root, name), name)
        record = index.get(name, key, raw)
        if record is None:
            record = self.parse(name, raw)
            index.put(name, key, raw, record)
        return record

    def scan(self, use_index: bool = True) -> Scan:
        """Every record, each file read and hashed; the TOML is parsed only where the
        index holds no row for those bytes. Damaged files are reported every time."""
        scan = Scan()
        index = self._index(use_index)
        names = self.names()
        with gc_paused():
            for n, name in enumerate(names):
                if not n & 255:
                    check_stop()
                try:
                    scan.records.append(self._record(index, name))
                except RecordDamaged as exc:
                    scan.damaged.append(exc)
            scan.records.sort(key=lambda r: (r.chain.seq if r.chain else 1 << 62, r.started,
                                             r.id))
        index.save(set(names))
        index.close()
        return scan

    def summaries(self, workers: int = 1) -> Summaries:
        """What `scan` gives, as summaries (no steps): a fraction of the work for lists and
        reminders. Unsorted. `workers`: see _read_summaries."""
        out = Summaries()
        index = self._index()
        with gc_paused():
            out.items = [item for _, item in self._read_summaries(index, out.damaged,
                                                                   workers)]
        index.close()
        return out

    def select(self, keep: Callable[[Summary], bool], workers: int = 1) -> Selection:
        """The records whose summaries `keep` accepts, in `scan` order, each read from its
        file when the iteration reaches it: an export of 100,000 records never holds
        them all, and one filtered by date never reads the others at all. `workers`:
        see _read_summaries."""
        index = self._index()
        out = Selection()
        with gc_paused():  # the names alone are kept: the summaries are 60 MB at 100,000
            ordered = sorted((summary.order(), name) for name, summary
                             in self._read_summaries(index, out.damaged, workers)
                             if keep(summary))
            out.names = [name for _, name in ordered]
            del ordered
        out.count = len(out.names)
        out.preread = Preread(frozenset(out.names), raw=index.con is None)
        index.close()
        out.records = self.records_of(out.names, out.preread)
        return out

    def records_of(self, names: list[str], preread: Preread) -> Iterator[Record]:
        """The records in the files `names`, in that order (see rows_of)."""
        from tui.core.records.index_rows import unpack

        return map(unpack, self.rows_of(names, preread))

    def rows_of(self, names: list[str], preread: Preread) -> Iterator[Row]:
        """The records in the files `names`, in that order, as the index's rows
        (index_rows.pack), each read when the iteration reaches it (from `preread` where
        verify read it), through an index opened when the first is asked for: in the
        process that iterates (a connection must not cross a fork). A file damaged
        since it was chosen is left out (it was reported)."""
        index = self._index()
        try:
            for n, name in enumerate(names):
                if n % 500 == 0:
                    check_stop()
                    index.prefetch(names[n:n + 500])
                seen = preread.got.pop(name, None)
                try:
                    yield self._row(index, name) if seen is None else self._row(
                        index, name, (seen[0], seen[2]) if seen[2] is not None else None,
                        (seen[0], seen[1]))
                except RecordDamaged:
                    continue
            index.save()
        finally:
            index.close()

    def _row(self, index: RecordIndex, name: str, got: tuple[Key, bytes] | None = None,
             hashed: tuple[Key, str] | None = None) -> Row:
        """What `_record` gives, as the index's row: the CSV export renders rows."""
        if hashed is not None and (row := index.get_row(name, hashed[0], None, hashed[1])) \
                is not None:
            return row
        key, raw = got if got is not None else read_keyed(os.path.join(self.root, name), name)
        row = index.get_row(name, key, raw)
        if row is None:  # parsed and its row rebuilt, as _record does
            from tui.core.records.index_rows import pack

            row = pack(self._record(index, name, (key, raw)))
        return row

    def _read_summaries(self, index: RecordIndex, damaged: list[RecordDamaged],
                        workers: int = 1) -> list[tuple[str, Summary]]:
        """One summary per record file: from the index while the file's identity matches
        an authenticated row, else from the file (which then goes into the index; with
        `workers` 2, many files are parsed in two processes: parse_files.py)."""
        items: list[tuple[str, Summary]] = []
        began = time.time_ns()
        try:
            before = os.stat(self.root)  # before the listing: see note_full_read
        except OSError:
            before = None
        names = self.names()
        folder = str(self.root)
        get = index.get_summary
        check_stop()
        found: list[Summary | None] = []
        for n, (name, key) in enumerate(zip(names, identities(folder, names), strict=True)):
            if not n & 1023:
                check_stop()
            found.append(get(name, key))
        missing = [name for name, item in zip(names, found, strict=True) if item is None]
        parsed: Iterator[list[Any] | RecordDamaged] = iter(())
        if missing:  # parsed now, their rows written (in two processes if many)
            from tui.core.records.parse_files import parse_files

            parsed = iter(parse_files(self, missing, index, workers))
        for name, item in zip(names, found, strict=True):
            if item is None:
                got = next(parsed)
                if isinstance(got, RecordDamaged):
                    damaged.append(got)
                    continue
                item = from_list(got)
            items.append((name, item))
        index.save(set(names))
        if before is not None:
            from tui.core.records.overview import note_full_read

            note_full_read(index, before, began, items, damaged)
        return items

    def open_runs(self) -> Scan:
        """The runs still in progress, oldest first, and the unsealed files that could not
        be read: from the folder overview (overview.py), which reads only the files not
        sealed when last looked at; without an index, by each file's tail."""
        from tui.core.records.overview import read_overview

        found = read_overview(self)
        if found is not None:
            return Scan(found.open, found.damaged)
        return self._open_runs_by_tail()

    def overview(self) -> Overview:
        """The open runs and the newest real review and sign-out per platform (the start
        screen, `signoff due`). Without an index, every record's summary is read."""
        from tui.core.records.overview import Overview, fold, read_overview

        found = read_overview(self)
        if found is None:
            scan = self._open_runs_by_tail()
            found = Overview(scan.records, scan.damaged)
            for item in self.summaries().items:
                if item.sealed:
                    fold(found.latest, item)
        return found

    def _open_runs_by_tail(self) -> Scan:
        """The runs still in progress without an index: a finished record ends with its
        seal, so only files without one are parsed (and reported if damaged)."""
        scan = Scan()
        folder = str(self.root)
        for n, name in enumerate(self.names()):
            if n % 512 == 0:
                check_stop()
            path = os.path.join(folder, name)
            try:
                if SEALED.search(tail(path, 256)):
                    continue
            except OSError:
                pass
            try:
                record = self.load_file(self.root / name)
            except RecordDamaged as exc:
                scan.damaged.append(exc)
                continue
            if record.outcome == "in-progress":
                scan.records.append(record)
        scan.records.sort(key=lambda r: (r.started, r.id))
        return scan

    def in_progress(self) -> list[Record]:
        return self.open_runs().records
