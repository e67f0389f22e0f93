"""Provides HistoryRows: the History screen's table, filled from its summaries a chunk
at a time and a window ahead of the cursor, and its status line.

Kept apart from HistoryScreen so that the screen reads as what it shows and what its
keys do; this is how 100,000 summaries become rows without holding the screen up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from tui.core.safe_text import literal
from tui.glyphs import symbols
from tui.i18n import t

if TYPE_CHECKING:
    from tui.app.screens.base import SignoffScreen
    from tui.core.records.record import RecordDamaged
    from tui.core.records.summary import Summary

    Base = SignoffScreen
else:
    Base = object

FILL_CHUNK = 100
"""Rows added to the table per repaint: adding all 10,000 at once held the screen for
seconds, before the first screenful reached the terminal and after every key typed in
the filter."""
WINDOW = 500
"""Rows in the table ahead of the cursor: more are added as the cursor or the scroll
position comes near the last one. Every row of a DataTable costs its cells' Text,
styles and sizes: 100,000 rows took minutes to add and over 500 MiB, to show rows
nobody scrolls to."""
COLUMNS = ("date", "outcome", "chain", "platform", "surface", "goal", "mode", "who")


class HistoryRows(Base):
    """Mixed into HistoryScreen, which reads the summaries into `records`."""

    records: list[Summary]
    damaged: list[RecordDamaged]
    shown: list[Summary]
    chain: dict[str, str]
    loaded: bool
    verified: bool
    _rows: dict[str, tuple[list[str], str]]
    _filling: int
    _limit: int
    _adding: bool

    def _cells(self, record: Summary) -> list[str]:
        lang, app = self.lang, self.signoff
        who = " / ".join(x for x in (record.operator, record.subject) if x)
        return [record.started.strftime("%Y-%m-%d %H:%M"), t(f"outcome.{record.outcome}", lang),
                app.name_of("platform", record.platform, lang),
                app.name_of("surface", record.surface, lang),
                app.name_of("goal", record.goal, lang), t(f"mode.{record.mode}", lang), who]

    def _chain_cell(self, record: Summary) -> str:
        sym = symbols(self.signoff.plain_symbols)
        if record.id in self.chain:
            return f"{sym.warning} {t('history.chain_bad', self.lang)}"
        if not self.verified:
            return ""
        if not record.sealed:
            return f"{sym.pending} {t('history.chain_open', self.lang)}"
        return f"{sym.done} {t('history.chain_ok', self.lang)}"

    def _row(self, record: Summary) -> tuple[list[str], str]:
        """The record's cells and filter text, made once per language."""
        row = self._rows.get(record.id)
        if row is None:
            cells = self._cells(record)
            hay = " ".join([*cells, record.id, record.platform, record.surface, record.goal,
                            record.outcome, record.mode]).casefold()
            row = self._rows[record.id] = (cells, hay)
        return row

    def fill(self) -> None:
        """`shown` is complete at once (the count and export use it); the table gets its
        rows FILL_CHUNK at a time, the first chunk now and the rest on later turns of
        the event loop, so keys and the first paint are never held up."""
        table = self.query_one(DataTable)
        table.clear()
        self._filling += 1
        self._limit, self._adding = WINDOW, False
        if not self.loaded and not self.records:
            self._status(t("history.loading", self.lang))
            return
        needle = self.query_one(Input).value.strip().casefold()
        self.shown = ([r for r in self.records if needle in self._row(r)[1]] if needle
                      else list(self.records))
        self._add_rows(self._filling, 0, needle)
        # The table sizes new rows when it is idle. If it drew them before that, it keeps
        # those lines (without the rows) until something else changes it, and the first
        # screenful waited for the full read; so once it is idle, it draws again.
        table.call_next(table.notify_style_update)
        if not self.loaded:
            self._status(t("history.loading", self.lang))
            return
        self._status(t("history.count", self.lang, shown=len(self.shown),
                       total=len(self.records)))

    def _add_rows(self, filling: int, start: int, needle: str) -> None:
        if filling != self._filling:
            return
        table = self.query_one(DataTable)
        end = min(start + FILL_CHUNK, self._limit)
        for record in self.shown[start:end]:
            row = [Text(literal(c, keep_newlines=False)) for c in self._row(record)[0]]
            table.add_row(*row[:2], Text(self._chain_cell(record)), *row[2:], key=record.id)
        self._adding = end < min(len(self.shown), self._limit)
        if self._adding:  # once the app is idle: the table sizes new rows then, and paints
            self.set_timer(0.001, lambda: self._add_rows(filling, end, needle))
            return
        if end < len(self.shown):  # the rest when the cursor or the view comes near
            return
        for damaged in self.damaged:
            if needle and needle not in damaged.name.casefold():
                continue
            table.add_row(Text(literal(damaged.name)), Text(t("history.damaged", self.lang)),
                          Text(f"! {t('history.damaged', self.lang)}"), "", "", "", "", "",
                          key=damaged.name)

    def _more(self, near: int) -> None:
        """Let the table grow by WINDOW when row `near` is within a screenful of its
        last row and more are to be shown."""
        table = self.query_one(DataTable)
        held = min(len(self.shown), self._limit)
        if self._adding or held >= len(self.shown) or near < held - max(table.size.height, 10):
            return
        self._limit = held + WINDOW
        needle = self.query_one(Input).value.strip().casefold()
        self._add_rows(self._filling, table.row_count, needle)

    def _scrolled(self, _old: float, new: float) -> None:
        self._more(int(new) + self.query_one(DataTable).size.height)

    def _status(self, text: str) -> None:
        self.query_one("#history-status", Static).update(Text(literal(text)))
