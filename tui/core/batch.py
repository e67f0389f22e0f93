"""Provides the reading of a CSV of leavers into one planned run per row, every row
checked before any run is opened.

An HR export of twenty leavers is only useful if a bad row (a typo in an answer, a
missing name) is found before anything is created: a batch that stopped half-way
would leave runs an admin has to find and abandon by hand. So `read_batch` checks the
whole file and returns either every row's plan or every problem, each with its line
number; it never touches the records folder. A row whose answers do not reach the
checklist is refused, not asked about: twenty interactive prompts in the middle of a
batch are easy to answer wrongly, and the file is the place to fix it.

Rows are keyed by subject, employee id and flow, so a batch started twice opens each
leaver once (`new_rows` leaves out those already opened).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.core.engine import EngineError, Wizard
from tui.core.flows.model import Flow, Library
from tui.core.safe_text import literal
from tui.core.subjects import FieldError, check_value

NAME = "name"
"""The column that names the leaver (the record's subject)."""
MAX_BYTES = 4 * 1024 * 1024


class BatchError(ValueError):
    """The file as a whole cannot be used (unreadable, no name column, unknown column)."""


@dataclass(frozen=True)
class BatchRow:
    line: int
    subject: str
    fields: dict[str, str]
    answers: tuple[str, ...]
    """The flow's answers in the order they are asked (Wizard's path after the goal)."""

    def key(self, flow_id: str) -> tuple[str, str, str]:
        return subject_key(self.subject, self.fields.get("employee_id", ""), flow_id)


@dataclass
class Batch:
    rows: list[BatchRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """One sentence per bad row, starting "line N:"; nothing is opened while any."""


def subject_key(subject: str, employee_id: str, flow_id: str) -> tuple[str, str, str]:
    """Who and what a run is, for telling whether a leaver's run is already open: names
    compared without case or surrounding spaces."""
    return (" ".join(subject.split()).casefold(), employee_id.strip(), flow_id)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without Excel's byte-order mark), else GB 18030: what Excel on a
    Chinese Windows saves as "CSV"."""
    if len(raw) > MAX_BYTES:
        raise BatchError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise BatchError("the file is neither UTF-8 nor GB 18030 text") from exc


def read_batch(text: str, library: Library, flow: Flow) -> Batch:
    """Every row's plan, or every problem with its line number."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise BatchError("the file is empty; its first line names the columns") from None
    except csv.Error as exc:
        raise BatchError(f"line 1 is not CSV ({exc})") from exc
    goal = library.goals[flow.goal]
    _check_header(header, goal.subject_fields, flow)
    batch, seen = Batch(), dict[tuple[str, str, str], int]()
    while True:
        # A row is named by the line it starts on, where an editor shows it: a quoted
        # cell with a line break in it (an address, "Sales<newline>East") ends it lines
        # later, and the reader's own count named that last line.
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            batch.problems.append(f"line {line}: not CSV ({exc})")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            batch.problems.append(f"line {line}: {len(cells)} cells for {len(header)} columns")
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        planned = _row(line, row, library, flow, goal.subject_fields, batch.problems)
        if planned is None:
            continue
        key = planned.key(flow.id)
        if key in seen:
            batch.problems.append(f"line {line}: the same leaver as line {seen[key]}")
            continue
        seen[key] = line
        batch.rows.append(planned)
    return batch


def _check_header(header: list[str], fields: tuple[str, ...], flow: Flow) -> None:
    if NAME not in header:
        raise BatchError('line 1 has no "name" column (the leaver\'s name)')
    for column in header:
        if header.count(column) > 1:
            raise BatchError(f'line 1 names the column "{literal(column)}" twice')
        if column != NAME and column not in fields and column not in flow.questions:
            raise BatchError(
                f'line 1: the column "{literal(column)}" is neither name, a field the goal '
                f"keeps ({', '.join(fields) or 'none'}) nor a question of {flow.id} "
                f"({', '.join(flow.questions)})")


def _row(line: int, row: dict[str, str], library: Library, flow: Flow,
         fields: tuple[str, ...], problems: list[str]) -> BatchRow | None:
    name = " ".join(row.get(NAME, "").split())
    if not name:
        problems.append(f"line {line}: the name is empty")
        return None
    wizard = Wizard(library, [flow.platform, flow.surface, flow.goal])
    while (prompt := wizard.current()) is not None:
        qid = prompt.key.split(":", 1)[1]
        offered = ", ".join(c.id for c in prompt.choices)
        value = row.get(qid, "")
        if not value:
            problems.append(f'line {line}: no answer in the column "{qid}" '
                            f"(one of: {offered})")
            return None
        try:
            wizard.answer(value)
        except EngineError:
            problems.append(f'line {line}: "{literal(value)}" is not an answer to "{qid}" '
                            f"(one of: {offered})")
            return None
    try:
        kept = {k: check_value(k, row[k]) for k in fields if row.get(k)}
    except FieldError as exc:
        problems.append(f"line {line}: {exc}")
        return None
    return BatchRow(line, name, kept, tuple(wizard.path[3:]))


def new_rows(batch: Batch, flow_id: str, opened: Iterable[tuple[str, str, str]]
             ) -> tuple[list[BatchRow], list[BatchRow]]:
    """The rows to open and the rows whose leaver already has a run of this flow."""
    known = set(opened)
    fresh = [r for r in batch.rows if r.key(flow_id) not in known]
    return fresh, [r for r in batch.rows if r.key(flow_id) in known]
