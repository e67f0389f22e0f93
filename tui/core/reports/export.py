"""Provides exports of records: a Markdown report for an auditor, CSV for a spreadsheet,
JSON Lines for scripts. Renderers return text; where it is written is the caller's
business.

CSV starts with a UTF-8 byte-order mark so spreadsheet programs read Chinese text
correctly, and any cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR)
is prefixed with an apostrophe. A redacted export keeps statuses, times and hashes but
drops notes, skip reasons, operator and subject, so an admin can see the work was done
and check the hashes link up without reading personal details.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, Protocol

from tui.core.records.record import Record
from tui.core.reports.markdown import ENGLISH, Words, markdown_chunks
from tui.core.safe_text import json_literal, literal

FORMATS = ("md", "csv", "jsonl")

CSV_COLUMNS = [
    "record", "started", "finished", "platform", "surface", "goal", "flow", "mode",
    "operator", "subject", "subject_fields", "outcome", "chain_seq", "record_hash", "step",
    "step_title", "status", "ticked_at", "reason", "note", "did_not_match",
]


class Dated(Protocol):
    """What the filters look at: a Record or its Summary."""

    @property
    def started(self) -> datetime: ...
    @property
    def platform(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def who(self) -> str: ...


def matches(item: Dated, *, since: date | None = None, until: date | None = None,
            platform: str | None = None, mode: str | None = None,
            subject: str | None = None) -> bool:
    """Started within [since, until] (whole days) and matching the other filters; the
    subject filter finds the name or the employee id (NAME (EMPLOYEE_ID))."""
    day = item.started.date()
    if (since and day < since) or (until and day > until):
        return False
    if (platform and item.platform != platform) or (mode and item.mode != mode):
        return False
    return not (subject and subject.casefold() not in item.who.casefold())


def select(
    records: Iterable[Record], *, since: date | None = None, until: date | None = None,
    platform: str | None = None, mode: str | None = None, subject: str | None = None,
) -> list[Record]:
    """Records started within [since, until] (whole days) matching the other filters."""
    return [r for r in records if matches(r, since=since, until=until, platform=platform,
                                          mode=mode, subject=subject)]


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def _record_dict(record: Record, redact: bool) -> dict[str, Any]:
    steps = [
        {"id": s.id, "title": s.title, "status": s.status, "at": _iso(s.at),
         "reason": "" if redact else s.reason, "note": "" if redact else s.note,
         "did_not_match": s.mismatch}
        for s in record.steps
    ]
    return {
        "id": record.id, "flow": record.flow_id, "flow_hash": record.flow_hash,
        "platform": record.platform, "surface": record.surface, "goal": record.goal,
        "mode": record.mode, "lang": record.lang,
        "operator": "" if redact else record.operator,
        "subject": "" if redact else record.subject,
        "fields": {} if redact else record.fields,
        "answers": record.answers, "started": _iso(record.started),
        "finished": _iso(record.finished), "outcome": record.outcome,
        "chain": ({"seq": record.chain.seq, "prev": record.chain.prev,
                   "hash": record.chain.hash} if record.chain else None),
        "steps": steps,
    }


def _jsonl_chunks(records: Iterable[Record], redact: bool, head: str | None) -> Iterator[str]:
    if head is not None:  # a line of its own, so every line stays one JSON object
        yield json.dumps({"signoff_export": {"chain_head": head}}) + "\n"
    for record in records:
        yield json_literal(json.dumps(_record_dict(record, redact), ensure_ascii=False)) + "\n"


def fields_text(fields: dict[str, str]) -> str:
    """The subject's HR fields in one cell or line: `employee_id=E042; ticket=HR-7`."""
    return "; ".join(f"{k}={v}" for k, v in fields.items())


def cell(value: object) -> str:
    """A CSV cell a terminal cannot act on (controls shown as escapes, like every other
    output) and a spreadsheet cannot run as a formula."""
    text = "" if value is None else literal(str(value))
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def _csv_chunks(records: Iterable[Record], redact: bool, head: str | None) -> Iterator[str]:
    """One row per step, one chunk per record. A record's 14 cells are written once and
    put in front of each of its steps' lines (quoting is per cell, so the joined line is
    what one writerow of all 21 cells gives); with 100,000 records the writer was most
    of `export`. The chain head goes in a last column of every row (a line above the
    header would not be CSV)."""
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS + (["chain_head"] if head is not None else []))
    yield "\ufeff" + lines.pop()
    tail = "" if head is None else "," + head
    for record in records:
        chain = record.chain
        writer.writerow([cell(v) for v in (
            record.id, _iso(record.started), _iso(record.finished), record.platform,
            record.surface, record.goal, record.flow_id, record.mode,
            "" if redact else record.operator, "" if redact else record.subject,
            "" if redact else fields_text(record.fields), record.outcome,
            chain.seq if chain else "", chain.hash if chain else "",
        )])
        first = lines.pop()[:-2] + ","
        writer.writerows([
            cell(step.id), cell(step.title), step.status, _iso(step.at),
            "" if redact else cell(step.reason), "" if redact else cell(step.note),
            "yes" if step.mismatch else "",
        ] for step in record.steps)
        yield "".join(first + line[:-2] + tail + "\r\n" for line in lines)
        lines.clear()


class _Lines:
    """A file for csv.writer that keeps each line it is given."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def to_markdown(records: Iterable[Record], redact: bool = False,
                count: int | None = None, words: Words = ENGLISH,
                head: str | None = None) -> str:
    """`count` says how many `records` will give, for a stream read as it is written."""
    return "".join(markdown_chunks(records, redact, count, words, head))


def render(records: Iterable[Record], fmt: str, *, redact: bool = False,
           count: int | None = None, words: Words = ENGLISH, head: str | None = None) -> str:
    """`records` may be a stream read as it is rendered; Markdown then needs `count`."""
    return "".join(chunks(records, fmt, redact=redact, count=count, words=words, head=head))


def chunks(records: Iterable[Record], fmt: str, *, redact: bool = False,
           count: int | None = None, words: Words = ENGLISH,
           head: str | None = None) -> Iterator[str]:
    """The export a record at a time, to be written as it is made: with 100,000 records
    the whole text (about 0.8 GB of memory as one string and its pieces) never exists
    at once. Markdown needs `count` to stream (its heading says how many follow).
    `head`, the chain head as SEQ:HASH, goes at the top, so the export carries the
    witness an auditor checks later with `verify --expect`."""
    if fmt == "md":
        return markdown_chunks(records, redact, count, words, head)
    if fmt == "csv":
        return _csv_chunks(records, redact, head)
    if fmt == "jsonl":
        return _jsonl_chunks(records, redact, head)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
