"""Going back and forth between the start screen and a question never piles up reads:
at most one read of the start screen's kind runs at a time, and a read its screen no
longer wants (it was covered by another) is stopped instead of left to run. With
100,000 records, five returns used to leave ten full reads running side by side."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from tests.helpers.app import AppFactory, ready
from tui.app.screens import start as start_module
from tui.app.screens.question import QuestionScreen
from tui.app.screens.start import StartScreen
from tui.app.start_view import StartView, read_start
from tui.core.records.store import RecordStore
from tui.runtime.stop import Stopped, check_stop


class SlowReads:
    """A start-screen read that takes until `release`, counting how many run at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.running = self.peak = self.started = self.stopped = 0

    def __call__(self, store: RecordStore) -> StartView:
        with self.lock:
            self.running += 1
            self.started += 1
            self.peak = max(self.peak, self.running)
        try:
            while not self.release.wait(0.005):
                check_stop()
            return read_start(store)
        except Stopped:
            with self.lock:
                self.stopped += 1
            raise
        finally:
            with self.lock:
                self.running -= 1


async def test_returns_to_the_start_screen_run_one_read_at_a_time(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = SlowReads()
    monkeypatch.setattr(start_module, "read_start", reads)
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)  # the first read is the app's own, begun as it was made
            for _ in range(5):
                await pilot.press("n")
                await pilot.pause()
                assert isinstance(app.screen, QuestionScreen)
                await pilot.press("escape")
                await pilot.pause()
                assert isinstance(app.screen, StartScreen)
            reads.release.set()
            await ready(pilot)
            deadline = time.monotonic() + 5
            while reads.running and time.monotonic() < deadline:
                await pilot.pause(0.01)
            assert reads.peak == 1, "two reads of the start screen ran at once"
            assert reads.stopped >= 4, "reads nobody wanted ran to their end"
            assert reads.started - reads.stopped == 1, "the last return's read delivered"
            assert "No interrupted runs" in _runs_text(app)
    finally:
        reads.release.set()


def _runs_text(app: Any) -> str:
    from textual.widgets import OptionList

    runs = app.screen.query_one("#runs", OptionList)
    return " ".join(str(runs.get_option_at_index(i).prompt) for i in range(runs.option_count))


@pytest.mark.parametrize(("key", "screen", "read"), [
    ("o", "tui.app.screens.board:BoardScreen", "scan"),  # every record
    ("h", "tui.app.screens.history:HistoryScreen", "summaries"),  # after its first screenful
])
async def test_closing_a_screen_stops_its_full_read(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, key: str, screen: str,
        read: str) -> None:
    """The board and the History screen read every record; closed before that is done,
    the read stops (it used to run on to its end, one more per visit)."""
    import importlib

    module, name = screen.split(":")
    screen_class = getattr(importlib.import_module(module), name)
    release = threading.Event()
    outcome: list[str] = []

    def slow_read(store: RecordStore, *args: object) -> object:
        try:
            while not release.wait(0.005):
                check_stop()
        except Stopped:
            outcome.append("stopped")
            raise
        outcome.append("ran to its end")
        raise AssertionError("the read was never stopped")

    monkeypatch.setattr(RecordStore, read, slow_read)
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_class)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            deadline = time.monotonic() + 5
            while not outcome and time.monotonic() < deadline:
                await pilot.pause(0.01)
            release.set()
            assert outcome == ["stopped"]
    finally:
        release.set()
