"""What the app's exit status says: Ctrl-C outside a run is an interruption (130, as
in the README), inside one the run is saved (3)."""

from __future__ import annotations

from tests.helpers.app import AppFactory, ready, to_checklist


async def test_ctrl_c_before_a_run_exits_130(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 130


async def test_ctrl_c_in_a_run_saves_and_exits_3(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("space")
        await ready(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_code == 3
