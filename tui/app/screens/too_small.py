"""Provides TooSmallScreen: shown instead of a cramped layout until the window grows."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.app.screens.base import SignoffScreen
from tui.i18n import t

MIN_WIDTH, MIN_HEIGHT = 60, 20
"""Below this the checklist cannot show a step and its detail side by side."""


class TooSmallScreen(SignoffScreen):
    """Says how big the window must be; the app removes it when the window is resized."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()

    def on_resize(self) -> None:
        if self.is_mounted:
            self.relabel()
        self.signoff.check_size()

    def relabel(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small", Static).update(Text(t(
            "app.too_small", self.lang, w=MIN_WIDTH, h=MIN_HEIGHT, cw=width, ch=height)))
