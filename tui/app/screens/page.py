"""Provides PageScreen: a read-only page of text (help, summary, report) that scrolls
with j/k and ctrl+d/ctrl+u, closes with b, and redraws itself on a language switch."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.app.line_breaks import Breakable
from tui.app.screens.base import SignoffScreen
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter


class PageScreen(SignoffScreen):
    """Subclasses name their page (`PAGE`, also the widget ids `#PAGE` and
    `#PAGE-scroll` that styles and tests use) and say what it shows (`render_page`)."""

    PAGE: ClassVar[str] = "page"

    def compose(self) -> ComposeResult:
        yield PracticeBanner().data_bind(SignoffScreen.practice, SignoffScreen.lang)
        with VerticalScroll(id=f"{self.PAGE}-scroll"):
            yield Static(id=self.PAGE)
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()
        self.query_one(f"#{self.PAGE}-scroll").focus()

    def render_page(self) -> RenderableType:
        raise NotImplementedError

    def relabel(self) -> None:
        page = self.render_page()
        self.query_one(f"#{self.PAGE}", Static).update(
            Breakable(page) if isinstance(page, Text) else page)

    def action_scroll(self, direction: int) -> None:
        self.query_one(f"#{self.PAGE}-scroll", VerticalScroll).scroll_relative(
            y=direction * 3, animate=False)

    def action_page(self, direction: int) -> None:
        """Half a screen, as ctrl+d and ctrl+u move in a pager."""
        scroll = self.query_one(f"#{self.PAGE}-scroll", VerticalScroll)
        scroll.scroll_relative(y=direction * max(1, scroll.size.height // 2), animate=False)

    def action_close(self) -> None:
        self.dismiss()
