"""Provides FrameTimer, and PacedFrames for screens: Textual's frame timer with the
skip-ahead fixed, so a frame that follows another waits at most one period.

A Textual screen draws from a timer of 1/60 s that is paused while nothing changes and
resumed when something does. After a pause, Textual 8.2.8's Timer skips the periods it
missed with `count = int((now - start) / interval + 1)`: one period too many. So the
frame after a resumed one waited 17 to 33 ms instead of at most 17.

On the checklist a keypress draws two frames: the tick, then the next step's page. The
second one waited up to 33 ms, and a key pressed while it waited was not drawn until
up to 33 ms after it (the keypress p90 in README, Performance). This timer skips to the
next period after now, as Textual means to.

`_run` below is Textual's own (8.2.8, pinned in pyproject.toml) with that one line
changed; tests/ui/test_frame_timer.py fails if Textual's version of it changes.
"""

from __future__ import annotations

from textual import _time
from textual._time import sleep
from textual.screen import UPDATE_PERIOD, Screen
from textual.timer import EventTargetGone, Timer


class FrameTimer(Timer):
    async def _run(self) -> None:
        count = 0
        _repeat = self._repeat
        _interval = self._interval
        self._active  # noqa: B018 - creates the Event on this thread, as Textual does
        await self._active.wait()
        start = _time.get_time()

        while _repeat is None or count <= _repeat:
            next_timer = start + ((count + 1) * _interval)
            now = _time.get_time()
            if self._skip and next_timer < now:
                count = int((now - start) / _interval)  # Textual: ... / _interval + 1
                continue
            now = _time.get_time()
            wait_time = max(0, next_timer - now)
            await sleep(wait_time)
            count += 1
            await self._active.wait()
            if self._reset:
                start = _time.get_time()
                count = 0
                self._reset = False
                continue
            try:
                await self._tick(next_timer=next_timer, count=count)
            except EventTargetGone:
                break


class PacedFrames:
    """Mixed into a Screen: its frames come from a FrameTimer. Textual's Screen makes its
    timer in the `_update_timer` property; this one makes the same timer, as a
    FrameTimer."""

    _frame_timer: FrameTimer | None = None

    @property
    def _update_timer(self) -> Timer:
        if self._frame_timer is None:
            assert isinstance(self, Screen)
            timer = FrameTimer(self, UPDATE_PERIOD, name="screen_update",
                               callback=self._on_timer_update, pause=True)
            timer._start()
            self._timers.add(timer)
            self._frame_timer = timer
        return self._frame_timer
