"""Provides PracticeBanner: the always-visible marker of a practice run."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from tui.i18n import t


class PracticeBanner(Static):
    """Shown at the top of every screen while practice mode is on, so a trainee can
    never mistake a practice run for a real one. It is words, not just a colour."""

    practice: reactive[bool] = reactive(False)
    """Whether the app is in practice mode; bound to the screen's `practice`."""
    lang: reactive[str] = reactive("en")
    """Interface language; bound to the screen's `lang`."""

    def render(self) -> str:
        return t("banner.practice", self.lang) if self.practice else ""

    def watch_practice(self, practice: bool) -> None:
        self.display = practice
