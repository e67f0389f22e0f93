"""Provides `write_export`: an export's text written to its file or to the screen, in two
processes when it is large.

At 100,000 records the CSV is 637 MB, and reading the records' rows and rendering them
took 5 s on one core. Each record's text depends on that record alone, so the chosen
records are cut in two: the parent writes the first half (after the title or header)
and a forked child the second, which is joined to the output in the kernel
(reports/halves.py). A file is written atomically as before: the halves go to a
temporary file beside it, renamed over it once complete. The bytes are those one
process writes; below SPLIT_FROM records, where a fork would cost more than it saves,
or where a fork is not safe, one process writes them all.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from tui.core.flows.model import Step
from tui.core.records.files import atomic_write_chunks, atomic_write_with
from tui.core.records.index_rows import TEXTS_FIELD
from tui.core.records.record import Record
from tui.core.records.scans import Preread
from tui.core.records.store import RecordStore
from tui.core.reports.halves import Fill, Write, fill_fd, write_in_two
from tui.i18n import words_for
from tui.runtime.forked import can_fork

SPLIT_FROM = 2000
"""Records from which an export is written in two processes."""


@dataclass
class Output:
    """What to write: the chosen records (by file name, in order; `preread`: what verify
    read of them) and how to render them."""

    store: RecordStore
    names: list[str]
    preread: Preread
    fmt: str
    redact: bool
    head: str | None
    verified: str
    lang: str
    texts: Callable[[str | None], Mapping[str, Step]]
    """The steps a texts file holds, by its hash (commands.records.step_texts)."""

    def shown(self, record: Record) -> Mapping[str, Step]:
        return self.texts(record.texts)

    def pieces(self, names: list[str], prelude: bool = True, ending: bool = True
               ) -> Iterator[str]:
        """The text of the records in `names`, read as it is made (each process reads
        its own half through its own index connection: scans.rows_of). The CSV is made
        from the index's rows as they are, the other formats from Records."""
        from tui.core.reports.export import chunks, csv_rows

        words = words_for(("md.", "csv."), self.lang)
        if self.fmt == "csv":
            return csv_rows(((row, self.texts(row[TEXTS_FIELD]))
                             for row in self.store.rows_of(names, self.preread)),
                            self.redact, self.head, True, self.verified, words,
                            prelude=prelude)
        return chunks(self.store.records_of(names, self.preread), self.fmt,
                      redact=self.redact, count=len(self.names), words=words,
                      head=self.head, shown=self.shown, verified=self.verified,
                      prelude=prelude, ending=ending)

    def encoded(self, names: list[str], prelude: bool = True, ending: bool = True,
                errors: str = "strict") -> Iterator[bytes]:
        """What `pieces` gives, encoded as UTF-8 with `errors`: the CSV made as bytes
        (reports/csv_bytes.py: its cells that repeat are encoded once)."""
        if self.fmt != "csv":
            return (piece.encode("utf-8", errors)
                    for piece in self.pieces(names, prelude=prelude, ending=ending))
        from tui.core.reports.csv_bytes import csv_chunks

        texts = self.texts
        return csv_chunks(((row, texts(row[TEXTS_FIELD]))
                           for row in self.store.rows_of(names, self.preread)),
                          self.redact, self.head, True, self.verified,
                          words_for(("md.", "csv."), self.lang), prelude=prelude,
                          errors=errors)

    def half(self, names: list[str], first: bool, errors: str = "strict") -> Fill:
        """The text of `names` as bytes: with the prelude if `first`, else the ending."""
        def fill(write: Write) -> None:
            for chunk in self.encoded(names, prelude=first, ending=not first, errors=errors):
                write(chunk)
        return fill

    def whole(self) -> Fill:
        def fill(write: Write) -> None:
            for chunk in self.encoded(self.names):
                write(chunk)
        return fill

    def in_two(self, fd: int, scratch_dir: str | None, errors: str = "strict") -> None:
        half = len(self.names) // 2
        write_in_two(fd, self.half(self.names[:half], True, errors),
                     self.half(self.names[half:], False, errors), scratch_dir)


def write_export(output: Output, target: Path | None, to: TextIO) -> None:
    """The export to the file `target`, atomically, else to `to`. Raises OSError."""
    two = output.fmt != "xlsx" and len(output.names) >= SPLIT_FROM and can_fork()
    if target is None:
        fd = _utf8_fd(to) if two else None
        if fd is None:
            for piece in output.pieces(output.names):
                to.write(piece)
            return
        to.flush()
        output.in_two(fd, None, to.errors or "strict")
        return
    if output.fmt == "xlsx":
        from tui.core.reports.export import table_rows
        from tui.core.reports.xlsx import workbook_bytes

        rows = table_rows(output.store.records_of(output.names, output.preread),
                          output.redact, output.head, output.shown, output.verified,
                          words_for(("csv.",), output.lang))
        encoded: Iterable[bytes] = [workbook_bytes(rows)]
        atomic_write_chunks(target, encoded)
    elif two:
        atomic_write_with(target, lambda fd: output.in_two(fd, str(target.parent)))
    else:
        atomic_write_with(target, lambda fd: fill_fd(fd, output.whole()))


def _utf8_fd(to: TextIO) -> int | None:
    """The descriptor under `to` if it is a real file whose text is UTF-8 (so bytes
    encoded here are the bytes `to` would write); else None."""
    try:
        fd = to.fileno()
        name = codecs.lookup(to.encoding).name
    except (AttributeError, OSError, LookupError, TypeError, io.UnsupportedOperation):
        return None
    return fd if name == "utf-8" else None
