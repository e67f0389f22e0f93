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
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any, Protocol

from tui.core.flows.model import Step
from tui.core.records.index_rows import Row, pack
from tui.core.records.record import Record
from tui.core.reports.markdown import ENGLISH, Shown, Words, markdown_chunks
from tui.core.safe_text import json_literal, literal

FORMATS = ("md", "csv", "jsonl")

RECORD_COLUMNS = [
    "record", "started", "started_utc", "finished", "finished_utc", "platform", "surface",
    "goal", "flow", "flow_hash", "app_version", "mode", "operator", "key", "unsigned",
    "subject", "subject_fields", "answers", "outcome", "chain_seq", "record_hash",
]
STEP_COLUMNS = ["step", "step_title", "status", "ticked_at", "ticked_at_utc", "reason",
                "note", "did_not_match"]
CSV_COLUMNS = RECORD_COLUMNS + STEP_COLUMNS
"""The stable column ids; the header row names them in the export's language (labels)."""
SHOWN_COLUMNS = ["step_menu", "step_why", "step_verify", "step_warning", "step_sources"]
"""With the texts a record names: what each step said, in the record's language."""


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


def _utc(value: datetime | None) -> str:
    """The same instant in UTC, for sorting and comparing rows from several machines."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


class _Utc:
    """_utc from a time's isoformat, a third of the cost: an offset of whole
    minutes moves only the date, hour and minute, so the UTC of each local minute and
    offset is worked out once and the seconds are copied (every step's time was a
    fifth of the CSV export). Any other layout is converted as _utc does."""

    def __init__(self) -> None:
        self.minutes: dict[tuple[str, str], str] = {}

    def __call__(self, local: str) -> str:
        """_utc of the time whose isoformat is `local` ("" for none)."""
        size = len(local)
        if not ((size == 25 and local[19] in "+-") or (size == 32 and local[26] in "+-")):
            return _utc(datetime.fromisoformat(local)) if local else ""
        key = (local[:16], local[-6:])
        if (minute := self.minutes.get(key)) is None:
            whole = _utc(datetime.fromisoformat(local))
            if whole[16:-1] != local[16:-6]:  # (cannot happen: the offset is whole minutes)
                return whole
            if len(self.minutes) >= 100_000:  # (about 10 MB)
                self.minutes.clear()
            minute = self.minutes[key] = whole[:16]
        return minute + local[16:-6] + "Z"


def answers_text(answers: Mapping[str, str]) -> str:
    """The answers given, in one cell or line: `question=answer; …`."""
    return "; ".join(f"{q}={a}" for q, a in answers.items())


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


def _text(value: object) -> str:
    """A cell's text with controls shown as escapes, nothing more (for xlsx, which
    stores every cell as text, so nothing can run as a formula)."""
    text = "" if value is None else str(value)
    return text if text.isprintable() else literal(text)


def fields_text(fields: dict[str, str]) -> str:
    """The subject's HR fields in one cell or line: `employee_id=E042; ticket=HR-7`."""
    return "; ".join(f"{k}={v}" for k, v in fields.items())


_FORMULA = "=+-@\t\r"
"""What a spreadsheet would run a cell that starts with as a formula."""


def cell(value: object) -> str:
    """A CSV cell a terminal cannot act on (controls shown as escapes, like every other
    output) and a spreadsheet cannot run as a formula."""
    text = "" if value is None else str(value)
    if not text.isprintable():  # every character literal() escapes is unprintable
        text = literal(text)
    if text and text[0] in _FORMULA:
        return "'" + text
    return text


_cell = cell


def _field(text: str) -> str:
    """A cell as csv.writer quotes it: step rows are joined by hand (a list and a writer
    call per row were a third of the export); test_csv_equals_one_writerow_per_step
    holds the two equal."""
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _shown_cells(step: Step | None, lang: str) -> list[str]:
    if step is None:
        return ["", "", "", "", ""]
    return [cell(step.menu.get(lang) if step.menu else ""), cell(step.why.get(lang)),
            cell(step.verify.get(lang)), cell(step.warning.get(lang) if step.warning else ""),
            cell(" ".join(src.url for src in step.sources))]


def _csv_chunks(records: Iterable[Record], redact: bool, head: str | None,
                shown: Shown | None, verified: str | None,
                labels: Mapping[str, str], guard: bool = True,
                prelude: bool = True) -> Iterator[str]:
    """csv_rows for Records."""
    return csv_rows(((pack(r), shown(r) if shown is not None else None) for r in records),
                    redact, head, shown is not None, verified, labels, guard, prelude)


def csv_rows(rows: Iterable[tuple[Row, Mapping[str, Step] | None]], redact: bool,
             head: str | None, texts: bool, verified: str | None,
             labels: Mapping[str, str], guard: bool = True,
             prelude: bool = True) -> Iterator[str]:
    """One row per step, one chunk per record, from each record as the index keeps it
    (index_rows.pack) and its steps as shown (`texts`: there are such columns). The
    rows hold times as their isoformat text, so nothing is turned into objects and back
    (building Records was a sixth of the export). A record's cells are written once and
    put in front of each of its steps' lines (quoting is per cell, so the joined line is
    what one writerow of all the cells gives); with 100,000 records the writer was most
    of `export`. The chain head goes in a last column of every row (a line above the
    header would not be CSV)."""
    cell = _cell if guard else _text
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\r\n")
    made: dict[tuple[int, str, str], str] = {}
    held: dict[int, Mapping[str, Step]] = {}  # what `made` is keyed by the id() of, kept
    leads: dict[tuple[str, str, str], str] = {}  # id, title and status: runs share them
    utc = _Utc()
    plain = _FORMULA if guard else ""  # the first characters that cell() must guard

    def texts_cells(steps: Mapping[str, Step], step_id: str, lang: str) -> str:
        """The step's texts cells as CSV text (with a leading comma), made once per
        texts file, step and language: 10,000 runs of one flow version share them
        (made and quoted for each row, they were a third of the export)."""
        key = (id(steps), step_id, lang)
        if key not in made:
            held[id(steps)] = steps  # alive, so that no other mapping can take its id
            writer.writerow(_shown_cells(steps.get(step_id), lang))
            made[key] = "," + lines.pop()[:-2]
        return made[key]

    columns = (CSV_COLUMNS + (SHOWN_COLUMNS if texts else [])
               + (["chain_head"] if head is not None else [])
               + (["verify"] if verified is not None else []))
    writer.writerow([labels.get(f"csv.{c}", c) for c in columns])
    header = "\ufeff" + lines.pop()
    if prelude:
        yield header
    ends = [x for x in (head, verified) if x is not None]
    tail = ""
    if ends:  # the same cells at the end of every row (a line above the header is not CSV)
        writer.writerow([cell(x) for x in ends])
        tail = "," + lines.pop()[:-2]
    for row, steps in rows:
        (rid, flow_id, flow_hash, platform, surface, goal, lang, started, mode, operator,
         subject, answers, step_rows, outcome, finished, app_version, _, chain, _, key,
         unsigned, _, _, _, _, fields) = row
        finished = finished or ""
        writer.writerow([  # cell(v), without a call where the text needs nothing done
            v if v.__class__ is str and v.isprintable() and v[:1] not in plain else cell(v)
            for v in (rid, started, utc(started), finished, utc(finished), platform,
                      surface, goal, flow_id, flow_hash, app_version, mode,
                      "" if redact else operator, key or "", unsigned or "",
                      "" if redact else subject, "" if redact else fields_text(fields),
                      answers_text(answers), outcome, chain[0] if chain else "",
                      chain[2] if chain else "")])
        first = lines.pop()[:-2] + ","
        known = id(steps)
        out = []
        for step_id, title, status, at, reason, note, mismatch, _, _, _, _, _ in step_rows:
            named = (step_id, title, status)
            if (lead := leads.get(named)) is None:
                lead = leads[named] = (_field(cell(step_id)) + "," + _field(cell(title))
                                       + "," + _field(status))
            more = "" if steps is None else (made.get((known, step_id, lang))
                                             or texts_cells(steps, step_id, lang))
            at = at or ""
            out.append(first + ",".join((
                lead, at, utc(at),
                "" if redact or not reason else _field(cell(reason)),
                "" if redact or not note else _field(cell(note)),
                "yes" if mismatch else "")) + more + tail + "\r\n")
        yield "".join(out)


def table_rows(records: Iterable[Record], redact: bool, head: str | None,
               shown: Shown | None = None, verified: str | None = None,
               labels: Mapping[str, str] | None = None) -> Iterator[list[str]]:
    """The CSV's table as lists of cells, header first, for a spreadsheet writer (xlsx):
    the CSV's own rows read back, so the two cannot differ, but without the apostrophe
    that guards a formula in CSV (the writer stores every cell as text)."""
    text = "".join(_csv_chunks(records, redact, head, shown, verified, labels or {},
                               guard=False))
    yield from csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))


class _Lines:
    """A file for csv.writer that keeps each line it is given."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


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
