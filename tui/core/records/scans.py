"""Provides the reads of a records folder that look at every record: whole scans,
summaries, selections for exports, and the open runs.

They go through the record index where a file has not changed since it was last parsed,
and with cyclic garbage collection paused (see tui.runtime.gc_pause). RecordStore
mixes them in; they use only its root, its list of names and its file loader.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tui.core.records.files import SEALED, is_record_name, tail
from tui.core.records.index import Key, RecordIndex, file_key
from tui.core.records.record import Record, RecordDamaged
from tui.core.records.summary import Summary, of_record
from tui.runtime.gc_pause import gc_paused

T = TypeVar("T")


@dataclass
class Scan:
    """Every record in the folder, and every file that could not be read as one."""

    records: list[Record] = field(default_factory=list)
    damaged: list[RecordDamaged] = field(default_factory=list)


@dataclass
class Selection:
    """Records chosen by their summaries (RecordStore.select): how many, the files that
    could not be read, and the records themselves, read as they are iterated."""

    count: int = 0
    damaged: list[RecordDamaged] = field(default_factory=list)
    records: Iterator[Record] = field(default_factory=lambda: iter(()))


@dataclass
class Summaries:
    """A summary of every record in the folder, and every file that could not be read."""

    items: list[Summary] = field(default_factory=list)
    damaged: list[RecordDamaged] = field(default_factory=list)



class FolderReads:
    """Whole-folder reads, for RecordStore."""

    root: Path

    def names(self) -> list[str]:
        raise NotImplementedError

    def load_file(self, path: Path) -> Record:
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

    def scan(self, use_index: bool = True) -> Scan:
        """Every record, read through the index where a file has not changed since it was
        last parsed; damaged files are read (and reported) every time."""
        scan = Scan()
        with gc_paused():
            scan.records = [record for _, _, record in self._read_all(
                lambda index, name, key: index.get(name, key) if index else None,
                lambda record: record, scan.damaged,
                RecordIndex(self.root) if use_index else None)]
            scan.records.sort(key=lambda r: (r.chain.seq if r.chain else 1 << 62, r.started,
                                             r.id))
        return scan

    def summaries(self) -> Summaries:
        """What `scan` gives, as summaries (no steps): a fraction of the work for lists and
        reminders. Unsorted."""
        out = Summaries()
        with gc_paused():
            out.items = [item for _, _, item in self._read_all(
                lambda index, name, key: index.get_summary(name, key) if index else None,
                of_record, out.damaged, RecordIndex(self.root))]
        return out

    def select(self, keep: Callable[[Summary], bool]) -> Selection:
        """The records whose summaries `keep` accepts, in `scan` order, each read from the
        index only when the iteration reaches it: an export of 100,000 records never
        holds them all, and one filtered by date never reads the others at all."""
        index = RecordIndex(self.root)
        out = Selection()
        with gc_paused():
            chosen = [(name, key, summary) for name, key, summary in self._read_all(
                lambda index, name, key: index.get_summary(name, key) if index else None,
                of_record, out.damaged, index) if keep(summary)]
            chosen.sort(key=lambda item: item[2].order())
        out.count = len(chosen)

        def records() -> Iterator[Record]:
            for name, key, _ in chosen:
                record = index.get(name, key)
                if record is None:
                    try:
                        record = self.load_file(self.root / name)
                    except RecordDamaged:  # damaged since it was listed: it was reported
                        continue
                yield record

        out.records = records()
        return out

    def _read_all(self, cached: Callable[[RecordIndex | None, str, Key], T | None],
                  made: Callable[[Record], T], damaged: list[RecordDamaged],
                  index: RecordIndex | None) -> list[tuple[str, Key, T]]:
        """One item per record file, with its name and key: from the index while the
        file's key matches, else from the file (which then goes into the index)."""
        items: list[tuple[str, Key, T]] = []
        names = self.names()
        folder = str(self.root)
        for name in names:
            try:
                key = file_key(os.stat(os.path.join(folder, name)))
            except OSError:
                key = (-1, -1, -1)
            item = cached(index, name, key)
            if item is None:
                try:
                    record = self.load_file(self.root / name)
                except RecordDamaged as exc:
                    damaged.append(exc)
                    continue
                if index is not None and key[0] >= 0:
                    index.put(name, key, record)
                item = made(record)
            items.append((name, key, item))
        if index is not None:
            index.keep_only(set(names))
            index.save()
        return items

    def open_runs(self) -> Scan:
        """The runs still in progress, oldest first, without reading every record: a
        finished record ends with its seal, so only files without one are parsed (and
        reported if damaged). Cheap enough for the start screen with 100,000 records;
        `verify`, not this, judges whether a sealed file was tampered with."""
        scan = Scan()
        folder = str(self.root)
        for name in self.names():
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
