"""The checklist screen refuses a tick before the step's prerequisites and says why; a
finish while a step waits keeps the run open and the start screen shows until when."""

from __future__ import annotations

import itertools
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.helpers.app import FIXED, detail_text, ready
from tests.helpers.gated import HandClock, gated_flows
from tui.app.screens.checklist import ChecklistScreen
from tui.app.screens.start import StartScreen
from tui.app.signoff_app import SignoffApp
from tui.app.widgets.step_list import StepList
from tui.core.records.store import RecordStore
from tui.options import Options


def _app(tmp_path: Path, clock: HandClock, lang: str = "en") -> SignoffApp:
    counter = itertools.count(1)
    opts = Options(lang=lang, records_dir=tmp_path / "records", flow_dirs=(gated_flows(tmp_path),),
                   operator="ana", run=("demo", "android", "shared-computer"))
    store = RecordStore(opts.records_dir, now=clock, suffix=lambda: f"{next(counter):04x}")
    return SignoffApp(opts, store=store)


async def _checklist(pilot: Pilot[Any]) -> ChecklistScreen:
    await ready(pilot)
    await pilot.press("1")  # "Is there anything to transfer?" yes
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    return screen


async def _tick(pilot: Pilot[Any], screen: ChecklistScreen, step_id: str) -> str:
    screen.query_one(StepList).move_to(step_id)
    await pilot.pause()
    await pilot.press("space")
    await ready(pilot)
    return screen.active_run.record.step(step_id).status


async def test_an_early_tick_is_refused_with_the_missing_steps(tmp_path: Path) -> None:
    app = _app(tmp_path, HandClock(FIXED))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _checklist(pilot)
        assert await _tick(pilot, screen, "wipe") == "pending"
        assert screen.refused == ("Not yet: first do, or skip with a reason, \u201cBack up\u201d, "
                                  "\u201cCheck the transfer is complete\u201d.")
        assert screen.refused in screen.saved_text
        await ready(pilot)
        assert ("Comes after: \u201cBack up\u201d, \u201cCheck the transfer is complete\u201d"
                in detail_text(pilot))
        screen.query_one(StepList).move_to("back-up")
        await ready(pilot)
        assert "Step last reviewed: 2026-12-06" in detail_text(pilot)
        assert await _tick(pilot, screen, "back-up") == "done"
        assert await _tick(pilot, screen, "transfer") == "done"
        assert await _tick(pilot, screen, "check-transfer") == "pending"
        assert screen.refused.startswith("Not yet: wait until 2026-11-24 ")
        assert "24 hours after \u201cStart the transfer\u201d" in screen.refused


async def test_the_refusal_is_in_chinese_too(tmp_path: Path) -> None:
    app = _app(tmp_path, HandClock(FIXED), lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _checklist(pilot)
        assert await _tick(pilot, screen, "wipe") == "pending"
        assert screen.refused.startswith("还不能勾选：请先完成\u201cBack up（中文）\u201d")


async def test_finishing_while_waiting_keeps_the_run_open_on_the_start_screen(
        tmp_path: Path) -> None:
    clock = HandClock(FIXED)
    app = _app(tmp_path, clock)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _checklist(pilot)
        record_id = screen.active_run.record.id
        for step_id in ("back-up", "transfer"):
            assert await _tick(pilot, screen, step_id) == "done"
        await pilot.press("f")
        await ready(pilot)
        assert isinstance(app.screen, StartScreen)
        stored = app.store.load(record_id)
        assert stored.outcome == "in-progress" and stored.waiting_until is not None
        until = f"{stored.waiting_until:%Y-%m-%d %H:%M}"
        await ready(pilot)
        rows = app.screen.query_one("#runs", OptionList)
        row = str(rows.get_option_at_index(0).prompt)
        assert f"[waiting until {until}]" in row
        assert "Ready to continue" not in str(app.screen.query_one("#start-due", Static).render())

        clock.advance(timedelta(hours=25))
        app.screen.relabel()
        await pilot.pause()
        row = str(rows.get_option_at_index(0).prompt)
        assert f"[ready since {until}]" in row
        due = app.screen.query_one("#start-due", Static)
        assert due.display
        assert str(due.render()).startswith("Ready to continue: ")
        assert f"(since {until})" in str(due.render())
