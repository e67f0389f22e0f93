"""A tick on the checklist reaches the terminal before anything else is done: the detail
pane's page is made OUTPUT_PAUSE after the tick's frame, while Textual's output thread
writes that frame, and the saver's thread is woken only once the tick is drawn (see
tui.app.screens.after_output and BackgroundSaver.submit)."""

from __future__ import annotations

from time import monotonic
from typing import Any

import pytest
from textual.geometry import Region
from textual.strip import Strip

from tests.helpers.app import AppFactory, ready, statuses, to_checklist
from tui.app.screens import after_output
from tui.app.widgets.quiet_static import QuietStatic
from tui.app.widgets.step_detail import StepDetail

PAUSE = 0.3
"""Longer than the app's, so that the gap is plain on a busy machine too."""


async def test_the_detail_pane_waits_until_the_ticks_frame_is_out(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(after_output, "OUTPUT_PAUSE", PAUSE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        progress = screen.query_one("#progress", QuietStatic)
        drawn: list[float] = []
        shown: list[float] = []
        render_lines, show = QuietStatic.render_lines, StepDetail.show

        def drawing(widget: QuietStatic, crop: Region) -> list[Strip]:
            if widget is progress:
                drawn.append(monotonic())
            return render_lines(widget, crop)

        def showing(detail: StepDetail, *args: Any, **kwargs: Any) -> None:
            shown.append(monotonic())
            show(detail, *args, **kwargs)

        monkeypatch.setattr(QuietStatic, "render_lines", drawing)
        monkeypatch.setattr(StepDetail, "show", showing)
        await pilot.press("space")
        await ready(pilot)
        assert drawn, "the tick's frame drew the progress"
        assert shown, "the detail pane followed"
        assert shown[0] - drawn[0] >= 0.9 * PAUSE, "the page was made right after the frame"
        assert "done" in statuses(app.options.records_dir).values(), "and the tick is saved"


async def test_a_tick_made_as_the_checklist_closes_is_written(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The saver's thread is woken on a timer of the checklist; when the checklist goes
    before that timer (a tick, then `b` at once), the thread is woken as it goes."""
    monkeypatch.setattr(after_output, "OUTPUT_PAUSE", PAUSE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        run = screen.active_run
        await pilot.press("space", "b")
        for _ in range(200):
            if not run.saving:
                break
            await pilot.pause(0.02)
        assert not run.saving, "the tick was never written"
        assert "done" in statuses(app.options.records_dir).values()
