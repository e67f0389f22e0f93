"""Provides HistoryScreen: every record in a table, filtered as you type; open one,
export what is shown, verify the chain. Reading, verifying and exporting run in
worker threads, so the screen never freezes on a long history.

The table is made of summaries (no steps): the full records are read only for the one
record opened and for an export."""

from __future__ import annotations

import contextlib
import threading

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from tui.app.screens.base import SignoffScreen
from tui.app.screens.dialogs import field
from tui.app.screens.exporting import ask_and_export
from tui.app.screens.history_rows import COLUMNS, WINDOW, HistoryRows
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter
from tui.core.records.chain import VerifyReport
from tui.core.records.record import Record, RecordDamaged
from tui.core.records.store import StoreError
from tui.core.records.summary import Summary, of_record
from tui.core.safe_text import literal
from tui.i18n import t
from tui.runtime.gc_pause import gc_paused


class HistoryScreen(HistoryRows, SignoffScreen):
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

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._more(event.cursor_row)
        problem = self.chain.get(str(event.row_key.value))
        if problem:
            self._status(f"{event.row_key.value}: {problem}")

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
                             self.signoff.store)

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
