"""Provides HistoryScreen: every record in a table, filtered as you type; open one,
export what is shown, verify the chain. Reading, verifying and exporting run in
worker threads, so the screen never freezes on a long history.

The table is made of summaries (no steps): the full records are read only for the one
record opened and for an export."""

from __future__ import annotations

import contextlib
import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from tui.app.screens.base import SignoffScreen
from tui.app.screens.dialogs import field
from tui.app.screens.exporting import ask_and_export
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter
from tui.core.records.chain import VerifyReport
from tui.core.records.record import Record, RecordDamaged
from tui.core.records.store import StoreError
from tui.core.records.summary import Summary, of_record
from tui.core.safe_text import literal
from tui.glyphs import symbols
from tui.i18n import t
from tui.runtime.gc_pause import gc_paused

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


class HistoryScreen(SignoffScreen):
    """The records folder as a table. Damaged files are listed by name, never hidden."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="history.filter"),
        Binding("enter", "open", "Open", id="history.open"),
        Binding("e", "export", "Export", id="history.export"),
        Binding("v", "verify", "Verify", id="history.verify"),
        Binding("b", "close", "Back", id="history.back"),
        Binding("escape", "leave_filter", "Done", id="history.filter_done"),
        Binding("escape", "close", "Back", show=False, id="history.back_alt"),
        Binding("down", "table", "To the table", show=False, id="history.table"),
    ]

    def __init__(self, then: str = "") -> None:
        super().__init__()
        self.then = then
        """An action to run once the records are read ("export" or "verify")."""
        self.records: list[Summary] = []
        self.damaged: list[RecordDamaged] = []
        self.shown: list[Summary] = []
        self.chain: dict[str, str] = {}
        self.loaded = False
        self.verified = False
        self._rows: dict[str, tuple[list[str], str]] = {}
        """Per record id: its cells in this language and the text the filter searches."""
        self._filling = 0
        """Counts fills, so the chunks of a fill that a newer one replaced stop."""
        self._limit = WINDOW
        """How many of `shown` the table may hold now (see WINDOW)."""
        self._adding = False
        """Whether chunks are still being added (so a wish for more starts none)."""

    def compose(self) -> ComposeResult:
        yield PracticeBanner().data_bind(HistoryScreen.practice, HistoryScreen.lang)
        yield field()
        yield DataTable(id="records", cursor_type="row", zebra_stripes=False)
        yield Static(id="history-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()
        # The table has the focus, so every key in the footer works at once; in the
        # filter, letters are text, and the footer shows the one key that leaves it.
        table = self.query_one(DataTable)
        table.focus()
        self.watch(table, "scroll_y", self._scrolled, init=False)
        self.load()

    @work(thread=True, exclusive=True, group="history-load")
    def load(self) -> None:
        """The newest records first (a screenful, read straight from their files: ids
        start with the date), then the summary of every record through the index."""
        from textual.worker import get_current_worker

        from tui.runtime.stop import Stopped, stoppable

        worker = get_current_worker()  # closed screens cancel it: the read stops then
        with contextlib.suppress(Stopped), stoppable(lambda: worker.is_cancelled):
            self._read()

    def _read(self) -> None:
        from tui.core.records.overview import newest_names

        store = self.signoff.store
        count = max(self.app.size.height, 10)
        # The folder overview keeps the newest names while the folder is unchanged:
        # listing 100,000 records and their signatures took 0.1 s of the first screenful.
        names = newest_names(store, count)
        newest = []
        for path in store.newest(count) if names is None else [store.root / n for n in names]:
            with contextlib.suppress(RecordDamaged):
                newest.append(of_record(store.load_file(path)))
        drawn = threading.Event()
        self.app.call_from_thread(self._first, newest, drawn)
        drawn.wait(2)  # let the first screenful be drawn before the full read competes
        found = store.summaries()
        mine = self.signoff.mine
        if self.signoff.options.class_name:  # a trainee's tab: their own runs, nothing else
            found.items[:] = [s for s in found.items if mine(s)]
            found.damaged[:] = []
        self.app.call_from_thread(self._loaded, found.items, found.damaged)

    def _first(self, records: list[Summary], drawn: threading.Event) -> None:
        if not self.loaded:
            records = [r for r in records if self.signoff.mine(r)]
            self.records = sorted(records, key=lambda r: (r.started, r.id), reverse=True)
            self.fill()
        table = self.query_one(DataTable)
        table.call_next(table.call_after_refresh, drawn.set)  # after fill's redraw

    def _loaded(self, records: list[Summary], damaged: list[RecordDamaged]) -> None:
        with gc_paused():  # a collection now would walk every summary just read
            self.records = sorted(records, key=lambda r: (r.started, r.id), reverse=True)
        self.damaged, self.loaded = damaged, True
        self._rows.clear()
        self.fill()
        if self.then == "export":
            self.action_export()
        elif self.then == "verify":
            self.action_verify()
        self.then = ""

    def relabel(self) -> None:
        self.query_one(Input).placeholder = t("history.filter", self.lang)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for name in COLUMNS:
            table.add_column(t(f"history.col.{name}", self.lang), key=name)
        self._rows.clear()
        self.fill()

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

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._more(event.cursor_row)
        problem = self.chain.get(str(event.row_key.value))
        if problem:
            self._status(f"{event.row_key.value}: {problem}")

    def _status(self, text: str) -> None:
        self.query_one("#history-status", Static).update(Text(literal(text)))

    @on(Input.Changed)
    def filter_changed(self) -> None:
        self.fill()

    @on(Input.Submitted)
    def action_table(self) -> None:
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        self.query_one(Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape leaves the filter when typing in it, else leaves the screen."""
        if action == "leave_filter":
            return isinstance(self.focused, Input)
        return True

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        from tui.app.screens.summary import SummaryScreen

        key = self._selected()
        if any(r.id == key for r in self.records):
            try:
                record = self.signoff.store.load(str(key))
            except (StoreError, RecordDamaged) as exc:  # changed or removed since listed
                self.notify(t("history.cannot_open", self.lang, reason=str(exc)),
                            severity="warning")
                return
            self.app.push_screen(SummaryScreen(record))
            return
        damaged = next((d for d in self.damaged if d.name == key), None)
        if damaged is not None:
            self.notify(t("history.cannot_open", self.lang, reason=damaged.reason),
                        severity="warning")

    def action_export(self) -> None:
        if not self.loaded:  # only part of the history is read yet
            self.then = "export"
            return
        self._read_for_export([r.id for r in self.shown])

    @work(thread=True, exclusive=True, group="history-load")
    def _read_for_export(self, ids: list[str]) -> None:
        """The full records of what is shown, in its order: an export has every step."""
        from textual.worker import get_current_worker

        from tui.runtime.stop import Stopped, stoppable

        worker = get_current_worker()
        try:
            with stoppable(lambda: worker.is_cancelled):
                scan = self.signoff.store.scan()
        except Stopped:
            return
        by_id = {r.id: r for r in scan.records}
        records = [by_id[i] for i in ids if i in by_id]
        self.app.call_from_thread(self._export, records)

    @work(exclusive=True, group="export")
    async def _export(self, records: list[Record]) -> None:
        await ask_and_export(self, records, self.lang, "signoff-export",
                             self.signoff.store.root)

    def action_verify(self) -> None:
        if self.signoff.options.class_name:  # its findings name every file in the folder
            self.notify(t("class.trainer_only", self.lang), severity="warning")
            return
        self._status(t("history.verifying", self.lang))
        self.verify()

    @work(thread=True, exclusive=True, group="history-verify")
    def verify(self) -> None:
        from tui.core.records.chain import verify_chain
        from tui.core.records.signatures import local_trust

        store = self.signoff.store
        report = verify_chain(store, local_trust(store.keys))
        self.app.call_from_thread(self._verified, report)

    def _verified(self, report: VerifyReport) -> None:
        self.verified = True
        self.chain = {f.name.removesuffix(".toml"): f.problem for f in report.findings}
        for finding in report.findings:
            self.chain.setdefault(finding.name, finding.problem)
        self.fill()
        if report.ok:
            text = t("history.verified_ok", self.lang, count=report.checked,
                     head=report.witness)
        else:
            text = t("history.verified_bad", self.lang, count=len(report.findings),
                     first=literal(str(report.findings[0]), keep_newlines=False))
            self.notify(text, severity="error", markup=False)
        self._status(text)

    def action_close(self) -> None:
        self.dismiss()
