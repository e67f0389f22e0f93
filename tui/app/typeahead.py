"""Provides Typeahead: keys typed before the app can act are kept, then acted on.

The flow library is read after the first paint, so the start screen is on screen
before a new run can begin. A person who types `n 1 1` at once used to get "Still
loading, try again in a moment." and lose all three keys. Now every key that arrives
before the library is kept (except the keys that leave the app); once the library is
read, they are pressed again in order, each after the one before has been handled,
so each reaches the screen the previous one opened.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import App

from tui.app.textual_patches import press_keys

PASS_THROUGH = frozenset({"ctrl+c", "ctrl+x", "ctrl+q"})
"""Keys that are never held: leaving the app must work while it reads."""


class Typeahead(App[int]):
    """Mixed into the app before SignoffHost (see Navigator)."""

    _holding = True
    _held: list[str] | None = None
    _when_ready: Callable[[], None] | None = None

    def hold_until_ready(self, action: Callable[[], None]) -> None:
        """Run `action` when `release_held` is called (an action that needs the library,
        asked for before it arrived, e.g. from the command palette)."""
        self._when_ready = action

    def release_held(self) -> None:
        """The app can act now: run the held action, then press the held keys again."""
        self._holding = False
        action, self._when_ready = self._when_ready, None
        held, self._held = self._held or [], None
        if action is not None:
            action()
        if held:
            self.run_worker(press_keys(self, held), group="typeahead")

    async def on_event(self, event: events.Event) -> None:
        if (self._holding and isinstance(event, events.Key) and not event.is_forwarded
                and event.key not in PASS_THROUGH):
            if self._held is None:
                self._held = []
            self._held.append(event.key)
            return
        await super().on_event(event)
