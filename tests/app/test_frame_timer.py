"""FrameTimer: after a pause, the next frame may come at the next period, not one later.

The timers run on a fake clock, so the test measures the schedule, not the machine."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest
from textual import _time
from textual._context import active_app
from textual.timer import Timer

from tui.app.textual_patches import FrameTimer

PERIOD = 1.0


class FakeApp:
    """What a Timer asks of the running app."""

    _exit = False
    features: frozenset[str] = frozenset()

    def _handle_exception(self, error: Exception) -> None:
        raise error


async def tick_times(timer_class: type[Timer], monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Resume a paused timer after a long idle time, twice in a row, as a screen does
    after a keypress (the tick's frame, then the next pane's); the fake times of the
    two frames."""
    clock = [0.0]

    async def sleep(seconds: float) -> None:
        clock[0] += max(0.0, seconds)
        await asyncio.sleep(0)

    monkeypatch.setattr(_time, "get_time", lambda: clock[0])
    monkeypatch.setattr("textual.timer.sleep", sleep)
    monkeypatch.setattr("tui.app.textual_patches.sleep", sleep)
    active_app.set(FakeApp())  # type: ignore[arg-type]
    frames: list[float] = []

    def frame() -> None:
        frames.append(clock[0])
        timer.pause()  # as Screen._on_timer_update does

    target: Any = FakeApp()
    timer = timer_class(target, PERIOD, callback=frame, pause=True)
    timer._start()
    timer.resume()
    for _ in range(50):  # the first frame: the timer starts its periods
        await asyncio.sleep(0)
    clock[0] = 10.3  # idle for a while, paused
    timer.resume()  # a key: drawn at once
    for _ in range(50):
        await asyncio.sleep(0)
    timer.resume()  # the next pane, asked for right after
    for _ in range(50):
        await asyncio.sleep(0)
    timer.stop()
    return frames[-2:]


async def test_the_frame_after_a_resumed_one_comes_at_the_next_period(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert await tick_times(FrameTimer, monkeypatch) == [10.3, 11.0]


async def test_textual_still_skips_one_period_too_many(monkeypatch: pytest.MonkeyPatch) -> None:
    """If this fails, Textual has fixed its Timer: drop FrameTimer (app/textual_patches.py)."""
    assert await tick_times(Timer, monkeypatch) == [10.3, 12.0]


def test_frame_timer_is_textuals_run_but_for_the_skip() -> None:
    """FrameTimer._run is a copy of Textual's; a Textual that changed it needs a look."""
    def code(cls: type[Timer]) -> list[str]:
        lines = inspect.getsource(cls._run).splitlines()
        return [line.split("#")[0].strip() for line in lines
                if line.strip() and not line.strip().startswith(('"""', "async def"))]

    ours, theirs = code(FrameTimer), code(Timer)
    assert [a for a, b in zip(ours, theirs, strict=True) if a != b] == [
        "count = int((now - start) / _interval)"]
