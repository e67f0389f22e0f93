"""The offboarding board in the app: `o` on the start screen, one row per leaver."""

from __future__ import annotations

from pathlib import Path

from tests.app.test_subjects_app import _open_runs
from tests.helpers.app import AppFactory, open_screen, ready
from tui.app.screens.board import BoardScreen
from tui.app.screens.start import StartScreen


async def test_o_opens_the_board_with_a_row_per_leaver(records_dir: Path,
                                                       make_app: AppFactory) -> None:
    _open_runs(records_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "o", BoardScreen)
        for _ in range(50):
            if screen.rows is not None:
                break
            await pilot.pause(0.05)
        assert screen.rows is not None and len(screen.rows) == 2
        assert {r.who for r in screen.rows} == {"王小明 (E042)", "Li Lei (E043)"}
        assert all(r.state == "ready" and r.current for r in screen.rows)
        await pilot.press("b")
        await ready(pilot)
        assert isinstance(app.screen, StartScreen)
