"""The checklist says "Saved" a pause after the last write, not a pause after the first
one: while a person keeps ticking, each write counts the pause again, so no "Saved"
frame of its own falls among the ticks (see ChecklistScreen.on_checklist_screen_saved)."""

from __future__ import annotations

import pytest

from tests.helpers.app import AppFactory, to_checklist
from tui.app.screens import checklist
from tui.app.screens.checklist import ChecklistScreen

PAUSE = 1.0
"""A longer pause than the app's, so that the test does not hang on the machine's speed."""


async def test_each_write_counts_the_pause_again(make_app: AppFactory,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checklist, "SAVED_PAUSE", PAUSE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        said: list[str] = []
        monkeypatch.setattr(ChecklistScreen, "_show_saved_later",
                            lambda self: said.append(self.saved_text))
        screen.on_checklist_screen_saved(ChecklistScreen.Saved(None))  # a first write
        await pilot.pause(0.6 * PAUSE)
        screen.on_checklist_screen_saved(ChecklistScreen.Saved(None))  # the next one
        await pilot.pause(0.6 * PAUSE)
        assert said == [], "the pause was counted from the first write"
        await pilot.pause(0.8 * PAUSE)
        assert len(said) == 1
