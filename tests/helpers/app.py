"""Helpers for the app's tests. They build SignoffApp instances over the fixture flows,
a records folder of the test's own, a fixed clock and predictable record ids, so pilot
and snapshot tests are deterministic (also under pytest-xdist); and they drive it the
way the tests need again and again (to the checklist, export with e)."""

from __future__ import annotations

import contextlib
import itertools
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed

from tui.app.screens.checklist import ChecklistScreen
from tui.app.screens.dialogs import ExportModal
from tui.app.signoff_app import SignoffApp
from tui.app.widgets.step_detail import StepDetail
from tui.core.records.record import Mode
from tui.core.records.store import RecordStore
from tui.options import Options

REPO = Path(__file__).resolve().parents[2]
FIXTURE_FLOWS = REPO / "tests" / "data" / "flows"
FIXED = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=8)))

AppFactory = Callable[..., SignoffApp]


class Clock:
    """A clock that moves one minute per reading, so ticks are ordered and stable."""

    def __init__(self) -> None:
        self.ticks = itertools.count()

    def __call__(self) -> datetime:
        return FIXED + timedelta(minutes=next(self.ticks))


def fixed_store(root: Path) -> RecordStore:
    """Ids end in a counter and times come from Clock, so screens show the same text."""
    counter = itertools.count(1)
    return RecordStore(root, now=Clock(), suffix=lambda: f"{next(counter):04x}")


@pytest.fixture
def records_dir(tmp_path: Path) -> Path:
    return tmp_path / "records"


@pytest.fixture
def make_app(records_dir: Path) -> AppFactory:
    def factory(lang: str = "en", mode: Mode = "real", records: Path | None = None,
                **options: Any) -> SignoffApp:
        options.setdefault("operator", "ana")
        opts = Options(lang=lang, records_dir=records or records_dir,
                       flow_dirs=(FIXTURE_FLOWS,), mode=mode, **options)
        return SignoffApp(opts, store=fixed_store(opts.records_dir))

    return factory


THREAD_GROUPS = {"library", "typeahead", "start", "history-load",
                 "history-verify", "export-write", "report-load", "board-load"}
"""Workers that finish on their own (others may be waiting on a dialog)."""


async def ready(pilot: Pilot[Any]) -> None:
    """Wait for the background reads and writes, and for the screen to settle: a
    checklist's "Saving" line must have turned into "Saved" (it takes a write on the
    saver thread and a timer, so a plain pause is not enough on a busy machine)."""
    for _ in range(2):
        await pilot.pause()
        for worker in [w for w in pilot.app.workers if w.group in THREAD_GROUPS]:
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
    for _ in range(200):
        if all(screen.settled for screen in pilot.app.screen_stack
               if isinstance(screen, ChecklistScreen)):
            break
        await pilot.pause(0.02)
    else:
        raise AssertionError("the checklist still says Saving after 4 s")
    await pilot.pause()


S = TypeVar("S", bound=Screen[Any])


async def open_screen(pilot: Pilot[Any], key: str, kind: type[S]) -> S:
    """Press `key` once the current screen has settled; the screen it opened, settled."""
    await ready(pilot)
    await pilot.press(key)
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{key} opened {type(screen).__name__}"
    return screen


def records(root: Path) -> list[dict[str, Any]]:
    return [tomllib.loads(p.read_text()) for p in sorted(root.glob("2*.toml"))]


def statuses(root: Path) -> dict[str, str]:
    (record,) = records(root)
    return {s["id"]: s["status"] for s in record["steps"]}


async def to_checklist(pilot: Pilot[Any], *answers: str) -> ChecklistScreen:
    """New run on demo / web / shared computer, answering the flow's questions."""
    await ready(pilot)
    await pilot.press("n", "1", "1", "1", *answers)
    await ready(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    return screen


def detail_text(pilot: Pilot[Any]) -> str:
    return pilot.app.screen.query_one(StepDetail).text


async def export_with_e(pilot: Pilot[Any], target: Path, fmt: str | None = None) -> None:
    """Press e, pick the format button `fmt` (else keep the default), write to `target`."""
    await pilot.press("e")
    await ready(pilot)
    assert isinstance(pilot.app.screen, ExportModal)
    if fmt is not None:
        await pilot.click(fmt)
    box = pilot.app.screen.query_one(Input)
    box.value = str(target)
    box.focus()
    await pilot.pause()
    await pilot.press("enter")
    await ready(pilot)
