"""The History screen adds its rows a chunk at a time: every record still ends up in
the table once, damaged files after them, and a filter typed meanwhile wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input

from tests.helpers.app import AppFactory, open_screen, ready
from tests.helpers.records import finished_run, fixture_library, store_at
from tui.app.screens import history_rows as history_module
from tui.app.screens.history import HistoryScreen


async def test_rows_come_in_chunks_and_all_arrive(make_app: AppFactory, records_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    store = store_at(records_dir)
    library = fixture_library()
    written = [finished_run(store, library, mode="practice" if n % 2 else "real")
               for n in range(5)]
    (records_dir / "20000101-000000-demo-bad.toml").write_text("not = [toml")
    monkeypatch.setattr(history_module, "FILL_CHUNK", 2)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "h", HistoryScreen)
        assert screen.loaded
        table = screen.query_one(DataTable)
        keys = [str(table.coordinate_to_cell_key(Coordinate(n, 0)).row_key.value)
                for n in range(table.row_count)]
        newest_first = [r.id for r in sorted(written, key=lambda r: r.started, reverse=True)]
        assert keys == [*newest_first, "20000101-000000-demo-bad.toml"]
        screen.query_one(Input).value = "practice"
        await ready(pilot)
        assert table.row_count == 2 == len(screen.shown)
        assert all(r.mode == "practice" for r in screen.shown)
        screen.query_one(Input).value = ""
        screen.query_one(Input).value = "real"  # replaces a fill still under way
        await ready(pilot)
        assert table.row_count == 3 == len(screen.shown)
        await pilot.press("down", "enter")
        await ready(pilot)
        assert type(app.screen).__name__ == "SummaryScreen", "an opened row loads its record"


async def test_the_table_holds_a_window_and_grows_as_the_cursor_comes(
        make_app: AppFactory, records_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """100,000 rows in a DataTable took minutes to add and over 500 MiB: the table holds
    WINDOW rows beyond what was reached, the count and `shown` still say all of them,
    and the rest (damaged files last) come as the cursor goes down."""
    store = store_at(records_dir)
    library = fixture_library()
    written = [finished_run(store, library) for _ in range(7)]
    (records_dir / "20000101-000000-demo-bad.toml").write_text("not = [toml")
    monkeypatch.setattr(history_module, "FILL_CHUNK", 2)
    monkeypatch.setattr(history_module, "WINDOW", 3)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "h", HistoryScreen)
        await ready(pilot)
        table = screen.query_one(DataTable)
        assert len(screen.shown) == 7 and table.row_count == 3
        for _ in range(12):
            await pilot.press("down")
            await ready(pilot)
        keys = [str(table.coordinate_to_cell_key(Coordinate(n, 0)).row_key.value)
                for n in range(table.row_count)]
        newest_first = [r.id for r in sorted(written, key=lambda r: r.started, reverse=True)]
        assert keys == [*newest_first, "20000101-000000-demo-bad.toml"]


async def test_the_first_screenful_is_named_by_the_overview_without_listing(
        records_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the folder is as the overview last saw it, the newest names come from the
    overview: listing 100,000 records and their signatures was 0.1 s of the first
    screenful. The screen still shows every record."""
    import os
    import time

    from tests.conftest import FIXTURE_FLOWS
    from tui.app.signoff_app import SignoffApp
    from tui.core.records.overview import read_overview
    from tui.core.records.store import RecordStore
    from tui.options import Options

    store = store_at(records_dir, index_dir=tmp_path / "index")
    written = [finished_run(store, fixture_library()) for _ in range(3)]
    hour_ago = time.time() - 3600
    os.utime(records_dir, (hour_ago, hour_ago))
    assert read_overview(store) is not None
    listed: list[int] = []
    real = RecordStore.newest

    def counted(self: RecordStore, count: int) -> list[Path]:
        listed.append(count)
        return real(self, count)

    monkeypatch.setattr(RecordStore, "newest", counted)
    opts = Options(lang="en", records_dir=records_dir, flow_dirs=(FIXTURE_FLOWS,),
                   operator="ana")
    app = SignoffApp(opts, store=RecordStore(records_dir, index_dir=tmp_path / "index"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "h", HistoryScreen)
        await ready(pilot)
        table = screen.query_one(DataTable)
        keys = {str(table.coordinate_to_cell_key(Coordinate(n, 0)).row_key.value)
                for n in range(table.row_count)}
        assert keys == {r.id for r in written}
    assert listed == [], "the folder was listed for the first screenful"
