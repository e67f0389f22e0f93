"""The app's exports (History and summary screens, `e`) are the command's exports: the
chain head, the verdict of verify on every row, the step texts as shown and the
labels in the app's language. They had only the head, so an export made in the app
from a folder whose records were changed looked like a clean one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.app import export_with_e, open_screen
from tests.helpers.records import finished_run, fixture_library, store_at
from tui.app.screens.history import HistoryScreen
from tui.app.signoff_app import SignoffApp
from tui.commands.records import export
from tui.config import signing_keys
from tui.core.records.store import RecordStore
from tui.options import Options


def _two_records(records_dir: Path) -> RecordStore:
    """Two signed records: a clean folder verifies OK, so a FAILED can only come from
    the change a test makes."""
    store = store_at(records_dir)
    store.keys = signing_keys()
    library = fixture_library()
    finished_run(store, library, note="first")
    finished_run(store, library, note="second")
    return store


def _cli_export(store: RecordStore, fmt: str, lang: str) -> str:
    out = io.StringIO()
    export(store, fmt=fmt, out=None, since=None, until=None, platform=None, mode=None,
           subject=None, redact=False, to=out, lang=lang)
    return out.getvalue()


def _app(records_dir: Path, lang: str = "en") -> SignoffApp:
    options = Options(lang=lang, records_dir=records_dir, flow_dirs=(FIXTURE_FLOWS,),
                      operator="ana")
    return SignoffApp(options, store=RecordStore(records_dir, keys=signing_keys()))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_csv_from_the_app_carries_the_verdict_and_the_shown_texts(
        records_dir: Path, tmp_path: Path, lang: str) -> None:
    store = _two_records(records_dir)
    target = tmp_path / "app.csv"
    async with _app(records_dir, lang).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "h", HistoryScreen)
        await export_with_e(pilot, target, "#fmt-csv")
    app_rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    cli_rows = list(csv.reader(io.StringIO(_cli_export(store, "csv", lang).lstrip("\ufeff"))))
    assert app_rows[0] == cli_rows[0], "the same columns, in the same language"
    assert sorted(app_rows[1:]) == sorted(cli_rows[1:]), "and the same rows"
    verdicts = {row[app_rows[0].index("verify" if lang == "en" else "校验")]
                for row in app_rows[1:]}
    assert len(verdicts) == 1 and verdicts.pop().startswith(
        "OK 2 records" if lang == "en" else "正常：2 条记录")


async def test_an_export_from_the_app_says_when_verify_fails(
        records_dir: Path, tmp_path: Path) -> None:
    store = _two_records(records_dir)
    changed = sorted(records_dir.glob("2*.toml"))[0]
    changed.write_bytes(changed.read_bytes().replace(b'note = "first"', b'note = "FIRST"'))
    assert b"FIRST" in changed.read_bytes()
    target = tmp_path / "app.md"
    async with _app(records_dir).run_test(size=(100, 30)) as pilot:
        await open_screen(pilot, "h", HistoryScreen)
        await export_with_e(pilot, target)
    text = target.read_text(encoding="utf-8")
    verdict = next(line for line in text.splitlines() if line.startswith("Verify: "))
    assert "FAILED" in verdict, verdict
    assert verdict == next(line for line in _cli_export(store, "md", "en").splitlines()
                           if line.startswith("Verify: "))


async def test_the_app_writes_the_same_workbook_as_the_command(
        records_dir: Path, tmp_path: Path) -> None:
    """The app offered Markdown, CSV and JSON Lines, not the workbook that opens with its
    Chinese intact in LibreOffice; it is the command's table, every cell text."""
    from openpyxl import load_workbook

    store = _two_records(records_dir)
    target = tmp_path / "app.xlsx"
    async with _app(records_dir, "zh").run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "h", HistoryScreen)
        await export_with_e(pilot, target, "#fmt-xlsx")
    sheet = load_workbook(target, read_only=True)["records"]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    text = _cli_export(store, "csv", "zh").removeprefix("\ufeff")
    table = [[c.removeprefix("'") for c in row] for row in csv.reader(io.StringIO(text))]
    assert rows[0] == table[0] and sorted(rows[1:]) == sorted(table[1:])


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_the_apps_report_export_never_replaces_what_is_not_a_regular_file(
        tmp_path: Path, kind: str) -> None:
    """The report screen's `e` renamed its file over whatever had the name (the records
    export and every command already refused): as root, a device node."""
    import os

    from tui.app.screens.dialogs import ExportRequest
    from tui.app.screens.report import write_report

    target = tmp_path / "report.md"
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(victim)
    before = os.lstat(target)
    with pytest.raises(ValueError, match="only to regular files"):
        write_report([], "operator", ExportRequest("md", target))
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert victim.read_text() == "keep me"
