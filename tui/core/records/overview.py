"""Provides the folder overview: what the start screen shows of a records folder (the
runs still open, and per platform the last real review and sign-out) without reading
every record each time the app starts.

Reading 100,000 records' tails and summaries made the start screen wait 3 seconds and
hold 225 MiB. The overview is kept in the record index's database beside the rows:

- A sealed record never changes (RecordStore refuses to save one), so each sealed
  record is folded into the overview once, by name, and its name is kept with the
  overview (the counted names). Only the other files (open runs, files that cannot be read, new
  files) are read on each start.
- The folder's own identity (its mtime, ctime, inode, device) is kept with it. Adding,
  removing or renaming a file changes the folder's mtime, so while the folder's
  identity is what it was, its list of files is too, and the open runs are read by
  name without listing the folder. Otherwise the folder is listed and compared with
  the names counted: new files are read, and if a counted record went away the
  overview is rebuilt from every record's summary.
- A folder changed within the last two seconds may change again within the same tick
  of the file system's clock without its mtime moving (git's "racy" files), so such an
  overview is checked against a listing next time instead of trusted.
- The overview and its counted names are authenticated by the index key (the records
  folder's `.index-key`), and bound to each other: someone who can write the cache folder but not
  read the records folder cannot hide an open run or change a review date; an edited
  overview or name list is rebuilt from the files.

What it does not judge: a sealed record edited in place after it was counted keeps its
old dates here until the next rebuild. Whether a record was tampered with is for
`signoff verify`, which reads every file.
"""

from __future__ import annotations

import heapq
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui.core.records.file_keys import MISSING, Key, file_key
from tui.core.records.folder import holds_no_record, record_names
from tui.core.records.record import Record, RecordDamaged
from tui.core.records.summary import Summary, of_record
from tui.runtime.gc_pause import gc_paused
from tui.runtime.stop import check_stop

if TYPE_CHECKING:
    from tui.core.records.index import RecordIndex
    from tui.core.records.overview_table import State, Stored

# SQLite and the overview's table are imported past the first check of each read: a
# folder with no record at all opens no index (nor loads SQLite, hashlib or the rows'
# JSON), which is every first start.


class FolderReads(Protocol):
    """What the overview needs of the store (tui.core.records.scans.FolderReads)."""

    root: Path

    def _index(self, use_index: bool = True) -> RecordIndex: ...

    def _record(self, index: RecordIndex, name: str,
                got: tuple[Key, bytes] | None = None) -> Record: ...

RACY_NS = 2_000_000_000
"""How recently the folder may have changed for its identity not to be trusted yet."""
NEWEST_KEPT = 100


@dataclass(frozen=True)
class Latest:
    """A stand-in for the newest real records of a platform, as reminders read them
    (tui.core.reports.due.Run): the overview keeps dates, not records."""

    platform: str
    goal: str
    outcome: str
    finished: datetime | None
    mode: str = "real"


@dataclass
class Overview:
    """The open runs (oldest first), the files among the unsealed ones that could not be
    read, and per platform used in a real sealed run: [last completed routine review,
    last completed other run] (ISO times or None)."""

    open: list[Record] = field(default_factory=list)
    damaged: list[RecordDamaged] = field(default_factory=list)
    latest: dict[str, list[str | None]] = field(default_factory=dict)

    def for_reviews(self) -> list[Latest | Record]:
        """What `reviews_due` needs to give the same answer as over every record: the
        newest dates per platform, and the open runs (a real one marks its platform
        as used)."""
        out: list[Latest | Record] = list(self.open)
        fromiso = datetime.fromisoformat
        for platform, (review, other) in self.latest.items():
            out.append(Latest(platform, "", "in-progress", None))
            if review is not None:
                out.append(Latest(platform, "routine-review", "completed", fromiso(review)))
            if other is not None:
                out.append(Latest(platform, "sign-out", "completed", fromiso(other)))
        return out


def fold(latest: dict[str, list[str | None]], item: Summary) -> None:
    """Count one sealed record's dates into `latest` (only real runs count)."""
    if item.mode != "real":
        return
    slot = latest.setdefault(item.platform, [None, None])
    if item.outcome != "completed" or item.finished is None:
        return
    kind = 0 if item.goal == "routine-review" else 1
    now = slot[kind]
    if now is None or datetime.fromisoformat(now) < item.finished:
        slot[kind] = item.finished.isoformat()


def read_overview(store: FolderReads) -> Overview | None:
    """The folder's overview, or None when it keeps no index (no cache folder, or a
    folder whose index key cannot be read or made): the caller reads the files."""
    began = time.time_ns()
    try:
        folder = os.stat(store.root)
    except OSError:
        return Overview()  # no folder yet: no records in view
    if holds_no_record(store.root, folder):
        return Overview()  # a new user's folder: no index to open (nor sqlite3 to load)
    import sqlite3

    from tui.core.records.overview_table import Stored, dir_key

    index = store._index()
    if index.con is None:
        index.close()
        return None
    try:
        stored = Stored(index)
        state = stored.load()
        if state is not None and not state.racy and state.folder == dir_key(folder):
            found = _open_runs(store, index, state.open)
            if found is not None:
                index.save()
                return Overview(found[0], found[1], state.latest)
        return _reconcile(store, index, stored, state, folder, began)
    except sqlite3.Error:
        return None
    finally:
        index.close()


def _open_runs(store: FolderReads, index: RecordIndex, names: list[str]
               ) -> tuple[list[Record], list[RecordDamaged]] | None:
    """The records of `names` (unsealed when last looked at), oldest first, and those
    that could not be read; None if one of them was sealed since (the overview is then
    reconciled: a file changed in place, not by signoff)."""
    runs: list[Record] = []
    damaged: list[RecordDamaged] = []
    for name in names:
        try:
            record = store._record(index, name)
        except RecordDamaged as exc:
            damaged.append(exc)
            continue
        if record.chain is not None:
            return None
        if record.outcome == "in-progress":
            runs.append(record)
    runs.sort(key=lambda r: (r.started, r.id))
    return runs, damaged


def _reconcile(store: FolderReads, index: RecordIndex, stored: Stored, state: State | None,
               folder: os.stat_result, began: int) -> Overview:
    """List the folder and bring the overview up to date with it: read the files not yet
    counted, or every summary when a counted record went away or the stored overview
    cannot be used."""
    from tui.core.records.overview_table import State, dir_key

    folder_path = str(store.root)
    try:
        names = record_names(folder_path)
    except OSError:
        names = set()
    counted_names = stored.counted(state) if state is not None else None
    check_stop()
    rebuild = state is None or counted_names is None or not counted_names[1] <= names
    counted: set[str] = set()
    latest: dict[str, list[str | None]] = {}
    blob = b""
    if not rebuild and state is not None and counted_names is not None:
        blob, counted = counted_names
        latest = {k: list(v) for k, v in state.latest.items()}
    added: list[str] = []
    unsealed: list[str] = []
    out = Overview(latest=latest)
    with gc_paused():
        for n, name in enumerate(sorted(names - counted)):
            if n % 256 == 0:
                check_stop()
            try:
                key = file_key(os.stat(os.path.join(folder_path, name)))
            except OSError:
                key = MISSING
            item = index.get_summary(name, key)
            if item is None or not item.sealed:
                try:
                    record = store._record(index, name)
                except RecordDamaged as exc:
                    out.damaged.append(exc)
                    unsealed.append(name)  # read again, and reported, each time
                    continue
                if record.chain is None:
                    unsealed.append(name)
                    if record.outcome == "in-progress":
                        out.open.append(record)
                    continue
                item = of_record(record)
            fold(latest, item)
            added.append(name)
    out.open.sort(key=lambda r: (r.started, r.id))
    index.save()
    if added or rebuild:
        blob += "".join(f"{name}\n" for name in added).encode("utf-8", "surrogateescape")
    stored.save(State(dir_key(folder), folder.st_mtime_ns >= began - RACY_NS, "",
                       unsealed, latest, heapq.nlargest(NEWEST_KEPT, names)), blob)
    return out


def note_full_read(index: RecordIndex, folder: os.stat_result, began: int,
                   items: list[tuple[str, Summary]], damaged: list[RecordDamaged]) -> None:
    """After a read of every record's summary (history, an export), keep the overview it
    implies, so that the next start does not read them all again. `folder` is the
    folder's identity taken before it was listed (at `began`): a change while reading
    makes the next start list it again. Only when there is no stored overview (the
    first read of a folder, or one whose overview was refused): bringing one up to
    date is the start's cheaper listing. Best effort: a busy database costs that later."""
    import sqlite3

    from tui.core.records.overview_table import State, Stored, dir_key

    if index.con is None:
        return
    try:
        stored = Stored(index)
        if stored.load() is not None:
            return
        latest: dict[str, list[str | None]] = {}
        counted: list[str] = []
        unsealed = [d.name for d in damaged]
        for name, item in items:
            if item.sealed:
                fold(latest, item)
                counted.append(name)
            else:
                unsealed.append(name)
        stored.save(State(dir_key(folder), folder.st_mtime_ns >= began - RACY_NS, "",
                           unsealed, latest,
                           heapq.nlargest(NEWEST_KEPT, [*unsealed, *counted])),
                    "".join(f"{name}\n" for name in counted).encode("utf-8", "surrogateescape"))
    except sqlite3.Error:
        return


def newest_names(store: FolderReads, count: int) -> list[str] | None:
    """The `count` largest record names, if the stored overview is of the folder as it
    is now (not changed since it was listed, nor just before); else None: list it."""
    if count > NEWEST_KEPT:
        return None
    try:
        folder = os.stat(store.root)
    except OSError:
        return None
    import sqlite3

    from tui.core.records.overview_table import Stored, dir_key

    index = store._index()
    try:
        if index.con is None:
            return None
        state = Stored(index).load()
        if state is None or state.racy or state.folder != dir_key(folder):
            return None
        return state.newest[:count]
    except sqlite3.Error:
        return None
    finally:
        index.close()
