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
from tui.app.widgets.step_list import StepList
from tui.glyphs import status_symbol

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


async def test_the_rows_a_tick_changes_are_drawn_ahead_while_the_screen_waits(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a step's page is drawn, the list draws the rows the next tick changes: the
    ticked row as done, and the next step still to do highlighted. The tick then
    draws neither: no option is drawn between the key and its frame."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        await pilot.press("space")  # log-out ticked; on to the next step
        await ready(pilot)
        steps = screen.query_one(StepList)
        ticked, following = steps.highlighted, steps.get_option_index("close-private")
        assert steps.highlighted_step == "demo.check-devices" and ticked is not None
        (prompt, _, _), = [steps._ready[ticked]]
        assert str(prompt).startswith(status_symbol("done", False))
        highlighted = steps._state_style("option-list--option-highlighted")
        padding = steps.get_component_styles("option-list--option").padding
        assert steps._option_render_cache.get(
            (steps.get_option_at_index(following), highlighted, padding)) is not None
        drawn: list[int] = []
        render = StepList._get_option_render

        def drawing(widget: StepList, option: Any, style: Any) -> Any:
            drawn.append(widget.options.index(option))
            return render(widget, option, style)

        monkeypatch.setattr(StepList, "_get_option_render", drawing)
        await pilot.press("space")
        await pilot.pause()
        assert drawn == [], "the tick's frame copied the rows drawn ahead"
        assert statuses_now(screen) == ("done", "close-private")
        await ready(pilot)
        assert steps._ready, "and the next tick's rows are drawn ahead in turn"


def statuses_now(screen: Any) -> tuple[str, str | None]:
    return (screen.active_run.record.step("demo.check-devices").status,
            screen.query_one(StepList).highlighted_step)
