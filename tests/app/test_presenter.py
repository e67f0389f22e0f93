"""The presenter view for a projector (#19 item 4): the step number in big digits, a
hint while the step goes on below the pane at 80x24, `v` in the footer (notes and "did
not match" out of it), and --present keeping history and the report shut from the
start screen on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Digits

from tests.helpers.app import AppFactory, ready, to_checklist
from tui.app.screens.checklist import ChecklistScreen
from tui.app.screens.start import StartScreen
from tui.app.signoff_app import SignoffApp
from tui.app.widgets.quiet_static import QuietStatic
from tui.options import Options
from tui.paths import builtin_flows_dir


def _footer_actions(screen: ChecklistScreen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()
            if b.binding.show and b.enabled}


async def test_the_step_number_is_large_and_v_is_in_the_footer(make_app: AppFactory) -> None:
    app = make_app(present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        await ready(pilot)
        assert screen.query_one(Digits).value == "1"
        assert "Step 1 of 3" in str(screen.query_one("#step-of", QuietStatic).content)
        actions = _footer_actions(screen)
        assert "present" in actions and "note" not in actions and "mismatch" not in actions
        await pilot.press("j")
        await ready(pilot)
        assert screen.query_one(Digits).value == "2"
        await pilot.press("n")  # no note dialog on a projected screen
        await ready(pilot)
        assert app.screen is screen
        await pilot.press("v")
        await ready(pilot)
        assert not screen.query_one("#step-number").display
        assert "note" in _footer_actions(screen)


async def test_present_keeps_history_and_the_report_shut_from_the_start(
        make_app: AppFactory) -> None:
    app = make_app(present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for key in ("h", "c"):
            await pilot.press(key)
            await ready(pilot)
            assert isinstance(app.screen, StartScreen), key


async def test_a_long_step_at_80x24_says_there_is_more_below(records_dir: Path) -> None:
    """WhatsApp Web's "Log out" step is longer than the pane at 80x24: "Check it worked"
    was below the edge with nothing to say so."""
    from tests.helpers.app import fixed_store

    options = Options(lang="en", records_dir=records_dir, flow_dirs=(builtin_flows_dir(),),
                      operator="ana", present=True)
    app = SignoffApp(options, store=fixed_store(records_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "1", "1", "1")  # WhatsApp, web, shared computer, phone
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        await pilot.press("j")
        await ready(pilot)
        hint = screen.query_one("#more-hint", QuietStatic)
        assert hint.display and "More below" in str(hint.content)
        for _ in range(6):
            await pilot.press("ctrl+d")
        await ready(pilot)
        assert not hint.display, "at the bottom, no hint"
