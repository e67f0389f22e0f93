"""Keys typed before the flow library is read are kept and acted on, not dropped."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.app import AppFactory, ready
from tests.terminal.screen import Terminal, environment
from tui.app.navigation import Navigator
from tui.app.screens.question import QuestionScreen
from tui.app.screens.start import StartScreen


async def test_n_1_1_typed_at_once_lands_on_the_question_they_lead_to(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The library arrives only after the keys were typed (held back on purpose)."""
    arrived = threading.Event()
    read = Navigator._read_library

    def slow_read(self: Navigator) -> Any:
        arrived.wait(10)
        return read(self)

    monkeypatch.setattr(Navigator, "_read_library", slow_read)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen) and app.library is None
        await pilot.press("n", "1", "1", "1")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen), "nothing can happen before the library"
        arrived.set()
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        prompt = screen.wizard.current()
        assert prompt is not None and prompt.text is not None
        assert prompt.text.get("en") == "Phone with you?"
        assert screen.wizard.path == ["demo", "web", "shared-computer"]


async def test_leaving_works_while_the_library_is_read(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    arrived = threading.Event()
    read = Navigator._read_library
    monkeypatch.setattr(Navigator, "_read_library",
                        lambda self: (arrived.wait(10), read(self))[1])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n", "ctrl+x")
        await pilot.pause()
        assert not app.is_running or app.return_code is not None
        arrived.set()


@pytest.mark.slow
def test_keys_typed_straight_after_spawn_are_not_dropped(tmp_path: Path) -> None:
    """The real program on a pty, `n 1 1` written before its first frame: it lands on
    the question those keys lead to (WhatsApp, Web browser)."""
    env = environment(tmp_path, SIGNOFF_CACHE_DIR=str(tmp_path / "cache"))
    term = Terminal([], env)
    try:
        os.write(term.fd, b"n11")
        screen = term.wait_for("What do you need to do?", timeout=30)
        assert "WhatsApp" in screen and "Web browser" in screen
    finally:
        term.close()
