"""Exports checked against golden files made from fixed records.

After a deliberate change of format (or of the fixture flows, or the app version, which
records carry), regenerate with SIGNOFF_UPDATE_GOLDEN=1 and read the diff before
committing it."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.records_helpers import finished_run, fixture_library, store_at
from tui.core.export import render, select
from tui.core.records import Record

GOLDEN = REPO / "tests" / "data" / "golden"


def _records(tmp_path: Path) -> list[Record]:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    finished_run(store, library, operator="Ann Lee", note="=cmd|' /C calc'!A0")
    finished_run(store, library, answers=("no",), mode="practice", subject="王小明",
                 note="ticked [bold]late[/bold] | at desk")
    return store.scan().records


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
@pytest.mark.parametrize("redact", [False, True], ids=["full", "redacted"])
def test_export_matches_golden(tmp_path: Path, fmt: str, redact: bool) -> None:
    text = render(_records(tmp_path), fmt, redact=redact)
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
