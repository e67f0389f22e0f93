"""Provides RoomFeed: the class's records, read once, then one changed file at a time.

`watchfiles` (inotify on Linux) says which files changed, so thirty trainees ticking
cost thirty small reads, never a folder scan per tick. Its debounce is cut to 50 ms
(the default, 1.6 s, would break the promise of a tick seen within a second).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tui.core.records.files import is_record_name
from tui.core.records.record import RecordDamaged
from tui.core.records.store import RecordStore
from tui.core.reports.room import Room, RoomRow


class RoomFeed:
    """Keeps a Room in step with the records folder on a thread of its own; calls
    `changed` (on that thread) after each batch of changes that altered the room."""

    def __init__(self, store: RecordStore, class_name: str,
                 changed: Callable[[], None]) -> None:
        self.store = store
        self.room = Room(class_name)
        self.lock = threading.Lock()
        """Held while the room is changed or its rows are read."""
        self.changed = changed
        self.stop = threading.Event()
        self.ready = threading.Event()
        """Set once the watch is in place (tests wait for it before the first tick)."""

    def first_read(self) -> None:
        """The class's records through the index: only this class's are read whole."""
        name = self.room.class_name
        chosen = self.store.select(lambda s: s.class_name == name)
        with self.lock:
            for record in chosen.records:
                self.room.put(f"{record.id}.toml", record)

    def read(self, paths: set[Path]) -> bool:
        altered = False
        for path in paths:
            try:
                record = self.store.load_file(path) if path.exists() else None
            except (RecordDamaged, OSError):
                continue  # torn mid-write is impossible (atomic rename); damaged: skip
            with self.lock:
                altered |= self.room.put(path.name, record)
        return altered

    def run(self) -> None:
        """Watch until `stop` is set. The watch starts before the first read, so a tick
        made between the two is not lost."""
        from watchfiles import watch

        root = self.store.root
        watcher = watch(root, stop_event=self.stop, debounce=50, step=20, recursive=False,
                        yield_on_timeout=True, rust_timeout=200)
        if next(watcher, None) is None:  # the first (timed-out, empty) batch: in place
            return  # stopped before the watch began (the view closed at once)
        self.first_read()
        self.ready.set()
        self.changed()
        for changes in watcher:
            paths = {Path(p) for _, p in changes if is_record_name(Path(p).name)}
            if paths and self.read(paths):
                self.changed()

    def rows(self) -> list[RoomRow]:
        with self.lock:
            return self.room.rows()
