"""Provides `list_folder`: every record's summary, each turned into text by the caller
(history's JSON entries or lines), in the order history lists them, read in two
processes from SPLIT_FROM files.

`signoff history` at 100,000 records spent nearly all its time on work each file needs
alone: a stat, its index row fetched and authenticated, the row decoded into a Summary
and the Summary into text. Here that work is split by name between this process and a
forked child (tui.runtime.forked; if the child fails in any way, this process does its
part itself): the child lists the folder and reads the later names, with their rows
fetched by that range of names, and sends back its text; this process reads the rows
of the earlier names and stats the files they name, and then holds them to the
child's listing. The text is made from the index's list itself, without Summary
objects: the dates are the ISO text signoff wrote, which is what
`datetime.fromisoformat(text).isoformat()` gives back. The order is history's:
(started, id), and among equals the file name, which is the order a stable sort of
the sorted names gave (no two files can hold the same id: a record's file is named
by its id).

What a line rests on is what RecordStore.summaries gives it (index.py): a row is used
only after its HMAC checks and only while the file's identity is the one it was built
from. A file without such a row is read and parsed after both halves, in file order
(in two processes when there are many: parse_files.py), so damaged files are named as
a single pass names them.
"""

from __future__ import annotations

import itertools
import operator
import os
import time
from bisect import bisect_left
from collections.abc import Callable
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING

from tui.core.records.file_reads import identities
from tui.core.records.files import HEAD_FILE, record_names
from tui.core.records.index import RecordIndex
from tui.core.records.listing_parts import Listed, Order, Packed, Part, Row
from tui.core.records.parse_files import parse_files
from tui.core.records.record import RecordDamaged
from tui.core.records.summary import from_list
from tui.core.records.summary_rows import SummaryRow
from tui.runtime.spill import Encoded, put, scratch, take
from tui.runtime.stop import check_stop

if TYPE_CHECKING:
    from tui.core.records.scans import FolderReads

Render = Callable[[Row], str]

SPLIT_FROM = 2000
"""Files from which the folder is read in two processes: below, forking costs more
than it saves."""
PARENT_SHARE = 57
"""The percentage of the rows this process reads when two do: the child also lists the
folder (0.1 s for 200,000 files) and sends its text back."""
PIECE = 2000
"""Texts per piece when they are merged here: the whole text (45 MB at 100,000) is
never made at once."""
ROW_FIELDS = 18
"""The length of a summary's list (from_list refuses any other)."""
CHUNK = 2000
"""Files stat'ed, checked and made into text at a time: the decoded rows of one chunk
are let go before the next (all of a half's at once were new memory, each page of it
a page fault: this process's peak at 100,000 was 155 MiB, 123 MiB a chunk at a
time)."""




def _names(root: str, low: str | None, high: str | None) -> tuple[list[str], list[str]]:
    """The record files' names (files.is_record_name) from `low` up to but not
    including `high`, sorted (then the rows are read, and the texts come, nearly in
    order), and the others, sorted (files.record_names: no call per name); all sorted
    at once, then cut, instead of picked out and sorted in two lists (0.015 s less of
    the child's 0.15 s listing 200,000)."""
    try:
        found = os.listdir(root)
    except OSError:
        return [], []
    names = record_names(found)
    del found
    names.sort()
    start = 0 if low is None else bisect_left(names, low)
    end = len(names) if high is None else bisect_left(names, high, start)
    if start == 0 and end == len(names):
        return names, []
    return names[start:end], names[:start] + names[end:]


def _by_name(rows: list[SummaryRow]) -> tuple[list[str], list[SummaryRow], list[object]]:
    """The names of `rows` a listing can give (_may_be_listed), sorted, their rows in
    the same order, and the other rows' names. SQLite gives them in the order of its
    index of the names, so they need no sorting (nor a dict to look them up: 0.04 s of
    57,000); where they come otherwise (a damaged database), they are sorted here, and
    of rows with the same name the last one counts."""
    names: list[str] = [row[0] for row in rows]
    own: list[SummaryRow] = rows
    gone: list[object] = []
    if not _all_listable(names):
        own = [row for row in rows if _may_be_listed(row[0])]
        gone = [row[0] for row in rows if not _may_be_listed(row[0])]
        names = [row[0] for row in own]
    if not all(map(operator.lt, names, names[1:])):
        last = {row[0]: row for row in own}
        names = sorted(last)
        own = [last[name] for name in names]
    return names, own, gone


def _all_listable(names: list[str]) -> bool:
    """Whether _may_be_listed takes every one of the names, asked of them all at once
    (0.01 s of 57,000, against 0.026 s one by one). They are joined by NULs: when the
    text holds no others, no name holds one, so each NUL ends a name, the five
    characters before it are that name's own, and the one after it starts the next."""
    try:
        joined = "\0".join(names)
    except TypeError:  # a name that is not text
        return False
    ends = len(names) - 1
    return (ends >= 0 and joined.count("\0") == ends and joined.count(".toml\0") == ends
            and joined.endswith(".toml") and not joined.startswith(".")
            and "\0." not in joined and "/" not in joined and HEAD_FILE not in names)


def _may_be_listed(name: object) -> bool:
    """Whether a row's name (whatever the cache holds) is one a listing can give, and so
    worth a stat (a NUL would make it fail, a slash would look elsewhere)."""
    return isinstance(name, str) and name[-5:] == ".toml" and name[:1] != "." \
        and name != HEAD_FILE and "/" not in name and "\0" not in name


def _read_part(store: FolderReads, low: str | None, high: str | None, render: Render,
               sep: str, keep: bool, listing: bool = True,
               opened: RecordIndex | None = None, spill: int | None = None) -> Part:
    """Read the names from `low` up to `high` (None: no bound), with their rows looked
    up by that range of names (in `opened`, else in an index opened here: never one
    opened before a fork). `listing`: the names are the folder's (and the part hands
    back the folder's other names); else they are those of the rows in the range, for
    the caller to hold against another part's listing (list_folder). `spill`: a
    scratch file to write the texts to (a child's, for its parent: tui.runtime.spill)."""
    root = str(store.root)
    index = opened if opened is not None else store._index()
    by_name: dict[str, SummaryRow] = {}
    own: list[SummaryRow] = []  # the rows of `names`, in turn (else in by_name)
    gone: list[object] = []
    try:
        if listing:
            own = index.summary_rows(low, high)
            names, others = _names(root, low, high)
            if [row[0] for row in own] != names:  # else each listed file has its row
                by_name, own = {row[0]: row for row in own}, []
        else:
            names, own, gone = _by_name(index.summary_rows(low, high))
            others = []
    finally:
        if opened is None:
            index.close()
    part = Part(others="\0".join(others), looked=[] if listing else names)
    del others
    take = by_name.pop
    orders: list[Order] = []
    texts = Packed(sep=sep)
    starts: list[str] = []
    fromiso = datetime.fromisoformat
    in_order = True
    for at in range(0, len(names), CHUNK):
        check_stop()
        chunk = names[at:at + CHUNK]
        rows = own[at:at + CHUNK] if own else [take(name, None) for name in chunk]
        lists = index.summary_lists(chunk, identities(root, chunk), rows)
        made: list[str] = []
        for name, row in zip(chunk, lists, strict=True):
            try:  # a row from_list would refuse is refused (RecordStore.summaries)
                if row is None or len(row) != ROW_FIELDS:
                    raise ValueError("no usable row")
                started = row[1]
                order = (fromiso(started), row[0], name)
                if row[2] is not None:
                    fromiso(row[2])
                if row[16] is not None:
                    fromiso(row[16])
                text = render(row)
            except (ValueError, TypeError, AttributeError, IndexError):
                part.slow.append(name)
                continue
            if in_order and orders and order[0] <= orders[-1][0] and order < orders[-1]:
                in_order = False  # (one datetime compared in the usual case, not two)
            orders.append(order)
            made.append(text)
            starts.append(started)
            if keep:
                part.rows.append((name, row))
        texts.add(made)
    part.gone = gone or list(by_name)  # the rows of no name here
    del own, by_name
    if not in_order:  # names sort as their files were made: the texts are nearly always in order
        at_order = sorted(range(len(orders)), key=orders.__getitem__)
        orders = [orders[n] for n in at_order]
        unsorted = list(texts)
        texts = Packed(sep=sep)
        for at in range(0, len(at_order), CHUNK):
            texts.add([unsorted[n] for n in at_order[at:at + CHUNK]])
        del unsorted
        starts = [starts[n] for n in at_order]
    part.texts = texts
    part.started = Packed.of(starts)
    part.ids = Packed.of([order[1] for order in orders])
    part.names = Packed.of([order[2] for order in orders])
    if spill is not None:
        part.spilled, texts.pieces = put(spill, texts.pieces, sep), []
    return part


def _entries(part: Part) -> list[tuple[Order, str]]:
    """A part's texts, each with its place in history's order."""
    fromiso = datetime.fromisoformat
    return [((fromiso(started), record_id, name), text) for text, started, record_id, name
            in zip(part.texts, part.started, part.ids, part.names, strict=True)]


def _in_order(parts: list[Part]) -> bool:
    """Whether the parts' texts, one after the other, are already in history's order:
    each part is sorted, and the names, and so mostly the dates, rise from one part to
    the next."""
    filled = [p for p in parts if p.texts]
    return all(a.edge(last=True) <= b.edge(last=False) for a, b in itertools.pairwise(filled))


def list_folder(store: FolderReads, render: Render, sep: str, workers: int = 2) -> Listed:
    """Every record's text (`render` of its summary's list), in history's order: oldest
    first by (started, id). Files without a usable index row are read and parsed (and
    their rows written); damaged ones are named in `damaged`, in file order."""
    began = time.time_ns()
    try:
        before: os.stat_result | None = os.stat(store.root)  # see note_full_read
    except OSError:
        before = None
    index = store._index()
    keep, middle = _plan(index, workers) if before is not None else (False, None)
    unlisted: set[str] = set()
    handed: Encoded | None = None  # the child's texts, as it wrote them (spill.py)
    if middle is not None:
        index.close()  # nothing SQLite opened crosses the fork
        parts, handed = _in_two(store, middle, render, sep)
        unlisted = _hold_to_listing(parts[0], parts[1].others)
        # Opened again only to write (a file to parse, rows to let go): opening it is
        # a few milliseconds more that nothing else waits on.
        index = store._index(use_index=any(p.slow or p.gone for p in parts))
    else:
        parts = [_read_part(store, None, None, render, sep, keep, opened=index)]
    damaged: list[RecordDamaged] = []
    late: list[tuple[Order, Row]] = []  # made into text once their rows are written
    rows = [row for part in parts for row in part.rows]
    try:
        slow = sorted(name for part in parts for name in part.slow)
        for name, got in zip(slow, parse_files(store, slow, index, workers), strict=True):
            if isinstance(got, RecordDamaged):
                damaged.append(got)
                continue
            late.append(((datetime.fromisoformat(got[1]), got[0], name), got))
            if keep:
                rows.append((name, got))
        index.save(gone=[name for part in parts for name in part.gone])
        if keep and before is not None:
            from tui.core.records.overview import note_full_read  # (not loaded otherwise)

            rows.sort(key=itemgetter(0))
            note_full_read(index, before, began,
                           [(name, from_list(row)) for name, row in rows], damaged)
    finally:
        index.close()
    if not late and not unlisted and _in_order(parts):
        return Listed([piece for p in parts if p.texts for piece in (
            p.texts.pieces if p.spilled < 0 or handed is None else [handed])],
            sum(len(p.texts) for p in parts), damaged)
    if handed is not None:
        parts[1].texts.restore(handed.text())
    del handed
    merged = [(order, render(row)) for order, row in late]
    del late
    merged += [entry for part in parts for entry in _entries(part)
               if entry[0][2] not in unlisted]
    merged.sort(key=itemgetter(0))
    texts = [text for _, text in merged]
    del merged
    return Listed([sep.join(texts[at:at + PIECE]) for at in range(0, len(texts), PIECE)],
                  len(texts), damaged)


def _in_two(store: FolderReads, middle: str, render: Render, sep: str
            ) -> tuple[list[Part], Encoded | None]:
    """The names below `middle` read by their rows here, and those from it on read by a
    forked child that lists the folder (forked.both), which writes its texts to a
    scratch file (spill.py) and hands back the rest of its part; the texts as it wrote
    them (None: they came back in the part)."""
    from tui.runtime.forked import both

    parent = os.getpid()
    with scratch() as held:
        def later() -> Part:
            child = held is not None and os.getpid() != parent
            return _read_part(store, middle, None, render, sep, False,
                              spill=held if child else None)

        first, second = both(lambda: _read_part(store, None, middle, render, sep, False,
                                                 False), later)
        if second.spilled < 0 or held is None:
            return [first, second], None
        try:
            return [first, second], take(held, second.spilled)
        except (OSError, ValueError):  # cannot be: the child wrote it. Read it here.
            return [first, _read_part(store, middle, None, render, sep, False)], None


def _hold_to_listing(part: Part, others: str) -> set[str]:
    """Make a part read by its rows' names (without a listing) one of the folder as
    another part listed it (`others`: the record names in its range, as Part.others):
    the files listed without a usable row are to be read, the rows of files not listed
    are gone, and the names it has text for that were not listed are returned (their
    texts are left out: a file that came after the listing, as a single pass would not
    have seen it)."""
    if len(part.texts) == len(part.looked) and "\0".join(part.looked) == others:
        return set()  # the usual case: every file listed was found, by its row
    listed = others.split("\0") if others else []
    names = set(listed)
    shown = set(part.names)
    part.slow = sorted(n for n in listed if n not in shown)
    part.gone += [n for n in part.looked if n not in names]
    return shown - names


def _plan(index: RecordIndex, workers: int) -> tuple[bool, str | None]:
    """Whether this read should leave the folder overview behind (note_full_read: there
    is an index but no overview in it; the rows are then kept, in one process), and
    else the name at which to split the folder between two processes: PARENT_SHARE of
    the names the index has rows for sort below it. Not on one core, nor where the
    index has few rows: a file without a row is read by this process."""
    import sqlite3

    from tui.core.records.overview_table import Stored
    from tui.runtime.forked import can_fork

    try:
        if index.con is None:
            return False, None
        if Stored(index).load() is None:
            return True, None
        if workers < 2 or (os.cpu_count() or 1) < 2 or not can_fork():
            return False, None
        (count,) = index.con.execute("SELECT count(*) FROM rows").fetchone()
        if count < SPLIT_FROM:
            return False, None
        found = index.con.execute("SELECT name FROM rows ORDER BY name LIMIT 1 OFFSET ?",
                                  (count * PARENT_SHARE // 100,)).fetchone()
        return False, found[0] if found is not None and isinstance(found[0], str) else None
    except sqlite3.Error:
        return False, None
