"""Provides QuietStatic: a Static that does no work when nothing changed.

On the checklist one keypress updates several texts (the row, the progress, the detail,
the "Saved" line). A plain `Static.update` redraws even an unchanged text and asks for a
layout pass of the whole screen every time; the layout, and the redrawing of every
widget it moves, cost more than the keypress itself. This one redraws only a text that
changed, and asks for a layout only when its height follows its text (height: auto)
and the text's height at the current width changed.
"""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.css.styles import RulesMap
from textual.visual import visualize
from textual.widgets import Static


class QuietStatic(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Text | None = None
        self._measured: tuple[int, int] | None = None
        """(width, height) of the text last shown, in cells."""

    def set_text(self, content: Text) -> None:
        """Show `content`, doing as little as its change needs."""
        if self._shown is not None and content == self._shown:
            return
        self._shown = content
        rule = self.styles.height
        if rule is not None and not rule.is_auto:  # its height is the CSS's, not the text's
            self.update(content, layout=False)
            return
        width = self.content_region.width
        if width <= 0:
            self._measured = None
            self.update(content)
            return
        visual = visualize(self, content)  # handed to update: measured once, not twice
        height = visual.get_height(cast(RulesMap, self.styles), width)
        layout = self._measured != (width, height)
        self._measured = (width, height)
        self.update(visual, layout=layout)
