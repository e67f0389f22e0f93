"""Provides `csv_chunks`: the CSV export's rows (csv_rows.csv_rows) as UTF-8 bytes, for
the exports written to a file or a descriptor (commands/export_write.py).

At 100,000 records the CSV is 637 MB, made of few distinct texts: each step line is its
record's cells, the step's, and what the step said (the texts cells, two thirds of the
bytes), the same for every run of a flow version. csv_rows makes each line as text,
copied as it grows, and every record's text was then encoded. Half of the lines hold
Chinese, so those texts were wide (four bytes a character) and encoding them was real
work: rendering a record cost 46 µs. Here every cell that repeats (the texts cells, a
step's id and title, a flow's cells, the answers) is quoted and encoded once, and a
record's lines are joined as bytes, once. A line's bytes are its text's: UTF-8, and
every error handler, encode each character alone, so the bytes of the joined pieces
are those of the joined text (test_csv_chunks_equal_csv_rows holds the two equal for
every kind of cell, with csv_rows as the reference).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from tui.core.flows.model import Step
from tui.core.records.index_rows import Row
from tui.core.reports.csv_rows import (
    _FORMULA,
    _field,
    _shown_cells,
    _Utc,
    answers_text,
    cell,
    fields_text,
    header_line,
)

LIMIT = 50_000
"""Entries a cache of cells keyed by what varies from record to record (the answers, the
operator) may hold before it is emptied: its memory stays bounded whatever the records
hold."""


def _quoted(value: Any) -> str:
    """cell(value) as csv.writer writes it (_field): a printable text that needs neither
    the formula guard nor quotes (most of them) is returned as it is."""
    if (value.__class__ is str and value.isprintable() and value[:1] not in _FORMULA
            and "," not in value and '"' not in value):
        return value
    return _field(cell(value))


_STARTS = ("=", "+", "-", "@")
"""The printable first characters that make a cell a formula (not a string: "" is in
every string)."""


def _cells(values: tuple[Any, ...]) -> tuple[str, ...]:
    """tuple(map(_quoted, values)), looked at once: where the values joined by commas are
    printable, hold no quote and no comma but those joining them, and no value starts
    as a formula, every value is its own quoted form (a record's id, times and hash
    always are)."""
    try:
        text = ",".join(values)
    except TypeError:  # (not all text)
        return tuple(map(_quoted, values))
    if (text.isprintable() and '"' not in text and text.count(",") == len(values) - 1
            and text[:1] not in _STARTS and ",=" not in text and ",+" not in text
            and ",-" not in text and ",@" not in text):  # (tab and CR are not printable)
        return values
    return tuple(map(_quoted, values))


def _joined(values: tuple[Any, ...]) -> str:
    """",".join(map(_quoted, values))."""
    return ",".join(_cells(values))


class _Cells:
    """Quoted cells joined by commas, made once for each distinct tuple of values."""

    def __init__(self) -> None:
        self.made: dict[tuple[Any, ...], str] = {}

    def __call__(self, values: tuple[Any, ...]) -> str:
        if (found := self.made.get(values)) is None:
            if len(self.made) >= LIMIT:
                self.made.clear()
            found = self.made[values] = _joined(values)
        return found


def csv_chunks(rows: Iterable[tuple[Row, Mapping[str, Step] | None]], redact: bool,
               head: str | None, texts: bool, verified: str | None,
               labels: Mapping[str, str], prelude: bool = True,
               errors: str = "strict") -> Iterator[bytes]:
    """The bytes of csv_rows(rows, redact, head, texts, verified, labels,
    prelude=prelude) encoded as UTF-8 with `errors`, one chunk per record."""
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\r\n")
    if prelude:
        yield header_line(labels, texts, head, verified).encode("utf-8", errors)
    ends = [x for x in (head, verified) if x is not None]
    tail = ""
    if ends:  # the same cells at the end of every row, as in csv_rows
        writer.writerow([cell(x) for x in ends])
        tail = "," + lines.pop()[:-2]
    line_end = (tail + "\r\n").encode("utf-8", errors)
    made: dict[tuple[int, str], dict[tuple[str, str, str], tuple[bytes, bytes]]] = {}
    """For each mapping of steps (by its id()) and language: each step's id, title and
    status cells (with the comma after them), and its texts cells with the tail and
    the line's end, made once: 10,000 runs of one flow version share them."""
    held: dict[int, Mapping[str, Step] | None] = {}  # what `made` is keyed by the id() of
    flows, people = _Cells(), _Cells()
    answered: dict[tuple[Any, ...], str] = {}  # the answers and outcome cells
    utc = _Utc()
    minutes = utc.minutes  # (what utc() keeps: the UTC of each local minute and offset)

    def step_cells(steps: Mapping[str, Step] | None, named: tuple[str, str, str],
                   lang: str) -> tuple[bytes, bytes]:
        """A step's cells before its time and after its note, as csv_rows makes them."""
        held[id(steps)] = steps  # alive, so that no other mapping can take its id
        step_id, title, status = named
        lead = (_field(cell(step_id)) + "," + _field(cell(title)) + "," + _field(status)
                + ",").encode("utf-8", errors)
        more = line_end
        if steps is not None:
            writer.writerow(_shown_cells(steps.get(step_id), lang))
            more = ("," + lines.pop()[:-2] + tail + "\r\n").encode("utf-8", errors)
        found = made.setdefault((id(steps), lang), {})[named] = (lead, more)
        return found

    for row, steps in rows:
        (rid, flow_id, flow_hash, platform, surface, goal, lang, started, mode, operator,
         subject, answers, step_rows, outcome, finished, app_version, _, chain, _, key,
         unsigned, _, _, _, _, fields) = row
        finished = finished or ""
        seq = chain[0] if chain else None
        own = _cells((rid, started, utc(started), finished, utc(finished),
                      "" if redact else subject,
                      "" if redact or not fields else fields_text(fields),
                      "" if seq is None else str(seq), chain[2] if chain else ""))
        try:
            said = answered[(said_key := (tuple(answers.items()), outcome))]
        except KeyError:
            if len(answered) >= LIMIT:
                answered.clear()
            said = answered[said_key] = _joined((answers_text(answers), outcome))
        except TypeError:  # (an answer that is not text)
            said = _joined((answers_text(answers), outcome))
        first = (f"{own[0]},{own[1]},{own[2]},{own[3]},{own[4]},"
                 f"{flows((platform, surface, goal, flow_id, flow_hash, app_version, mode))},"
                 f"{people(('' if redact else operator, key or '', unsigned or ''))},"
                 f"{own[5]},{own[6]},{said},{own[7]},{own[8]},"
                 ).encode("utf-8", errors)  # ends with the comma before the step's cells
        shown = made.get((id(steps), lang)) or {}
        out: list[bytes] = []
        for step_id, title, status, at, reason, note, mismatch, _, _, _, _, _ in step_rows:
            named = (step_id, title, status)
            lead, more = shown.get(named) or step_cells(steps, named, lang)
            if at:
                if (len(at) == 25 and at[19] in "+-"
                        and (minute := minutes.get((at[:16], at[-6:]))) is not None):
                    at += "," + minute + at[16:-6] + "Z,"  # utc(at), without the call
                else:
                    at += "," + utc(at) + ","
            else:
                at = ",,"
            if (reason or note) and not redact:
                at += (_field(cell(reason)) if reason else "") + "," \
                    + (_field(cell(note)) if note else "") + ","
            else:
                at += ",,"
            out += (first, lead, (at + "yes" if mismatch else at).encode("utf-8", errors),
                    more)
        yield b"".join(out)


class _Lines:
    """A file for csv.writer that keeps each line it is given."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append
