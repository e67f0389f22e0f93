"""Provides exports of records: a Markdown report for an auditor, CSV for a spreadsheet,
JSON Lines for scripts. Renderers return text; where it is written is the caller's
business.

CSV (csv_rows.py) starts with a UTF-8 byte-order mark so spreadsheet programs read
Chinese text correctly, and any cell that a spreadsheet would run as a formula (=, +,
-, @, tab, CR) is prefixed with an apostrophe. A redacted export keeps statuses, times
and hashes but
drops notes, skip reasons, operator and subject, so an admin can see the work was done
and check the hashes link up without reading personal details.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any, Protocol

from tui.core.flows.model import Step
from tui.core.records.index_rows import pack
from tui.core.records.record import Record
from tui.core.reports.csv_rows import CSV_COLUMNS as CSV_COLUMNS
from tui.core.reports.csv_rows import RECORD_COLUMNS as RECORD_COLUMNS
from tui.core.reports.csv_rows import SHOWN_COLUMNS as SHOWN_COLUMNS
from tui.core.reports.csv_rows import STEP_COLUMNS as STEP_COLUMNS
from tui.core.reports.csv_rows import answers_text as answers_text
from tui.core.reports.csv_rows import cell as cell
from tui.core.reports.csv_rows import csv_rows as csv_rows
from tui.core.reports.csv_rows import fields_text as fields_text
from tui.core.reports.markdown import ENGLISH, Shown, Words, markdown_chunks
from tui.core.safe_text import json_literal

FORMATS = ("md", "csv", "jsonl")


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
    def class_name(self) -> str | None: ...
    @property
    def who(self) -> str: ...


def matches(item: Dated, *, since: date | None = None, until: date | None = None,
            platform: str | None = None, mode: str | None = None,
            subject: str | None = None, class_name: str | None = None) -> bool:
    """Started within [since, until] (whole days) and matching the other filters; the
    subject filter finds the name or the employee id (NAME (EMPLOYEE_ID));
    `class_name`: made in that class session (`--class`) alone."""
    day = item.started.date()
    if (since and day < since) or (until and day > until):
        return False
    if (platform and item.platform != platform) or (mode and item.mode != mode):
        return False
    if class_name and item.class_name != class_name:
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


def _shown_dict(step: Step | None) -> dict[str, Any] | None:
    """A step's texts as shown, both languages (JSON Lines)."""
    if step is None:
        return None
    local = {"title": step.title, "menu": step.menu, "why": step.why,
             "verify": step.verify, "warning": step.warning}
    out: dict[str, Any] = {k: v.as_dict() for k, v in local.items() if v is not None}
    out["sources"] = [{"url": src.url, "checked": src.checked.isoformat(), "kind": src.kind}
                      for src in step.sources]
    return out


def _record_dict(record: Record, redact: bool,
                 steps_shown: Mapping[str, Step] | None = None) -> dict[str, Any]:
    steps = [
        {"id": s.id, "title": s.title, "status": s.status, "at": _iso(s.at),
         "reason": "" if redact else s.reason, "note": "" if redact else s.note,
         "did_not_match": s.mismatch}
        for s in record.steps
    ]
    if steps_shown is not None:
        for entry, step in zip(steps, record.steps, strict=True):
            entry["shown"] = _shown_dict(steps_shown.get(step.id))
    return {
        "id": record.id, "flow": record.flow_id, "flow_hash": record.flow_hash,
        "platform": record.platform, "surface": record.surface, "goal": record.goal,
        "mode": record.mode, "lang": record.lang, "app_version": record.app_version,
        "operator": "" if redact else record.operator, "key": record.key,
        "unsigned": record.unsigned,
        "subject": "" if redact else record.subject,
        "fields": {} if redact else record.fields,
        "answers": record.answers, "started": _iso(record.started),
        "finished": _iso(record.finished), "outcome": record.outcome,
        "chain": ({"seq": record.chain.seq, "prev": record.chain.prev,
                   "hash": record.chain.hash} if record.chain else None),
        "texts": record.texts,
        "steps": steps,
    }


def _jsonl_chunks(records: Iterable[Record], redact: bool, head: str | None,
                  shown: Shown | None, verified: str | None,
                  prelude: bool = True) -> Iterator[str]:
    if head is not None and prelude:  # a line of its own, so every line stays one JSON object
        about: dict[str, str] = {"chain_head": head}
        if verified is not None:
            about["verify"] = verified
        yield json_literal(json.dumps({"signoff_export": about}, ensure_ascii=False)) + "\n"
    for record in records:
        data = _record_dict(record, redact, shown(record) if shown is not None else None)
        yield json_literal(json.dumps(data, ensure_ascii=False)) + "\n"


def _csv_chunks(records: Iterable[Record], redact: bool, head: str | None,
                shown: Shown | None, verified: str | None,
                labels: Mapping[str, str], guard: bool = True,
                prelude: bool = True) -> Iterator[str]:
    """csv_rows for Records."""
    return csv_rows(((pack(r), shown(r) if shown is not None else None) for r in records),
                    redact, head, shown is not None, verified, labels, guard, prelude)


def table_rows(records: Iterable[Record], redact: bool, head: str | None,
               shown: Shown | None = None, verified: str | None = None,
               labels: Mapping[str, str] | None = None) -> Iterator[list[str]]:
    """The CSV's table as lists of cells, header first, for a spreadsheet writer (xlsx):
    the CSV's own rows read back, so the two cannot differ, but without the apostrophe
    that guards a formula in CSV (the writer stores every cell as text)."""
    text = "".join(_csv_chunks(records, redact, head, shown, verified, labels or {},
                               guard=False))
    yield from csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))


def to_markdown(records: Iterable[Record], redact: bool = False,
                count: int | None = None, words: Words = ENGLISH,
                head: str | None = None, shown: Shown | None = None,
                verified: str | None = None) -> str:
    """`count` says how many `records` will give, for a stream read as it is written."""
    return "".join(markdown_chunks(records, redact, count, words, head, shown, verified))


def render(records: Iterable[Record], fmt: str, *, redact: bool = False,
           count: int | None = None, words: Words = ENGLISH, head: str | None = None,
           shown: Shown | None = None, verified: str | None = None) -> str:
    """`records` may be a stream read as it is rendered; Markdown then needs `count`."""
    return "".join(chunks(records, fmt, redact=redact, count=count, words=words, head=head,
                          shown=shown, verified=verified))


def chunks(records: Iterable[Record], fmt: str, *, redact: bool = False,
           count: int | None = None, words: Words = ENGLISH,
           head: str | None = None, shown: Shown | None = None,
           verified: str | None = None, prelude: bool = True,
           ending: bool = True) -> Iterator[str]:
    """The export a record at a time, to be written as it is made: with 100,000 records
    the whole text (about 0.8 GB of memory as one string and its pieces) never exists
    at once. Markdown needs `count` to stream (its heading says how many follow).
    `head`, the chain head as SEQ:HASH, goes at the top, so the export carries the
    witness an auditor checks later with `verify --expect`. `shown` gives each record's
    steps as its run showed them (the texts it names), rendered beside the statuses.
    `verified` is the verdict of `verify` (its last line), put beside the head. `words`
    also name the CSV's columns (csv.* keys; the column id where there is none).
    `prelude` False leaves out what comes before the first record (the title, the CSV
    header, the JSON Lines head line), `ending` False what comes after the last (the
    Markdown's last newline): the halves of an export made in two."""
    if fmt == "md":
        return markdown_chunks(records, redact, count, words, head, shown, verified, prelude,
                               ending)
    if fmt == "csv":
        return _csv_chunks(records, redact, head, shown, verified, words, prelude=prelude)
    if fmt == "jsonl":
        return _jsonl_chunks(records, redact, head, shown, verified, prelude)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
