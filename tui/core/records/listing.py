"""Provides `list_folder`: every record's summary, each turned into text by the caller
(history's JSON entries or lines), in the order history lists them, read in two
processes from SPLIT_FROM files.

`signoff history` at 100,000 records spent nearly all its time on work each file needs
alone: a stat, its index row fetched and authenticated, the row decoded into a Summary
and the Summary into text. Here that work is split between this process and a forked
child (tui.runtime.forked: the child reads the later half of the names, its own rows
by a range of names, and sends back its text; if it fails in any way, this process
reads that half itself). The text is made from the index's list itself, without
Summary objects: the dates are the ISO text signoff wrote, which is what
`datetime.fromisoformat(text).isoformat()` gives back.

What a line rests on is what RecordStore.summaries gives it (index.py): a row is used
only after its HMAC checks and only while the file's identity is the one it was built
from. A file without such a row is read and parsed here, in file order, after both
halves, so damaged files are named as a single pass names them, and the rows made are
written by this process alone.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui.core.records.file_reads import identities, read_keyed
from tui.core.records.files import is_record_name
from tui.core.records.record import RecordDamaged
from tui.core.records.summary import from_list, summarize
from tui.runtime.stop import check_stop

if TYPE_CHECKING:
    from tui.core.records.scans import FolderReads

Row = list[Any]
"""A summary as the index keeps it (summary.summarize)."""
Render = Callable[[Row], str]

SPLIT_FROM = 2000
"""Files from which the folder is read in two processes: below, forking costs more
than it saves."""
ROW_FIELDS = 18
"""The length of a summary's list (from_list refuses any other)."""


@dataclass
class Part:
    """What reading the names in a range found: their texts in history's order, joined
    by the caller's separator, with each one's length, date, id and place among the
    range's names (for merging with other parts); the files without a usable row, with
    their places; and the names of rows whose files are not there."""

    text: str = ""
    sizes: list[int] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    places: list[int] = field(default_factory=list)
    slow: list[tuple[int, str]] = field(default_factory=list)
    gone: list[object] = field(default_factory=list)
    rows: list[tuple[str, Row]] = field(default_factory=list)
    """Each used row with its file's name, when asked to keep them (the overview)."""


@dataclass
class Listed:
    """Every record's text in history's order, as pieces to write with the separator
    between them (they are not joined: 45 MB at 100,000), how many records there are,
    and the files that could not be read, in file order."""

    pieces: list[str]
    count: int
    damaged: list[RecordDamaged]


Order = tuple[datetime, str, int, int]
"""history's order: (started, id), and among equals the file order that a stable sort
over the files keeps (the part, the place in it)."""


def _names(root: str, low: str | None, high: str | None) -> list[str]:
    """The record files' names from `low` up to but not including `high`, sorted, as
    RecordStore.names lists them."""
    try:
        found = os.listdir(root)
    except OSError:
        return []
    if low is None and high is None:
        return sorted(n for n in found if is_record_name(n))
    low_ok = (lambda n: True) if low is None else low.__le__
    high_ok = (lambda n: True) if high is None else high.__gt__
    return sorted(n for n in found if is_record_name(n) and low_ok(n) and high_ok(n))


def _read_part(store: FolderReads, low: str | None, high: str | None, render: Render,
               sep: str, keep: bool) -> Part:
    """List and read the names from `low` up to `high` (None: no bound), with their rows
    looked up by that range of names."""
    root = str(store.root)
    names = _names(root, low, high)
    index = store._index()
    try:
        rows = index.summary_range(low, high)
        lists = index.summary_lists(names, identities(root, names), rows)
    finally:
        index.close()
    check_stop()
    part = Part(gone=list(rows))
    del rows
    found: list[tuple[tuple[datetime, str, int], str, str]] = []
    fromiso = datetime.fromisoformat
    for place, row in enumerate(lists):
        try:  # a row from_list would refuse is refused (RecordStore.summaries)
            if row is None or len(row) != ROW_FIELDS:
                raise ValueError("no usable row")
            order = (fromiso(row[1]), row[0], place)
            if row[2] is not None:
                fromiso(row[2])
            if row[16] is not None:
                fromiso(row[16])
            text = render(row)
        except (ValueError, TypeError, AttributeError, IndexError):
            part.slow.append((place, names[place]))
            continue
        found.append((order, row[1], text))
        if keep:
            part.rows.append((names[place], row))
    del lists
    found.sort(key=lambda item: item[0])
    part.text = sep.join([text for _, _, text in found])
    part.sizes = [len(text) for _, _, text in found]
    part.started = [started for _, started, _ in found]
    part.ids = [order[1] for order, _, _ in found]
    part.places = [order[2] for order, _, _ in found]
    return part


def _entries(part: Part, number: int, sep: str) -> list[tuple[Order, str]]:
    """A part's texts, each with its place in history's order."""
    out = []
    at = 0
    fromiso = datetime.fromisoformat
    for size, started, record_id, place in zip(part.sizes, part.started, part.ids,
                                               part.places, strict=True):
        out.append(((fromiso(started), record_id, number, place), part.text[at:at + size]))
        at += size + len(sep)
    return out


def _in_order(parts: list[Part]) -> bool:
    """Whether the parts' texts, one after the other, are already in history's order:
    each part is sorted, and the names, and so mostly the dates, rise from one part to
    the next."""
    fromiso = datetime.fromisoformat
    filled = [(number, p) for number, p in enumerate(parts) if p.sizes]
    return all((fromiso(a.started[-1]), a.ids[-1], i) <= (fromiso(b.started[0]), b.ids[0], j)
               for (i, a), (j, b) in itertools.pairwise(filled))


def list_folder(store: FolderReads, render: Render, sep: str, workers: int = 2) -> Listed:
    """Every record's text (`render` of its summary's list), in history's order: oldest
    first by (started, id). Files without a usable index row are read and parsed (and
    their rows written); damaged ones are named in `damaged`, in file order."""
    from tui.core.records.overview import note_full_read

    began = time.time_ns()
    try:
        before: os.stat_result | None = os.stat(store.root)  # see note_full_read
    except OSError:
        before = None
    keep, middle = _plan(store, workers) if before is not None else (False, None)
    if middle is not None:
        from tui.runtime.forked import both

        parts = list(both(lambda: _read_part(store, None, middle, render, sep, False),
                          lambda: _read_part(store, middle, None, render, sep, False)))
    else:
        parts = [_read_part(store, None, None, render, sep, keep)]
    damaged: list[RecordDamaged] = []
    late: list[tuple[Order, str]] = []
    rows = [row for part in parts for row in part.rows]
    root = str(store.root)
    index = store._index()
    try:
        for number, part in enumerate(parts):
            for place, name in part.slow:
                try:
                    key, raw = read_keyed(os.path.join(root, name), name)
                    record = store.parse(name, raw)
                except RecordDamaged as exc:
                    damaged.append(exc)
                    continue
                index.put(name, key, raw, record)
                row = summarize(record)
                late.append(((record.started, record.id, number, place), render(row)))
                if keep:
                    rows.append((name, row))
        index.save(gone=[name for part in parts for name in part.gone])
        if keep and before is not None:
            rows.sort(key=lambda item: item[0])
            note_full_read(index, before, began,
                           [(name, from_list(row)) for name, row in rows], damaged)
    finally:
        index.close()
    count = sum(len(p.sizes) for p in parts) + len(late)
    if not late and _in_order(parts):
        return Listed([p.text for p in parts if p.sizes], count, damaged)
    merged = late + [entry for number, part in enumerate(parts)
                     for entry in _entries(part, number, sep)]
    merged.sort(key=lambda item: item[0])
    return Listed([sep.join([text for _, text in merged])] if merged else [], count, damaged)


def _utf8(name: str) -> bool:
    """Whether SQLite can be given the name (one that is not UTF-8 has no row)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plan(store: FolderReads, workers: int) -> tuple[bool, str | None]:
    """Whether this read should leave the folder overview behind (note_full_read: there
    is an index but no overview in it; the rows are then kept, in one process), and
    else the name at which to split the folder between two processes: the middle of
    the names the index has rows for (where there are few, or none, there is nothing
    to share: a file without a row is read by this process). The index is closed
    again before anything forks."""
    import sqlite3

    from tui.core.records.overview_table import Stored
    from tui.runtime.forked import can_fork

    index = store._index()
    try:
        if index.con is None:
            return False, None
        if Stored(index).load() is None:
            return True, None
        if workers < 2 or not can_fork():
            return False, None
        (count,) = index.con.execute("SELECT count(*) FROM rows").fetchone()
        if count < SPLIT_FROM:
            return False, None
        found = index.con.execute("SELECT name FROM rows ORDER BY name LIMIT 1 OFFSET ?",
                                  (count // 2,)).fetchone()
        return False, found[0] if found is not None and isinstance(found[0], str) else None
    except sqlite3.Error:
        return False, None
    finally:
        index.close()
