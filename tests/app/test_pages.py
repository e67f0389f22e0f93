"""Pages a keyboard user reads: the start screen's key hints and the help page."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from tests.helpers.app import AppFactory, open_screen, ready
from tui.app.screens.help import HelpScreen
from tui.app.screens.start import packed


def test_hints_break_only_between_hints() -> None:
    hints = ["n  start a new run", "h  history", "c  report", "p  practice on/off", "?  help"]
    assert packed(hints, 76) == ("n  start a new run    h  history    c  report    "
                                 "p  practice on/off\n?  help")
    assert packed(hints, 10) == "\n".join(hints)


async def test_the_start_screens_hints_keep_each_key_with_its_word(
        make_app: AppFactory) -> None:
    """At 80 columns "?" ended one line and "help" began the next."""
    for lang, key, word in (("en", "?", "help"), ("zh", "?", "帮助")):
        app = make_app(lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            actions = app.screen.query_one("#start-actions", Static)
            lines = [strip.text.strip() for strip in actions.render_lines(actions.region
                     .reset_offset)]
            assert any(f"{key}  {word}" in line for line in lines), lines


async def test_help_scrolls_with_j_and_half_pages(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "question_mark", HelpScreen)
        scroll = app.screen.query_one("#help-scroll", VerticalScroll)
        await pilot.press("j")
        await pilot.pause()
        assert scroll.scroll_y == 3
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert scroll.scroll_y == 3 + scroll.size.height // 2
        await pilot.press("ctrl+u", "k")
        await pilot.pause()
        assert scroll.scroll_y == 0
