"""Provides the CSV export's rows: one per step, each record's cells written once and
put in front of each of its steps' lines, from the records as the index keeps them.

CSV starts with a UTF-8 byte-order mark so spreadsheet programs read Chinese text
correctly, and any cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR)
is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime

from tui.core.flows.model import Step
from tui.core.records.index_rows import Row
from tui.core.safe_text import literal

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


def header_line(labels: Mapping[str, str], texts: bool, head: str | None,
                verified: str | None) -> str:
    """The header row, in the labels' language, after the byte-order mark that makes
    spreadsheet programs read the file as UTF-8."""
    lines: list[str] = []
    columns = (CSV_COLUMNS + (SHOWN_COLUMNS if texts else [])
               + (["chain_head"] if head is not None else [])
               + (["verify"] if verified is not None else []))
    csv.writer(_Lines(lines), lineterminator="\r\n").writerow(
        [labels.get(f"csv.{c}", c) for c in columns])
    return "\ufeff" + lines[0]


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

    if prelude:
        yield header_line(labels, texts, head, verified)
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


class _Lines:
    """A file for csv.writer that keeps each line it is given."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append
