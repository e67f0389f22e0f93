"""Provides `parse_files`: record files that have no usable index row, parsed and put
into the index, in two processes when there are many.

A first read of a folder (no index yet, or one cleared or from an older signoff) parses
every record: at 100,000 records about 20 s on one core, TOML first, then the index
row and its MACs. Each file's parse depends on that file alone, so from SPLIT_FROM
files a forked child parses the second half (forked.both). It writes its rows into the
index through a connection of its own (nothing SQLite opened crosses the fork: the
parent's is closed meanwhile) and hands back only the summaries, about 150 bytes each.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tui.core.records.file_reads import read_keyed as read_keyed  # tests count reads here
from tui.core.records.record import RecordDamaged
from tui.core.records.summary import summarize
from tui.runtime.stop import check_stop

if TYPE_CHECKING:
    from tui.core.records.index import RecordIndex
    from tui.core.records.record import Record


class Folder(Protocol):
    """What parse_files needs of a store (scans.FolderReads)."""

    root: Path

    def parse(self, name: str, raw: bytes) -> Record: ...

    def _index(self, use_index: bool = True) -> RecordIndex: ...

SPLIT_FROM = 2000
"""Files from which they are parsed in two processes: below, a fork costs more than it
saves."""

Parsed = list[list[Any] | RecordDamaged]
"""For each file, in the order asked: its summary (summary.summarize) or why it is
damaged."""


def parse_files(store: Folder, names: list[str], index: RecordIndex,
                workers: int = 1) -> Parsed:
    """Parse the files `names`, queue their rows in `index` (the child writes its own),
    and give what Parsed says. `workers` 2: in two processes where that is safe (the
    commands: forked.can_fork refuses wherever a thread runs, as in the app)."""
    from tui.runtime.forked import both, can_fork

    if workers < 2 or len(names) < SPLIT_FROM or (os.cpu_count() or 1) < 2 or not can_fork():
        return _parse(store, names, index)
    half = len(names) // 2
    use = index.con is not None
    with index.closed():
        def second() -> Parsed:
            own = store._index(use)
            try:
                return _parse(store, names[half:], own)
            finally:
                own.save()
                own.close()

        def first() -> Parsed:
            own = store._index(use)  # the same database, opened after the fork
            try:
                return _parse(store, names[:half], own)
            finally:
                own.save()
                own.close()

        parts = both(first, second, plain=True)
    return parts[0] + parts[1]


def _parse(store: Folder, names: list[str], index: RecordIndex) -> Parsed:
    out: Parsed = []
    root = str(store.root)
    for n, name in enumerate(names):
        if not n & 255:
            check_stop()
        try:
            key, raw = read_keyed(os.path.join(root, name), name)
            record = store.parse(name, raw)
        except RecordDamaged as exc:
            out.append(exc)
            continue
        index.put(name, key, raw, record)
        out.append(summarize(record))
    return out
