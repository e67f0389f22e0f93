"""Provides BoardScreen: the offboarding board in the app, one row per leaver (the same
rows as `signoff board`): the step to do now, what it waits for and until when, done.
Records and flows are read in a thread; Enter is not needed: `r` on the start screen
resumes, this page only says who needs what next."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from tui.app.background_reads import read_in_background
from tui.app.screens.page import PageScreen
from tui.core.board import BoardRow, board
from tui.core.records.store import local_now
from tui.core.safe_text import literal
from tui.gate_text import board_state
from tui.i18n import t


class BoardScreen(PageScreen):
    BINDINGS = [
        Binding("b", "close", "Back", id="board.close"),
        Binding("escape", "close", "Back", show=False, id="board.close_alt"),
        Binding("j", "scroll(1)", show=False, id="board.scroll_down"),
        Binding("k", "scroll(-1)", show=False, id="board.scroll_up"),
    ]
    PAGE = "board"

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[BoardRow] | None = None
        """The leavers' rows; None while the records are read."""

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        """Every record, off the UI thread (stopped if the screen is closed first)."""
        read_in_background(self, self._read, self._loaded, group="board-load")

    def _read(self) -> list[BoardRow]:
        library = self.signoff.library
        found = self.signoff.store.scan()
        return board(found.records, library, local_now()) if library is not None else []

    def _loaded(self, rows: list[BoardRow]) -> None:
        self.rows = rows
        self.relabel()

    def render_page(self) -> RenderableType:
        lang = self.lang
        title = Text(t("board.title", lang), style="bold")
        if self.rows is None:
            return Group(title, Text(t("report.loading", lang)))
        if not self.rows:
            return Group(title, Text(t("board.none", lang)))
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        for column in ("who", "done", "next", "ticket"):
            table.add_column(t(f"board.col.{column}", lang), overflow="fold")
        for row in self.rows:
            table.add_row(Text(literal(row.who, keep_newlines=False)),
                          f"{row.done}/{row.total}",
                          Text(literal(board_state(row, lang), keep_newlines=False)),
                          Text(literal(dict(row.fields).get("ticket", ""),
                                       keep_newlines=False)))
        return Group(title, table)
