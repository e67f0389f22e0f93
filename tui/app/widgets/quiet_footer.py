"""Provides QuietFooter: the key bar, rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its key widgets every time anything says the bindings may
have changed: a focus change, a screen push, a language switch. Several such signals
arrive while a screen starts, and each rebuild mounts and styles a dozen widgets; on
signoff's start screen that was the largest piece of start-up work after the imports.
This footer coalesces the signals into one check after the next refresh and rebuilds
only when the keys, labels or enabled states it would show differ from those shown.

It also draws its keys in its first compose. Textual's Footer starts empty and fills in
once the screen first says its bindings changed, two frames later: a start screen
without its keys is not ready to use. The keys a screen shows are known when it is
composed (its own bindings and the app's, in its language: see SignoffScreen), and
the check above corrects the rare case where focus changes them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[str, str, str, bool], ...]


class QuietFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Shown | None = None
        self._check_pending = False
        self.set_reactive(Footer._bindings_ready, True)  # keys in the first frame

    def _what_to_show(self) -> Shown:
        return tuple((binding.key, self.app.get_key_display(binding), binding.description,
                      enabled)
                     for _node, binding, enabled, _tooltip
                     in self.screen.active_bindings.values() if binding.show)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._what_to_show()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._check_pending:
            return
        if self.is_attached and screen is self.screen:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._what_to_show() != self._shown:
            await self.recompose()
