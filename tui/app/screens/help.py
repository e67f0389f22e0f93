"""Provides HelpScreen: every key of every screen, generated from the bindings
themselves (with the user's keymap applied), so it cannot drift from the code."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from tui.app.screens.page import PageScreen
from tui.app.textual_patches import keymap_of
from tui.i18n import MESSAGES, t


def _bindings(items: Iterable[BindingType]) -> list[Binding]:
    return [b for b in items if isinstance(b, Binding)]


class HelpScreen(PageScreen):
    """The key table, per screen."""

    PAGE = "help"

    BINDINGS = [
        Binding("b", "close", "Close", id="help.close"),
        Binding("escape", "close", "Close", show=False, id="help.close_alt"),
        Binding("j", "scroll(1)", show=False, id="help.scroll_down"),
        Binding("k", "scroll(-1)", show=False, id="help.scroll_up"),
        Binding("ctrl+d", "page(1)", show=False, id="help.page_down"),
        Binding("ctrl+u", "page(-1)", show=False, id="help.page_up"),
    ]

    def __init__(self, app_bindings: Iterable[BindingType]) -> None:
        super().__init__()
        self.app_bindings = _bindings(app_bindings)
        """The app's own keys (the app hands them in: this screen does not import it)."""

    def sections(self) -> list[tuple[str, list[Binding]]]:
        from tui.app.screens.board import BoardScreen
        from tui.app.screens.checklist import ChecklistScreen
        from tui.app.screens.dialogs import CANCEL
        from tui.app.screens.history import HistoryScreen
        from tui.app.screens.question import QuestionScreen
        from tui.app.screens.report import ReportScreen
        from tui.app.screens.start import StartScreen
        from tui.app.screens.summary import SummaryScreen

        return [("app", self.app_bindings), ("start", _bindings(StartScreen.BINDINGS)),
                ("question", _bindings(QuestionScreen.BINDINGS)),
                ("checklist", _bindings(ChecklistScreen.BINDINGS)),
                ("summary", _bindings(SummaryScreen.BINDINGS)),
                ("history", _bindings(HistoryScreen.BINDINGS)),
                ("report", _bindings(ReportScreen.BINDINGS)),
                ("board", _bindings(BoardScreen.BINDINGS)),
                ("help", _bindings(HelpScreen.BINDINGS)), ("dialog", _bindings(CANCEL))]

    def render_page(self) -> RenderableType:
        lang, keymap = self.lang, keymap_of(self.app)
        out = Table.grid(padding=(0, 2))
        out.add_column()
        out.add_column()
        out.add_column(style="dim")
        for section, bindings in self.sections():
            out.add_row("", "", "")
            out.add_row(Text(t(f"help.section.{section}", lang), style="bold underline"),
                        "", "")
            for binding in bindings:
                keys = keymap.get(binding.id or "", binding.key)
                shown = ", ".join(self.app.get_key_display(binding.with_key(k.strip()))
                                  for k in keys.split(","))
                label = f"key.{binding.id}"
                text = t(label, lang) if label in MESSAGES else binding.description
                if binding.action.startswith("choose"):
                    shown = "1-9" if binding.key == "1" else ""
                if shown:
                    out.add_row(Text(shown, style="bold"), Text(text), binding.id or "")
        intro = Text(t("help.intro", lang), style="italic")
        intro.append("\n" + t("help.palette", lang))
        return Group(intro, out)
