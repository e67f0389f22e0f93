"""Training and personal-records features in the app: the operator asked once in
practice mode, the presenter view, the report screen, reviews due on the start screen,
the warning before a note that looks like a code, practice runs apart in history."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.helpers.app import (
    AppFactory,
    detail_text,
    export_with_e,
    open_screen,
    ready,
    records,
    to_checklist,
)
from tui.app.screens.checklist import ChecklistScreen
from tui.app.screens.dialogs import TextModal, YesNoModal
from tui.app.screens.history import HistoryScreen
from tui.app.screens.report import ReportScreen
from tui.app.screens.start import StartScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.widgets.step_list import StepList
from tui.config import login_operator
from tui.core.records.store import RecordStore


def text_of(pilot: Pilot[Any], selector: str) -> str:
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(pilot.app.screen.query_one(selector, Static).content)
    return capture.get().strip()


async def finish_to_start(pilot: Pilot[Any]) -> None:
    """Finish the open checklist (confirming pending steps) and close the summary."""
    await pilot.press("f")
    await ready(pilot)
    if isinstance(pilot.app.screen, YesNoModal):
        await pilot.press("y")
        await ready(pilot)
    assert isinstance(pilot.app.screen, SummaryScreen)
    await pilot.press("b")
    await ready(pilot)
    assert isinstance(pilot.app.screen, StartScreen)


async def test_operator_is_asked_once_in_practice_and_kept(make_app: AppFactory,
                                                           records_dir: Path) -> None:
    app = make_app(mode="practice", operator="")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1")
        await ready(pilot)
        assert isinstance(app.screen, TextModal), "a practice run asks who is practising"
        await pilot.press("enter")  # empty: refused
        await pilot.pause()
        assert isinstance(app.screen, TextModal)
        await pilot.press(*"bo", "enter")
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        await finish_to_start(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1")
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen), "asked once per session"
    assert [(r["mode"], r["operator"]) for r in records(records_dir)] == [
        ("practice", "bo"), ("practice", "bo")]


async def test_operator_not_asked_for_a_real_run(make_app: AppFactory,
                                                 records_dir: Path) -> None:
    """Not asked, but recorded all the same: the login name at this host."""
    app = make_app(operator="")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
    assert records(records_dir)[0]["operator"] == login_operator()
    assert "@" in login_operator()


async def test_presenter_view_shows_the_step_and_nothing_personal(
        make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        record_id = screen.active_run.record.id
        assert record_id in text_of(pilot, "#saved-line")
        await pilot.press("n", *"desk four", "enter")
        await ready(pilot)
        assert "desk four" in detail_text(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert screen.has_class("-present") and app.present
        detail = detail_text(pilot)
        for heading in ("Log out", "Where", "Why", "Check it worked"):
            assert heading in detail
        assert "desk four" not in detail and "Status" not in detail
        assert not screen.query_one("#saved-line").display
        steps = screen.query_one(StepList)
        assert steps.option_count == len(screen.active_run.items()), "no phase headings"
        assert steps.size.width <= 30
        app.action_history()
        await pilot.pause()
        assert app.screen is screen, "no history while presenting"
        await pilot.press("v")
        await pilot.pause()
        assert not screen.has_class("-present")
        assert "desk four" in detail_text(pilot)


async def test_present_option_starts_in_the_presenter_view(make_app: AppFactory) -> None:
    app = make_app(present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        assert screen.has_class("-present")
        await pilot.press("space", "space", "space")
        await finish_to_start_summary(pilot)
        summary = text_of(pilot, "#summary")
        assert "ana" not in summary and str(app.store.root) not in summary


async def finish_to_start_summary(pilot: Pilot[Any]) -> None:
    await pilot.press("f")
    await ready(pilot)
    assert isinstance(pilot.app.screen, SummaryScreen)


async def test_report_lists_practice_apart_from_real(make_app: AppFactory,
                                                     records_dir: Path,
                                                     tmp_path: Path) -> None:
    async with make_app().run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await finish_to_start(pilot)
    app = make_app(mode="practice", operator="bo")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("s", *"no phone", "enter", "m")
        await finish_to_start(pilot)
        await open_screen(pilot, "c", ReportScreen)
        report = text_of(pilot, "#report")
        real, practice = report.split("Practice runs")
        assert "Real runs" in real and "ana" in real and "bo" not in real
        assert "bo" in practice and "ana" not in practice
        assert "no phone" in practice and "did not match the app" in practice
        await pilot.press("g")
        await pilot.pause()
        assert "demo-web-shared-computer" in text_of(pilot, "#report")
        out = tmp_path / "report.md"
        await export_with_e(pilot, out)
    assert out.read_text().startswith("# signoff report, by flow")


async def test_report_from_the_command_palette(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"class report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert "No records yet." in text_of(pilot, "#report")


async def test_start_screen_shows_a_due_review(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert not app.screen.query_one("#start-due").display, "nothing used yet"
        await to_checklist(pilot, "1", "1")
        await finish_to_start(pilot)
        await ready(pilot)
        due = app.screen.query_one("#start-due")
        assert due.display
        assert text_of(pilot, "#start-due") == "Reviews due: Demo Chat (never)"


async def test_practice_runs_do_not_make_a_review_due(make_app: AppFactory) -> None:
    app = make_app(mode="practice")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await finish_to_start(pilot)
        assert not app.screen.query_one("#start-due").display


async def test_broken_config_is_one_notification(make_app: AppFactory, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "config.toml").write_text("[reviews]\nevery_days = 0\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        messages = [n.message for n in app._notifications]
        assert len([m for m in messages if m.startswith("Settings not used")]) == 1
        assert isinstance(app.screen, StartScreen)


async def test_note_that_looks_like_a_code_is_warned_about(make_app: AppFactory,
                                                           records_dir: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("n", *"123456", "enter")
        await ready(pilot)
        assert isinstance(app.screen, YesNoModal)
        await pilot.press("n")
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        assert RecordStore(records_dir).in_progress()[0].step("log-out").note == ""
        await pilot.press("n", *"the desk", "enter")  # no warning for an ordinary note
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("n", "ctrl+a", "ctrl+k", *"PIN 0000", "enter", "y")
        await ready(pilot)
    assert RecordStore(records_dir).in_progress()[0].step("log-out").note == "PIN 0000"


async def test_history_marks_practice_runs_in_words(make_app: AppFactory) -> None:
    app = make_app(mode="practice")
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await finish_to_start(pilot)
        table = (await open_screen(pilot, "h", HistoryScreen)).query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][6] == "practice"
        await pilot.press(*"practice")
        await pilot.pause()
        assert table.row_count == 1


async def test_offboarding_asks_for_the_admin_when_nobody_is_named(records_dir: Path) -> None:
    from tui.app.signoff_app import SignoffApp
    from tui.options import Options
    from tui.paths import builtin_flows_dir

    opts = Options(lang="en", records_dir=records_dir, flow_dirs=(builtin_flows_dir(),),
                   run=("wecom", "admin", "offboard-employee"))
    app = SignoffApp(opts)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1", "1", "1", "1", "1")
        await ready(pilot)
        assert isinstance(app.screen, TextModal), "whom the run is for"
        await pilot.press(*"Wang", "enter")
        await ready(pilot)
        assert isinstance(app.screen, TextModal), "then who is doing it"
        assert "Who is doing this offboarding?" in str(app.screen.query_one("Static").render())
        await pilot.press(*"Ann Admin", "enter")
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen)
    [record] = RecordStore(records_dir).in_progress()
    assert (record.operator, record.subject) == ("Ann Admin", "Wang")
