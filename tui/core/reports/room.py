"""Provides Room: where each trainee of a class session is, for the trainer's live view.

The trainer's screen must follow a tick within a second with thirty trainees ticking,
so it never re-reads the folder: it reads the class's records once (through the index,
`RecordStore.select`), then is told of each file that changed and reads that file
alone. Room holds the latest record per file and turns them into one row per trainee
(their newest run of the class); it does no I/O itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.core.records.record import Record


@dataclass(frozen=True)
class RoomRow:
    """One trainee's newest run in the class."""

    trainee: str
    flow_id: str
    step: int
    """The step they are on (1-based): one past the last done or skipped; `steps` when
    every step is done or skipped."""
    steps: int
    """Applicable steps of the run."""
    skipped: int
    mismatches: int
    """Steps flagged "did not match my app"."""
    last_change: datetime
    """The last tick, skip or note (the start if none): idle time is counted from it."""
    outcome: str

    @property
    def finished(self) -> bool:
        return self.outcome not in ("in-progress",)

    def idle_seconds(self, now: datetime) -> int:
        return max(0, int((now - self.last_change).total_seconds()))


def row_of(record: Record) -> RoomRow:
    applicable = record.applicable()
    settled = sum(s.status in ("done", "skipped") for s in applicable)
    times = [s.at for s in record.steps if s.at is not None]
    return RoomRow(
        trainee=record.operator or "?", flow_id=record.flow_id,
        step=min(settled + 1, len(applicable)) if applicable else 0, steps=len(applicable),
        skipped=sum(s.status == "skipped" for s in applicable),
        mismatches=sum(s.mismatch for s in record.steps),
        last_change=max([record.started, *times, *([record.finished] if record.finished
                                                    else [])]),
        outcome=record.outcome)


class Room:
    """The class's records by file name, kept up to date one file at a time."""

    def __init__(self, class_name: str) -> None:
        self.class_name = class_name
        self._by_file: dict[str, Record] = {}

    def wants(self, record: Record) -> bool:
        return record.class_name == self.class_name

    def put(self, name: str, record: Record | None) -> bool:
        """The file `name` now holds `record` (None: gone, or not this class's). Whether
        the room changed."""
        if record is None or not self.wants(record):
            return self._by_file.pop(name, None) is not None
        self._by_file[name] = record
        return True

    def rows(self) -> list[RoomRow]:
        """One row per trainee, from their newest run of the class, by name."""
        newest: dict[str, Record] = {}
        for record in self._by_file.values():
            seen = newest.get(record.operator)
            if seen is None or (record.started, record.id) > (seen.started, seen.id):
                newest[record.operator] = record
        return sorted((row_of(r) for r in newest.values()), key=lambda r: r.trainee.casefold())
