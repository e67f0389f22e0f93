"""Exports checked against golden files made from fixed records.

After a deliberate change of format (or of the fixture flows, or the app version, which
records carry), regenerate with SIGNOFF_UPDATE_GOLDEN=1 and read the diff before
committing it."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands.records import shown_texts
from tui.core.records.record import Record
from tui.core.records.store import RecordStore
from tui.core.reports.export import render, select

GOLDEN = REPO / "tests" / "data" / "golden"
_stores: dict[Path, RecordStore] = {}


def _records(tmp_path: Path) -> list[Record]:
    store = store_at(tmp_path / "r")
    _stores[tmp_path] = store
    library = fixture_library()
    finished_run(store, library, operator="Ann Lee", note="=cmd|' /C calc'!A0")
    finished_run(store, library, answers=("no",), mode="practice", subject="王小明",
                 fields={"employee_id": "E042", "ticket": "=HR-7"},
                 note="ticked [bold]late[/bold] | at desk")
    return store.scan().records


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
@pytest.mark.parametrize("redact", [False, True], ids=["full", "redacted"])
def test_export_matches_golden(tmp_path: Path, fmt: str, redact: bool) -> None:
    records = _records(tmp_path)
    text = render(records, fmt, redact=redact, head="2:0123456789abcdef",
                  shown=shown_texts(_stores[tmp_path]),
                  verified="OK 2 records, head 2:0123456789abcdef, signed by 0 key(s)")
    golden = GOLDEN / f"export{'-redacted' if redact else ''}.{fmt}"
    if os.environ.get("SIGNOFF_UPDATE_GOLDEN"):
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


def test_csv_is_spreadsheet_safe_and_keeps_cjk(tmp_path: Path) -> None:
    text = render(_records(tmp_path), "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 8, "one row per step"
    notes = [r["note"] for r in rows if r["note"]]
    assert notes[0].startswith("'="), "formula injection neutralised"
    assert any(r["subject"] == "王小明" for r in rows)


def test_redacted_export_keeps_hashes_not_people(tmp_path: Path) -> None:
    records = _records(tmp_path)
    lines = [json.loads(line) for line in render(records, "jsonl", redact=True).splitlines()]
    assert [r["chain"]["hash"] for r in lines] == [r.chain.hash for r in records if r.chain]
    assert lines[1]["chain"]["prev"] == lines[0]["chain"]["hash"]
    dumped = json.dumps(lines, ensure_ascii=False)
    for secret in ("Ann Lee", "王小明", "calc", "no phone signal"):
        assert secret not in dumped


def test_select_filters(tmp_path: Path) -> None:
    records = _records(tmp_path)
    assert len(select(records, mode="practice")) == 1
    assert len(select(records, subject="小明")) == 1
    assert len(select(records, platform="whatsapp")) == 0
    day = records[0].started.date()
    assert len(select(records, since=day, until=day)) == 2


def _reference_csv(records: list[Record], redact: bool) -> str:
    """The CSV as one writerow of all cells per step (how to_csv used to make it)."""
    from tui.core.reports.export import CSV_COLUMNS, cell, fields_text

    def utc(value: datetime | None) -> str:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        for s in r.steps:
            writer.writerow([cell(v) for v in (
                r.id, r.started.isoformat(), utc(r.started),
                r.finished.isoformat() if r.finished else "", utc(r.finished),
                r.platform, r.surface, r.goal, r.flow_id, r.flow_hash, r.app_version, r.mode,
                "" if redact else r.operator, r.key or "", r.unsigned or "",
                "" if redact else r.subject, "" if redact else fields_text(r.fields),
                "; ".join(f"{q}={a}" for q, a in r.answers.items()),
                r.outcome, r.chain.seq if r.chain else "", r.chain.hash if r.chain else "",
                s.id, s.title, s.status, s.at.isoformat() if s.at else "", utc(s.at),
                "" if redact else s.reason, "" if redact else s.note,
                "yes" if s.mismatch else "")])
    return "\ufeff" + buffer.getvalue()


_odd = st.text(alphabet=st.sampled_from(list('a,"\n\r =+-@\t王 ')), max_size=6)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(_odd, min_size=6, max_size=6), redact=st.booleans(),
       steps=st.integers(min_value=0, max_value=3))
def test_csv_equals_one_writerow_per_step(texts: list[str], redact: bool, steps: int) -> None:
    from dataclasses import replace
    from datetime import datetime, timedelta, timezone

    from tui.core.records.record import Chain, StepEntry

    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=8)))
    record = Record(id="20260102-030405-x-1", flow_id=texts[0], flow_hash="h",
                    platform=texts[1], surface="", goal="g", lang="en", started=at,
                    operator=texts[2], subject=texts[3], outcome="completed",
                    steps=[StepEntry(texts[4], texts[5], "skipped", at, texts[2], texts[3],
                                     n % 2 == 0) for n in range(steps)])
    records = [record, replace(record, chain=Chain(1, "0" * 64, "f" * 64), finished=at,
                               steps=[StepEntry("", "")])]
    assert render(records, "csv", redact=redact) == _reference_csv(records, redact)


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_an_export_is_made_a_record_at_a_time(tmp_path: Path, fmt: str) -> None:
    """A large export is written as it is read: the first record's text exists before
    the second record is read (with 100,000 records the whole text was 0.8 GB)."""
    from tui.core.reports.export import chunks

    records = _records(tmp_path)
    read: list[Record] = []

    def stream() -> Iterator[Record]:
        for record in records:
            read.append(record)
            yield record

    pieces = chunks(stream(), fmt, count=len(records))
    heading = next(pieces) if fmt != "jsonl" else ""
    first = next(pieces)
    assert read == records[:1] and records[0].id in first
    assert heading + first + "".join(pieces) == render(records, fmt)


def test_each_record_gets_its_own_texts_cells_when_shown_makes_a_new_mapping(
        tmp_path: Path) -> None:
    """The CSV caches a step's texts cells by the id() of the mapping they come from. A
    mapping let go after its record (a `shown` that builds one per call, or the empty
    one a record without texts gets) could hand its id to the next record's mapping,
    which then got the first one's cells: every mapping the cache is keyed by is now
    kept alive for the export."""
    from dataclasses import replace

    from tui.core.flows.model import LocalText, Step

    store = store_at(tmp_path / "r")
    library = fixture_library()
    records = [finished_run(store, library, operator=f"op {n}") for n in range(6)]
    texts = shown_texts(store)

    def fresh(record: Record) -> dict[str, Step]:
        said = LocalText(f"why {record.id}", f"why {record.id}")
        return {key: replace(step, why=said) for key, step in texts(record).items()}

    rows = list(csv.DictReader(io.StringIO(render(records, "csv", shown=fresh)[1:])))
    assert len(rows) == 4 * len(records)
    assert all(row["step_why"] == f"why {row['record']}" for row in rows)


@settings(max_examples=300, deadline=None)
@given(at=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
       minutes=st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
       seconds=st.sampled_from([0, 0, 0, 30]))
def test_utc_from_the_local_text_is_utc_from_the_time(at: datetime, minutes: int,
                                                      seconds: int) -> None:
    """The CSV works each step's UTC time out from its local text, once per minute and
    offset (csv_rows._Utc): the same text as converting the time itself."""
    from datetime import timedelta, timezone

    from tui.core.reports.csv_rows import _Utc, _utc

    value = at.replace(tzinfo=timezone(timedelta(minutes=minutes, seconds=seconds)))
    utc = _Utc()
    for moment in (value, value + timedelta(seconds=7), value.replace(microsecond=0)):
        assert utc(moment.isoformat()) == _utc(moment)
    assert utc("") == ""
