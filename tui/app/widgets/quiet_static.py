"""Provides QuietStatic: a Static that does no work when nothing changed.

On the checklist one keypress updates several texts (the row, the progress, the detail,
the "Saved" line). A plain `Static.update` redraws even an unchanged text and asks for a
layout pass of the whole screen every time; the layout, and the redrawing of every
widget it moves, cost more than the keypress itself. This one redraws only a text that
changed, and asks for a layout only when its height follows its text (height: auto)
and the text's height at the current width differs from the height it was laid out
with (so the first change after the screen opens asks for none either: the checklist's
first tick laid out the whole screen, 5 ms).
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

    def set_text(self, content: Text) -> None:
        """Show `content`, doing as little as its change needs."""
        if self._shown is not None and content == self._shown:
            return
        self._shown = content
        rule = self.styles.height
        if rule is not None and not rule.is_auto:  # its height is the CSS's, not the text's
            self.update(content, layout=False)
            return
        region = self.content_region
        if region.width <= 0:  # not laid out (yet, or while hidden)
            self.update(content)
            return
        visual = visualize(self, content)  # handed to update: measured once, not twice
        height = visual.get_height(cast(RulesMap, self.styles), region.width)
        self.update(visual, layout=height != region.height)
