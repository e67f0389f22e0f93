"""The trainer's room view (`signoff class NAME`): one row per trainee of the class,
following each tick within a second by file events, with thirty trainees at once."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.helpers.records import fixture_library, store_at
from tui.app.room.app import ClassRoomApp
from tui.core.engine import Wizard
from tui.core.records.store import RecordStore
from tui.core.run import Run


def _start(store: RecordStore, who: str, class_name: str = "room-3") -> Run:
    wizard = Wizard(fixture_library(), ["demo", "web", "shared-computer", "yes", "no"])
    return Run.start(store, wizard, lang="en", mode="practice", operator=who,
                     class_name=class_name)


def _cells(app: ClassRoomApp) -> dict[str, list[str]]:
    table = app.query_one(DataTable)
    return {str(key.value): [str(c) for c in table.get_row(key)]
            for key in table.rows}


async def _until(pilot: Pilot[Any], check: Any, limit: float) -> float:
    """Seconds until `check()` holds (fails after `limit`)."""
    began = time.monotonic()
    while not check():
        assert time.monotonic() - began < limit, f"the room did not follow in time: {check}"
        await asyncio.sleep(0.02)
    return time.monotonic() - began


async def test_the_room_lists_each_trainee_of_the_class_and_follows_a_tick(
        tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    runs = {who: _start(store, who) for who in ("ana", "bo", "cy", "di", "ed")}
    _start(store, "zed", class_name="other-class")
    app = ClassRoomApp(store, "room-3")
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.feed is not None
        await _until(pilot, lambda: len(_cells(app)) == 5, 5)
        assert "zed" not in _cells(app), "another class's trainee is not in the room"
        first, second = (step.id for step, _ in runs["bo"].items()[:2])
        m = len(runs["bo"].items())
        assert _cells(app)["bo"][1] == f"1 of {m}"
        runs["bo"].tick(first)
        took = await _until(pilot, lambda: _cells(app)["bo"][1] == f"2 of {m}", 1.0)
        assert took < 1.0
        runs["bo"].skip(second, "no phone")
        runs["bo"].mismatch(second)
        await _until(pilot, lambda: _cells(app)["bo"][2:4] == ["1", "1"], 1.0)
        runs["cy"].finish("incomplete")
        await _until(pilot, lambda: _cells(app)["cy"][5] == "yes", 1.0)
    for run in runs.values():
        run.stop()


async def test_the_room_stays_responsive_with_thirty_trainees_ticking(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    runs = {f"t{n:02d}": _start(store, f"t{n:02d}") for n in range(30)}
    app = ClassRoomApp(store, "room-3")
    async with app.run_test(size=(100, 40)) as pilot:
        await _until(pilot, lambda: len(_cells(app)) == 30, 10)
        before = app.refreshes
        for run in runs.values():  # everyone ticks their first step at once
            run.tick(run.items()[0][0].id)
        took = await _until(
            pilot, lambda: all(c[1].startswith("2 of") for c in _cells(app).values()), 1.0)
        assert took < 1.0
        assert app.refreshes - before < 15, "ticks in a burst are drawn together"
        began = time.monotonic()
        await pilot.press("down", "down")  # the screen still answers keys at once
        assert time.monotonic() - began < 0.5
    for run in runs.values():
        run.stop()


async def test_the_rooms_footer_is_in_the_rooms_language(tmp_path: Path) -> None:
    """A Chinese room said "q Quit" and Textual's "^p palette" in English."""
    store = store_at(tmp_path / "r")
    app = ClassRoomApp(store, "周一培训", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {key: active.binding.description
                 for key, active in app.active_bindings.items() if active.binding.show}
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
    assert shown == {"q": "退出"}


def test_a_room_closed_before_its_watch_began_ends_its_thread_quietly(tmp_path: Path) -> None:
    """q pressed at once: the watch stopped before its first batch, and the feed's thread
    ended with StopIteration (a traceback on stderr after the view closed)."""
    from tui.app.room.watch import RoomFeed

    store = store_at(tmp_path / "r")
    _start(store, "ana")
    feed = RoomFeed(store, "room-3", lambda: None)
    feed.stop.set()
    feed.run()
    assert not feed.ready.is_set()
