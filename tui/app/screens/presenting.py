"""Provides Presenting: the checklist's presenter view (v, --present) for a projector.

Apart from the checklist screen so that module keeps to the run: here is what only a
projected screen needs. The step's number in big digits (Textual's Digits: three rows
high, readable from the back of a room), "of m" beneath it, a hint while the step's
text goes on below the pane (at 80x24 "Check it worked" fell off the screen with
nothing to say so), and the keys a projector must not offer: notes and "did not
match" are personal, so they leave the footer and `v` takes their place.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits

from tui.app.widgets.quiet_static import QuietStatic
from tui.app.widgets.step_detail import StepDetail
from tui.i18n import t

PERSONAL_ACTIONS = frozenset({"note", "mismatch"})
"""Checklist actions that write something personal: not offered while presenting."""
ROOM_FOR_V = 90
"""Columns from which `v` fits in the footer outside the presenter view too (at 80 the
footer's other keys fill the line)."""


class StepNumber(Vertical):
    """"3" in big digits and "of 7" below: where the room is, at a glance."""

    def compose(self) -> ComposeResult:
        yield Digits(id="step-digits")
        yield QuietStatic(id="step-of")

    def show(self, n: int, m: int, lang: str) -> None:
        self.query_one(Digits).update(str(n))
        self.query_one("#step-of", QuietStatic).set_text(
            Text(t("present.step_of", lang, n=n, m=m), style="bold"))


def more_below(detail: StepDetail) -> bool:
    """Whether the step's text goes on below what the pane shows."""
    return detail.max_scroll_y > 0 and round(detail.scroll_y) < detail.max_scroll_y


def allowed(action: str, presenting: bool, width: int) -> bool:
    """Whether a checklist key is offered (and shown in the footer)."""
    if presenting:
        return action not in PERSONAL_ACTIONS
    return action != "present" or width >= ROOM_FOR_V
