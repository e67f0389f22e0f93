"""Provides Picks: the records an export chooses, and their order, picked while `verify`
reads each file.

An export chose its records by reading every record's summary from the index (1.4 s
at 100,000 records), and then its verify read every file again. Now verify's own read
of each file, in both of its processes (chain._read_part), picks them: the file's
summary comes from the index row built from exactly the bytes verify read (the file's
identity and the SHA-256 of those bytes, under the row's HMAC), else from those bytes
parsed (and the row is made). The same filter then sees the same summaries the
summaries pass gave, so the same records are chosen, in the same order, and the same
files are named as damaged, with the same words.
"""

from __future__ import annotations

import bisect
import heapq
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from operator import itemgetter
from typing import Any

from tui.core.records.file_reads import damage_reason
from tui.core.records.index import Key, RecordIndex
from tui.core.records.record import RecordDamaged
from tui.core.records.scans import FolderReads, Preread
from tui.core.records.summary import Summary, of_record

WINDOW = 4096
"""Summary rows loaded at a time."""
Order = tuple[int, int | datetime, str]
"""order_key(): where an export puts a record."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def order_key(summary: Summary) -> Order:
    """Summary.order() with the start, where it has an offset (every record's does), as
    whole microseconds since 1970 in UTC: times with offsets compare as the instants
    they name, so the two sort alike (test_order_keys_sort_as_the_summaries_order),
    and verify's second process sends its picks back as numbers. Pickling 50,000
    start times, each with its own timezone object, took that process 0.3 s."""
    seq, started = summary.seq, summary.started
    return (seq if seq is not None else 1 << 62,
            started if started.utcoffset() is None  # (no record's; the time, as before)
            else (started - _EPOCH) // _MICROSECOND, summary.id)


@dataclass
class Picked:
    """What one part of verify's read picked: plain data, sent back from verify's second
    process."""

    got: dict[str, tuple[Key, str, bytes | None]] = field(default_factory=dict)
    order: list[tuple[Order, str]] = field(default_factory=list)
    sealed: list[tuple[int, str]] = field(default_factory=list)
    """(place in the chain, file name) of the files picked by their seal alone (see
    Picks.offer): their order keys are made in `chosen`."""
    damaged: list[tuple[str, str]] = field(default_factory=list)
    """(file name, reason) of each file that is not a readable record."""


class Picks(Preread):
    """A Preread that also chooses (`keep`, on each file's summary): see the module."""

    def __init__(self, store: FolderReads, keep: Callable[[Summary], bool] | None, *,
                 raw: bool, budget: int = 64_000_000) -> None:
        """`keep`: None when every record is kept (an export without filters)."""
        super().__init__(frozenset(), raw=raw, budget=budget)
        self.store = store
        self.keep = keep
        self.picked = Picked(self.got)
        self._index: RecordIndex | None = None
        self._names: list[str] = []
        self._next = 0
        self._upto = ""

    def wants(self, name: str) -> bool:
        return True

    def part(self, share: int) -> Picks:
        return Picks(self.store, self.keep, raw=self.raw, budget=self.budget // share)

    def begin(self, names: list[str]) -> None:
        """Opens the index in the process that reads the part (a connection must not
        cross a fork)."""
        self._index = RecordIndex(self.store.root, self.store.index_dir)
        self._names, self._next, self._upto = names, 0, ""

    def _rows_for(self, name: str) -> None:
        """Load the summary rows of the next WINDOW names from `name` on, when `name`
        is past those loaded (verify offers the files in name order): the part's rows
        at once were 40 MB beside verify's signature cache."""
        if self._upto and name <= self._upto:
            return
        start = bisect.bisect_left(self._names, name, self._next)
        end = min(start + WINDOW, len(self._names)) - 1
        if start > end:
            return
        assert self._index is not None
        self._index.load_summaries_between(self._names[start], self._names[end])
        self._next, self._upto = end + 1, self._names[end]

    def offer(self, name: str, key: Key, raw: bytes, digest: str,
              seq: int | None = None) -> None:
        """Without filters, a file whose intact seal gives its place (`seq`) and which has
        an authenticated summary row for these bytes (so it is a record, not a damaged
        file) is ordered by that place: decoding its summary and its start time for an
        order key was two thirds of picking 100,000 records. Two files can claim one
        place only in a chain verify fails; `chosen` orders those by their summaries."""
        index = self._index
        assert index is not None, "begin() first"
        if not self._upto or name > self._upto:
            self._rows_for(name)
        exact = key[0] == len(raw)  # else it changed as it was read: read again in its turn
        if seq is not None and exact and self.keep is None \
                and index.summary_holds(name, key, digest):
            self.picked.sealed.append((seq, name))
            self.keep_read(name, key, raw, digest)
            return
        summary = index.get_summary(name, key, digest) if exact else None
        if summary is None:
            try:
                record = self.store.parse(name, raw)
            except RecordDamaged as exc:
                self.picked.damaged.append((exc.name, exc.reason))
                return
            if exact:
                index.put(name, key, raw, record)
            summary = of_record(record)
        if self.keep is not None and not self.keep(summary):
            return
        self.picked.order.append((order_key(summary), name))
        if exact:
            self.keep_read(name, key, raw, digest)

    def refused(self, name: str, exc: OSError) -> None:
        self.picked.damaged.append((name, damage_reason(exc)))

    def end(self) -> Any:
        if self._index is not None:
            self._index.save()
            self._index.close()
            self._index = None
        return self.picked

    def merge(self, found: Any) -> None:
        assert isinstance(found, Picked)
        self.got.update(found.got)
        self.picked.order += found.order
        self.picked.sealed += found.sealed
        self.picked.damaged += found.damaged

    def chosen(self) -> tuple[list[str], list[RecordDamaged]]:
        """The chosen file names in export order, and the damaged files by name (once:
        the order keys are let go, 20 MB at 100,000 records)."""
        order, self.picked.order = self.picked.order, []
        sealed, self.picked.sealed = self.picked.sealed, []
        damaged = [RecordDamaged(name, reason) for name, reason in sorted(self.picked.damaged)]
        sealed.sort()  # (nearly sorted already: places grow with the names)
        others = {key[0] for key, _ in order}
        if others.intersection(seq for seq, _ in sealed) or any(
                a[0] == b[0] for a, b in pairwise(sealed)):  # (only where verify fails)
            claims = Counter(seq for seq, _ in sealed)
            claims.update(key[0] for key, _ in order)
            order += self._full_keys([(seq, name) for seq, name in sealed if claims[seq] > 1])
            sealed = [(seq, name) for seq, name in sealed if claims[seq] == 1]
        # A place no other file claims sorts by itself: the rest of its key never counts,
        # so those files merge with the others by place (no key made for 100,000 of them).
        order.sort()
        if not order:
            return [name for _, name in sealed], damaged
        return [name for _, name in heapq.merge(
            sealed, ((key[0], name) for key, name in order), key=itemgetter(0))], damaged

    def _full_keys(self, placed: list[tuple[int, str]]) -> list[tuple[Order, str]]:
        """The order keys of files picked by their seal whose place another file claims
        too, from their summary rows (checked again against the identity and hash
        verify read). A row gone since (another signoff rebuilding the index in the
        meantime) leaves the seal's place and the id, so the file is still exported."""
        index = RecordIndex(self.store.root, self.store.index_dir)
        out: list[tuple[Order, str]] = []
        try:
            for seq, name in placed:
                key, digest, _ = self.got[name]
                index.load_summaries_between(name, name)
                summary = index.get_summary(name, key, digest)
                if summary is not None:
                    out.append((order_key(summary), name))
                else:
                    out.append(((seq, 0, name.removesuffix(".toml")), name))
        finally:
            index.close()
        return out


def overview_kept(store: FolderReads) -> bool:
    """Whether the index holds a folder overview. Without one, an export reads every
    summary first (FolderReads.select), which leaves one behind for the next start."""
    if store.index_dir is None:
        return False
    from tui.core.records.overview_table import Stored

    index = RecordIndex(store.root, store.index_dir)
    try:
        return index.con is not None and Stored(index).load() is not None
    except sqlite3.Error:  # a broken database: take the path that rebuilds it
        return False
    finally:
        index.close()
