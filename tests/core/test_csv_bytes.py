"""The CSV made as bytes (csv_bytes.csv_chunks, what large exports write) against the CSV
made as text (csv_rows.csv_rows, the reference): byte for byte, for every kind of
cell, whatever repeats from record to record and whichever error handler encodes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands.records import shown_texts
from tui.core.flows.model import LocalText, Source, Step
from tui.core.records.index_rows import Row, pack
from tui.core.records.record import Chain, Record, StepEntry
from tui.core.reports import csv_bytes
from tui.core.reports.csv_bytes import csv_chunks
from tui.core.reports.csv_rows import csv_rows

_odd = st.text(alphabet=st.sampled_from(list('a,"\n\r =+-@\t王 \x00\u202e\udc80')),
               max_size=5)
LABELS = {"csv.record": "Record, \"id\"", "csv.step": "Schritt"}


def _both(rows: list[tuple[Row, Mapping[str, Step] | None]], redact: bool, head: str | None,
          verified: str | None, prelude: bool, errors: str) -> tuple[object, object]:
    """(the text's bytes, the chunks' bytes), or the exception class each raised."""
    def text() -> object:
        try:
            return "".join(csv_rows(rows, redact, head, True, verified, LABELS,
                                    prelude=prelude)).encode("utf-8", errors)
        except UnicodeEncodeError as exc:
            return type(exc)

    def made() -> object:
        try:
            return b"".join(csv_chunks(rows, redact, head, True, verified, LABELS,
                                       prelude=prelude, errors=errors))
        except UnicodeEncodeError as exc:
            return type(exc)

    return text(), made()


def _step(step_id: str, said: list[str]) -> Step:
    return Step(id=step_id, title=LocalText(said[0], said[0]), why=LocalText(said[1], said[1]),
                verify=LocalText(said[2], said[2]), confidence="high",
                sources=(Source(said[3], date(2026, 1, 1)),) if said[3] else (),
                menu=LocalText(said[4], said[4]) if said[4] else None,
                warning=LocalText(said[0], said[0]) if said[0] else None)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(_odd, min_size=12, max_size=12), said=st.lists(_odd, min_size=5,
                                                                      max_size=5),
       redact=st.booleans(), steps=st.integers(min_value=0, max_value=3),
       ends=st.sampled_from([(None, None), ("2:0123", None), ("2:0123", "OK, \"2\"\n=x")]),
       prelude=st.booleans(),
       errors=st.sampled_from(["strict", "surrogateescape", "replace", "backslashreplace"]),
       limit=st.sampled_from([1, 50_000]))
def test_csv_chunks_equal_csv_rows(texts: list[str], said: list[str], redact: bool,
                                   steps: int, ends: tuple[str | None, str | None],
                                   prelude: bool, errors: str, limit: int) -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=8)))
    record = Record(id="20260102-030405-x-1", flow_id=texts[0], flow_hash=texts[6],
                    platform=texts[1], surface=texts[7], goal=texts[8], lang="en",
                    started=at, operator=texts[2], subject=texts[3], outcome="completed",
                    mode=texts[9] or "real",  # type: ignore[arg-type]  # any text
                    key=texts[10] or None,
                    unsigned=texts[11] or None, answers={texts[4]: texts[5]},
                    fields={"employee_id": texts[6]} if texts[6] else {},
                    steps=[StepEntry(texts[4] or "s", texts[5], "skipped" if n else texts[9],  # type: ignore[arg-type]
                                     at if n != 1 else None, texts[2], texts[3],
                                     n % 2 == 0) for n in range(steps)])
    other = replace(record, id="20260102-030405-x-2", chain=Chain(1, "0" * 64, "f" * 64),
                    finished=at, operator=texts[3], steps=[StepEntry("", ""), *record.steps])
    odd = replace(record, id=texts[0] + texts[1], chain=Chain(-texts[2].count(","), "0",
                                                            texts[3]))
    shown = {texts[4] or "s": _step(texts[4] or "s", said), "": _step("", said[::-1])}
    rows: list[tuple[Row, Mapping[str, Step] | None]] = [
        (pack(record), shown), (pack(other), None), (pack(other), shown),
        (pack(record), {}), (pack(odd), shown), (pack(record), shown)]
    old = csv_bytes.LIMIT
    csv_bytes.LIMIT = limit  # 1: every cache of cells is emptied as it is used
    try:
        text, made = _both(rows, redact, ends[0], ends[1], prelude, errors)
    finally:
        csv_bytes.LIMIT = old
    assert made == text


@pytest.mark.parametrize("redact", [False, True])
def test_csv_chunks_equal_csv_rows_for_real_records(tmp_path: Path, redact: bool) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    finished_run(store, library, operator="Ann Lee", note="=cmd|' /C calc'!A0")
    finished_run(store, library, answers=("no",), mode="practice", subject="王小明",
                 fields={"employee_id": "E042", "ticket": "=HR-7"},
                 note="ticked [bold]late[/bold] | at desk")
    texts = shown_texts(store)
    rows: list[tuple[Row, Mapping[str, Step] | None]] = [
        (pack(r), texts(r)) for r in store.scan().records * 3]
    text, made = _both(rows, redact, "2:0123456789abcdef", "OK 2 records", True, "strict")
    assert isinstance(made, bytes) and made == text

