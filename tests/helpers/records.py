"""Builds real records through the real Run for tests, with a fixed, stepping clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.conftest import FIXTURE_FLOWS
from tui.core.engine import Wizard
from tui.core.flows.loader import load_library
from tui.core.flows.model import Library
from tui.core.records.record import Record
from tui.core.records.store import RecordStore
from tui.core.run import Run

TZ = timezone(timedelta(hours=8))


def stepping_clock(start: datetime | None = None, step: timedelta = timedelta(minutes=1)
                   ) -> Callable[[], datetime]:
    """A clock that moves on one step per call: deterministic and ordered."""
    current = [start or datetime(2026, 11, 22, 9, 0, tzinfo=TZ)]

    def now() -> datetime:
        value = current[0]
        current[0] = value + step
        return value

    return now


def fixture_library() -> Library:
    return load_library([FIXTURE_FLOWS])


def finished_run(store: RecordStore, library: Library, *, answers: tuple[str, ...] = ("yes", "no"),
                 mode: str = "real", operator: str = "", subject: str = "",
                 note: str = "", class_name: str = "",
                 fields: dict[str, str] | None = None) -> Record:
    wizard = Wizard(library, ["demo", "web", "shared-computer", *answers])
    run = Run.start(store, wizard, lang="en", mode="practice" if mode == "practice" else "real",
                    operator=operator, subject=subject, class_name=class_name, fields=fields)
    items = run.items()
    for n, (step, _) in enumerate(items):
        if n == 1:
            run.skip(step.id, "no phone signal")
        else:
            run.tick(step.id)
    if note:
        run.note(items[0][0].id, note)
    return run.finish()


def counter() -> Callable[[], str]:
    count = [0]

    def suffix() -> str:
        count[0] += 1
        return f"{count[0]:04x}"

    return suffix


def store_at(path: Path, clock: Callable[[], datetime] | None = None,
             index_dir: Path | None = None) -> RecordStore:
    store = RecordStore(path, now=clock or stepping_clock(), suffix=counter(),
                        index_dir=index_dir)
    store.ensure()
    return store
