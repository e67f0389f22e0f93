"""Provides ClassRoomApp (`signoff class NAME`, and the trainer's URL under `serve`):
one row per trainee of a class session, live.

The rows come from RoomFeed (a watch on the records folder, one file read per change);
the table is rebuilt on the UI thread from those rows at most ten times a second, and
the idle column is refreshed every second without reading anything.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from tui.i18n import t

if TYPE_CHECKING:
    from tui.app.room.watch import RoomFeed
    from tui.core.records.store import RecordStore
    from tui.core.reports.room import RoomRow

COLUMNS = ("trainee", "step", "skipped", "mismatch", "idle", "finished", "flow")
"""The flow's id is long: last, so what the trainer watches fits 80 columns."""


def idle_text(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}"


class ClassRoomApp(App[int]):
    """The trainer's view of the room. Reads nothing personal beyond names: no notes,
    no skip reasons (those are in `signoff report --class`)."""

    CSS_PATH = "room.tcss"
    BINDINGS = [Binding("q", "quit", "Quit", id="room.quit")]
    ENABLE_COMMAND_PALETTE = False
    """The view has one key (q); Textual's own palette commands (themes, screenshots)
    showed as an English "palette" key in the footer of a Chinese room."""

    def __init__(self, store: RecordStore, class_name: str, lang: str = "en") -> None:
        super().__init__()
        self.store = store
        self.class_name = class_name
        self.lang = lang
        self.feed: RoomFeed | None = None
        self.shown: list[RoomRow] = []
        self._pending = threading.Event()
        self.refreshes = 0
        """How many times the table was rebuilt (tests and the benchmark read it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="room-title")
        yield DataTable(id="room-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        from tui.app.room.watch import RoomFeed
        from tui.app.screens.base import translate_bindings

        translate_bindings(self, self.lang)  # the footer in the room's language
        self.title = f"signoff class {self.class_name}"
        table = self.query_one(DataTable)
        for name in COLUMNS:
            table.add_column(t(f"room.col.{name}", self.lang), key=name)
        self.feed = RoomFeed(self.store, self.class_name, self._pending.set)
        threading.Thread(target=self.feed.run, name="signoff-room", daemon=True).start()
        self.set_interval(0.1, self._maybe_redraw)
        self.set_interval(1.0, self._tick_idle)
        self._title()

    def on_unmount(self) -> None:
        if self.feed is not None:
            self.feed.stop.set()

    def _title(self) -> None:
        done = sum(r.finished for r in self.shown)
        self.query_one("#room-title", Static).update(t(
            "room.title", self.lang, name=self.class_name, count=len(self.shown), done=done))

    def _maybe_redraw(self) -> None:
        """Coalesces bursts: thirty ticks in one tenth of a second are one rebuild."""
        if self.feed is None or not self._pending.is_set():
            return
        self._pending.clear()
        self.shown = self.feed.rows()
        self.refreshes += 1
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        now = datetime.now(UTC)
        for row in self.shown:
            table.add_row(*self._cells(row, now), key=row.trainee)
        if self.shown:
            table.move_cursor(row=min(cursor, len(self.shown) - 1))
        self._title()

    def _cells(self, row: RoomRow, now: datetime) -> list[str]:
        yes, lang = t("room.yes", self.lang), self.lang
        return [row.trainee, t("room.step_of", lang, n=row.step, m=row.steps),
                str(row.skipped), str(row.mismatches),
                "" if row.finished else idle_text(row.idle_seconds(now)),
                yes if row.finished else "", row.flow_id]

    def _tick_idle(self) -> None:
        table = self.query_one(DataTable)
        now = datetime.now(UTC)
        for row in self.shown:
            if not row.finished:
                table.update_cell(row.trainee, "idle", idle_text(row.idle_seconds(now)))


def run_room(store: RecordStore, class_name: str, lang: str) -> int:
    from tui.runtime.hangup import end_with_the_terminal

    end_with_the_terminal()
    app = ClassRoomApp(store, class_name, lang)
    app.run()
    return 0
