"""Provides what the history listing's parts hand each other (listing.py): `Packed`
strings, each process's `Part` and the whole `Listed` result, and history's `Order`.
They are plain data that pickle small, since the child's part crosses a fork."""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.core.records.record import RecordDamaged
from tui.runtime.spill import Encoded

Row = list[Any]
"""A summary as the index keeps it (summary.summarize)."""


@dataclass
class Packed:
    """Strings as a few texts (`pieces`), each of some of them joined by `sep`, with
    their lengths and how many each piece holds: how a part's lists come back from the
    child (lists of 50,000 strings took longer to pickle and unpickle than 22 MB of
    text). The strings are joined a chunk at a time, as they are made, and written a
    piece at a time: joining a half's 23 MB of text once more, and encoding it in one
    piece, took each process as much new memory again, all of it page faults. A list
    made at once (`of`) is joined only when it is pickled: this process's own never
    is (the three of 57,000 took it 0.01 s)."""

    pieces: list[str] = field(default_factory=list)
    sizes: array[int] = field(default_factory=lambda: array("L"))
    counts: array[int] = field(default_factory=lambda: array("L"))
    sep: str = ""
    items: list[str] | None = None
    """The strings, not yet joined (of)."""

    @classmethod
    def of(cls, items: list[str], sep: str = "") -> Packed:
        return cls(sep=sep, items=items)

    def add(self, items: list[str]) -> None:
        """Add the strings as one more piece."""
        if self.items is not None:
            self.items += items
        elif items:
            self.pieces.append(self.sep.join(items))
            self.sizes.extend(map(len, items))
            self.counts.append(len(items))

    def __getstate__(self) -> dict[str, object]:
        if self.items is None:
            return dict(self.__dict__)
        packed = Packed(sep=self.sep)
        packed.add(self.items)
        return dict(packed.__dict__)

    def restore(self, text: str) -> None:
        """The pieces back, as the one text they make (sep between them): what
        spill.put wrote of them."""
        self.pieces, self.counts = [text] if self.sizes else [], array("L", [len(self.sizes)])

    def __len__(self) -> int:
        return len(self.sizes) if self.items is None else len(self.items)

    def __iter__(self) -> Iterator[str]:
        if self.items is not None:
            yield from self.items
            return
        sizes, step = iter(self.sizes), len(self.sep)
        for text, count in zip(self.pieces, self.counts, strict=True):
            at = 0
            for size in itertools.islice(sizes, count):
                yield text[at:at + size]
                at += size + step

    def edge(self, last: bool) -> str:
        """The first or the last string."""
        if self.items is not None:
            return self.items[-1 if last else 0]
        if last:
            text = self.pieces[-1]
            return text[len(text) - self.sizes[-1]:]
        return self.pieces[0][:self.sizes[0]]


@dataclass
class Part:
    """What reading the names in a range found: their texts in history's order (joined
    by the caller's separator), and each one's started, id and file name (to merge it
    with other parts); the files without a usable row; and the names of rows whose
    files are not there."""

    texts: Packed = field(default_factory=Packed)
    started: Packed = field(default_factory=Packed)
    ids: Packed = field(default_factory=Packed)
    names: Packed = field(default_factory=Packed)
    slow: list[str] = field(default_factory=list)
    gone: list[object] = field(default_factory=list)
    others: str = ""
    """The folder's record names outside the range, when the part listed it, sorted and
    each but the last followed by a NUL (no name holds one): 57,000 names took 0.028 s
    to pickle and unpickle as a list, 0.009 s joined (the join too)."""
    looked: list[str] = field(default_factory=list)
    """The names looked up, when they were the rows' (not a listing's)."""
    rows: list[tuple[str, Row]] = field(default_factory=list)
    """Each used row with its file's name, when asked to keep them (the overview)."""
    spilled: int = -1
    """When the texts were written to a scratch file instead (spill.put; `texts.pieces`
    is then empty): their size there in bytes."""

    def edge(self, last: bool) -> Order:
        """The first (or last) text's place in history's order."""
        return (datetime.fromisoformat(self.started.edge(last)), self.ids.edge(last),
                self.names.edge(last))


@dataclass
class Listed:
    """Every record's text in history's order, as pieces to write with the separator
    between them (they are not joined: 45 MB at 100,000), how many records there are,
    and the files that could not be read, in file order."""

    pieces: list[str | Encoded]
    count: int
    damaged: list[RecordDamaged]


Order = tuple[datetime, str, str]
"""history's order: started, id, file name."""
