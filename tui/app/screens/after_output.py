"""Provides AfterOutput: the checklist's work that waits until a keypress's frame has
reached the terminal.

Textual hands each frame to a thread of its own that writes it to the terminal. Work
started right after the frame held the interpreter lock and the processor while that
thread waited to write: the detail pane's page (see StepDetail) made a tick reach the
terminal 1-7 ms after it was drawn, and waking the saver's thread cost a switch of the
processor (0.5-1 ms on a busy machine) even in the callbacks that Textual may run just
before the frame. Both now wait OUTPUT_PAUSE after the frame; the screen is idle
meanwhile, and the frame is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app.screens.base import SignoffScreen
    from tui.core.run import Run

    Base = SignoffScreen
else:
    Base = object

OUTPUT_PAUSE = 0.002
"""Seconds between a keypress's frame and the work that follows it."""


class AfterOutput(Base):
    """Mixed into ChecklistScreen, which provides `show_detail` and `active_run`."""

    _detail_due = False
    _wake_due = False
    _wake: Callable[[], None] | None = None

    if TYPE_CHECKING:  # ChecklistScreen's
        active_run: Run

        def show_detail(self) -> None: ...

    def after_output(self, job: Callable[[], None]) -> None:
        """Run `job` OUTPUT_PAUSE after the next frame; at once if this screen has gone."""
        if not self.call_after_refresh(lambda: self.set_timer(OUTPUT_PAUSE, job)):
            job()

    def detail_later(self) -> None:
        """The detail pane (and the "Saving" line), once, after the frame."""
        if not self._detail_due:
            self._detail_due = True
            self.after_output(self._detail)

    def _detail(self) -> None:
        self._detail_due = False
        self.show_detail()

    def wake_saver_later(self, wake: Callable[[], None]) -> None:
        """The saver's thread, after the frame (Run.save_in_background's wake_later)."""
        self._wake = wake
        if not self._wake_due:
            self._wake_due = True
            self.after_output(self._wake_saver)

    def _wake_saver(self) -> None:
        if self._wake_due and self._wake is not None:
            self._wake_due = False
            self._wake()

    def on_unmount(self) -> None:
        """Its timer goes with this screen, and the write must not wait: neither for
        the timer nor for a pause in changes that will not come."""
        self._wake_due = False
        self.active_run.write_soon()
