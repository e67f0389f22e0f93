"""Text signoff did not write (paths, damaged records' values, a user's flow) is shown
literally: markup such as `[/]` in it must never be parsed, or it crashes the app."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from textual.widgets import DataTable

from tests.helpers.app import (
    FIXTURE_FLOWS,
    AppFactory,
    export_with_e,
    fixed_store,
    open_screen,
    ready,
    to_checklist,
)
from tui.app.screens.checklist import ChecklistScreen
from tui.app.screens.history import HistoryScreen
from tui.app.signoff_app import SignoffApp
from tui.options import Options


def _notices(app: SignoffApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_records_path_with_markup_is_notified_literally(make_app: AppFactory,
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "re[/]cords[/x]"
    app = make_app(records=folder)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("space", "f", "y")
        await ready(pilot)
        await pilot.press("b")
        history = await open_screen(pilot, "h", HistoryScreen)
        history.query_one(DataTable).focus()
        target = folder / "out.md"
        await export_with_e(pilot, target)
        await ready(pilot)
        await pilot.pause(0.1)
        assert target.exists()
        assert any(str(target) in n for n in _notices(app)), _notices(app)
        assert app.return_code is None, "the app is still running"


async def test_a_damaged_value_with_markup_opens_as_a_literal_warning(
        make_app: AppFactory, records_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("space", "f", "y")
        await ready(pilot)
    (path,) = records_dir.glob("2*.toml")
    text = path.read_text()
    damaged = re.sub(r'(?m)^outcome = ".*"$', 'outcome = "[/][bold]x[/y]"', text)
    assert damaged != text
    path.write_text(damaged)
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        history = await open_screen(pilot, "h", HistoryScreen)
        assert history.query_one(DataTable).row_count == 1
        history.query_one(DataTable).focus()
        await pilot.press("enter")
        await ready(pilot)
        assert any('"[/][bold]x[/y]"' in n for n in _notices(app)), _notices(app)
        assert app.return_code is None


async def test_changed_step_titles_with_markup_are_notified_literally(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, flows)
    options = Options(lang="en", records_dir=tmp_path / "r", flow_dirs=(flows,),
                      operator="ana")
    app = SignoffApp(options, store=fixed_store(options.records_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("space")
        await ready(pilot)
    flow_file = flows / "demo" / "web-shared-computer.toml"
    text = flow_file.read_text(encoding="utf-8")
    flow_file.write_text(text.replace('en = "Log out"', 'en = "Log [/x] out [/]"', 1),
                         encoding="utf-8")
    app = SignoffApp(options, store=fixed_store(options.records_dir))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert any("Log [/x] out [/]" in n for n in _notices(app)), _notices(app)
        assert app.return_code is None


async def test_an_operator_name_with_markup_is_drawn_literally_in_the_report(
        make_app: AppFactory) -> None:
    from tests.app.test_training import finish_to_start, text_of
    from tui.app.screens.report import ReportScreen

    app = make_app(operator="ana [/] [bold]x[/y]")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_checklist(pilot, "1", "1")
        await finish_to_start(pilot)
        await open_screen(pilot, "c", ReportScreen)
        assert "ana [/] [bold]x[/y]" in text_of(pilot, "#report")
