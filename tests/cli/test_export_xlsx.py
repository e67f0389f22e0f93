"""`export --format xlsx` (#17 item 18): LibreOffice's default CSV import ignores the BOM
and garbles the Chinese; a workbook keeps it. Read back with openpyxl, it holds the
CSV's table cell for cell, with text that looks like a formula kept as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli, exit_codes


def _records(tmp_path: Path) -> None:
    store = store_at(tmp_path / "records")
    library = fixture_library()
    finished_run(store, library, subject="王小明", operator="安娜", note="=1+1")
    finished_run(store, library, operator="bo")


def test_the_workbook_reads_back_as_the_csv_with_its_chinese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    _records(tmp_path)
    target = tmp_path / "out" / "records.xlsx"
    target.parent.mkdir()
    assert cli.main(["export", "--format", "xlsx", "--out", str(target)]) == exit_codes.OK
    assert "wrote 2 record(s)" in capsys.readouterr().err
    sheet = load_workbook(target, read_only=True)["records"]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]

    assert cli.main(["export", "--format", "csv"]) == exit_codes.OK
    text = capsys.readouterr().out.removeprefix("\ufeff")
    table = [[c.removeprefix("'") for c in row] for row in csv.reader(io.StringIO(text))]
    assert rows == table, "the same table as the CSV (which guards = with ')"

    header = rows[0]
    assert "chain_head" in header and header[-1] == "verify"
    subject, operator, note = (header.index(c) for c in ("subject", "operator", "note"))
    assert {row[subject] for row in rows[1:]} == {"王小明", ""}
    assert "安娜" in {row[operator] for row in rows[1:]}
    assert "=1+1" in {row[note] for row in rows[1:]}
    full = load_workbook(target)["records"]
    noted = next(c for c in full.iter_rows(min_row=2) if c[note].value == "=1+1")
    assert noted[note].data_type == "s", "a note that starts with = is text, not a formula"


def test_xlsx_without_out_is_one_sentence(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _records(tmp_path)
    assert cli.main(["export", "--format", "xlsx"]) == exit_codes.USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "--out FILE.xlsx" in captured.err
