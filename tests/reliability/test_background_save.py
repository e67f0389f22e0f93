"""The app's background saver: a change is drawn at once, written on its own thread,
and "Saved" (or "NOT SAVED") is said only once the disk has answered. Finishing and
leaving wait for it, so nothing is lost and a finished record is never overwritten."""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.records import fixture_library, store_at
from tui.core.engine import Wizard
from tui.core.records import saver as saver_module
from tui.core.records import store as store_module
from tui.core.records.chain import verify_chain
from tui.core.records.record import Chain, Record, StepEntry
from tui.core.records.store import RecordStore, StoreError
from tui.core.run import Run


def saving_run(root: Path, reports: list[StoreError | None] | None = None
               ) -> tuple[RecordStore, Run]:
    """A started run whose changes go to the background saver (reports: what it says)."""
    store = store_at(root)
    run = Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer",
                                                      "yes", "no"]), lang="en")
    run.save_in_background(reports.append if reports is not None else lambda error: None)
    return store, run


class Gate:
    """Holds the saver's writes until it is opened, to see what happens meanwhile."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.open = threading.Event()
        self.writes: list[bytes] = []
        real = store_module.atomic_write

        def held(path: Path, data: bytes) -> None:
            if threading.current_thread().name != "signoff-saver":
                real(path, data)  # the caller's own writes (the seal) go straight through
                return
            assert self.open.wait(10), "the test never opened the gate"
            self.writes.append(data)
            real(path, data)

        monkeypatch.setattr(store_module, "atomic_write", held)


def test_a_change_is_written_later_and_reported(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    reports: list[StoreError | None] = []
    store, run = saving_run(tmp_path / "r", reports)
    gate = Gate(monkeypatch)
    assert run.tick("log-out") == "queued", "handed over, not yet on disk"
    assert run.saving
    assert store.load(run.record.id).step("log-out").status == "pending"
    gate.open.set()
    assert run.settle() is True
    assert not run.saving
    assert store.load(run.record.id).step("log-out").status == "done"
    assert reports == [None]


def test_changes_made_while_writing_are_coalesced_and_the_newest_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, run = saving_run(tmp_path / "r")
    gate = Gate(monkeypatch)
    run.tick("log-out")  # being written (held at the gate) ...
    for _ in range(100):  # ... wait until the saver has taken it
        if run._saver is not None and run._saver._pending is None:
            break
        threading.Event().wait(0.01)
    run.tick("demo.check-devices")
    run.note("demo.check-devices", "first")
    run.note("demo.check-devices", "second")  # three changes queued: one write
    gate.open.set()
    run.settle()
    assert len(gate.writes) == 2
    on_disk = store.load(run.record.id)
    assert on_disk.step("demo.check-devices").note == "second"
    assert on_disk.step("log-out").status == "done"


@pytest.mark.timeout(20)
def test_a_burst_of_changes_is_written_once_and_a_flush_does_not_wait_for_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The saver waits for a pause before it writes, so a burst of ticks is one write
    that does not compete with drawing them; finishing (a flush) cuts the wait short.
    With both waits at 60 s, a flush that waited for either would hit this test's 20 s
    timeout."""
    monkeypatch.setattr(saver_module, "QUIET", 60.0)
    monkeypatch.setattr(saver_module, "GATHER", 60.0)
    store, run = saving_run(tmp_path / "r")
    gate = Gate(monkeypatch)
    gate.open.set()
    run.tick("log-out")
    run.tick("demo.check-devices")
    run.tick("close-private")
    assert run.saving, "nothing written yet: still gathering"
    assert run.settle() is True
    assert len(gate.writes) == 1, "the three ticks were written once"
    saved = store.load(run.record.id)
    assert {saved.step(i).status for i in ("log-out", "demo.check-devices",
                                           "close-private")} == {"done"}


def changes_every(run: Run, seconds: float, count: int) -> None:
    for n in range(count):
        run.note("log-out", f"change {n}")
        time.sleep(seconds)


@pytest.mark.timeout(20)
def test_changes_coming_fast_are_written_once_they_pause(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write in progress held the next key off the screen (2-3 ms with keys 35 ms
    apart): the saver wrote 20 ms after each change, in the middle of a burst. It now
    waits for a pause of QUIET, and writes the burst once, without a flush."""
    monkeypatch.setattr(saver_module, "QUIET", 1.0)
    store, run = saving_run(tmp_path / "r")
    gate = Gate(monkeypatch)
    gate.open.set()
    changes_every(run, 0.05, 8)  # 0.4 s of changes, within GATHER (1 s) of the first
    assert gate.writes == [], "nothing written while the changes kept coming"
    deadline = time.monotonic() + 10
    while run.saving and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(gate.writes) == 1, "the pause let the saver write the burst, once"
    assert store.load(run.record.id).step("log-out").note == "change 7"


@pytest.mark.timeout(20)
def test_changes_that_never_pause_are_still_written_within_gather(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saver_module, "QUIET", 60.0)
    monkeypatch.setattr(saver_module, "GATHER", 0.2)
    store, run = saving_run(tmp_path / "r")
    gate = Gate(monkeypatch)
    gate.open.set()
    changes_every(run, 0.05, 30)  # 1.5 s without a pause of 60 s
    assert gate.writes, "the oldest change was written GATHER after it, pause or not"
    run.settle()
    assert store.load(run.record.id).step("log-out").note == "change 29"


def test_the_saver_writes_a_copy_not_the_live_record(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, run = saving_run(tmp_path / "r")
    gate = Gate(monkeypatch)
    run.tick("log-out")
    run.record.step("log-out").note = "changed in memory after the hand-over"
    gate.open.set()
    run.settle()
    assert b"changed in memory" not in gate.writes[0]


def test_a_failed_background_save_says_not_saved_and_is_retried(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports: list[StoreError | None] = []
    store, run = saving_run(tmp_path / "r", reports)
    real = store_module.atomic_write

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module, "atomic_write", full)
    run.tick("log-out")
    assert run.settle() is False
    assert run.unsaved is not None and "No space left on device" in str(run.unsaved)
    assert reports and "No space left" in str(reports[-1])
    monkeypatch.setattr(store_module, "atomic_write", real)
    assert run.settle() is True, "settling tries once more"
    assert run.unsaved is None
    assert store.load(run.record.id).step("log-out").status == "done"


def test_finish_waits_for_a_pending_save_and_is_never_overwritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, run = saving_run(tmp_path / "r")
    gate = Gate(monkeypatch)
    for step, _ in run.items():
        run.tick(step.id)
    saver = run._saver
    assert saver is not None
    threading.Timer(0.2, gate.open.set).start()
    record = run.finish()
    assert record.chain is not None
    assert gate.open.wait(10)
    saver.flush()  # whatever the saver still had is down by now
    assert saver._thread is not None
    saver._thread.join(5)
    assert not saver._thread.is_alive(), "a finished run leaves no thread behind"
    on_disk = store.load(record.id)
    assert on_disk.chain is not None and on_disk.outcome == "completed"
    assert verify_chain(store).ok


def every_field_set() -> Record:
    """A record in which no field keeps its default, so the copy below meets every kind
    of value a record holds (a new field must be set here too, or the test says so)."""
    at = datetime(2026, 12, 6, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    entry = StepEntry("log-out", "Log out", status="done", at=at, reason="r", note="n",
                      mismatch=True, seq=3, digest="d" * 64, seen_app="8.0", seen_os="iOS",
                      seen_instead="a menu")
    record = Record(id="20261206-080000-demo-0001", flow_id="demo", flow_hash="h" * 64,
                    platform="demo", surface="web", goal="g", lang="zh", started=at,
                    mode="practice", operator="ana", subject="bo", answers={"q": "a"},
                    steps=[entry, replace(entry, id="other")], outcome="completed",
                    finished=at, app_version="1.0", schema=1,
                    chain=Chain(seq=2, prev="0" * 64, hash="f" * 64), ticks=3,
                    key="SHA256:k", unsigned="no key", waiting_until=at, class_name="c",
                    seat="s", texts="t" * 64, fields={"employee_id": "7"})
    defaults = Record(id="", flow_id="", flow_hash="", platform="", surface="", goal="",
                      lang="", started=at)
    for f in fields(Record):
        if f.name not in {"id", "flow_id", "flow_hash", "platform", "surface", "goal",
                          "lang", "started"}:
            assert getattr(record, f.name) != getattr(defaults, f.name), f.name
    for f in fields(StepEntry):
        assert getattr(entry, f.name) != getattr(StepEntry("", ""), f.name) or \
            f.name in {"id", "title"}, f.name
    return record


def changeable(value: object) -> list[object]:
    """Every list, dict and dataclass reachable from `value`."""
    if isinstance(value, list):
        return [value, *(o for item in value for o in changeable(item))]
    if isinstance(value, dict):
        return [value, *(o for item in value.values() for o in changeable(item))]
    if is_dataclass(value):
        return [value, *(o for f in fields(value) for o in changeable(getattr(value, f.name)))]
    return []


def test_the_saver_copy_shares_nothing_that_can_change() -> None:
    """The copy handed to the saver thread (made on every keypress, so not with
    copy.deepcopy) equals the record and shares no list, dict or dataclass with it:
    a change made on the screen after the hand-over never reaches the write."""
    record = every_field_set()
    copied = saver_module.snapshot(record)
    assert copied == record
    originals = {id(o) for o in changeable(record)}
    assert len(changeable(copied)) == len(originals) == 7
    assert not any(id(o) in originals for o in changeable(copied))


def test_the_saver_refuses_a_value_it_cannot_copy() -> None:
    """A kind of value the copy does not know is refused, never shared with the copy."""
    record = every_field_set()
    record.fields = {"tags": {"a", "b"}}  # type: ignore[dict-item]  # a set: not a record's
    with pytest.raises(TypeError, match="set"):
        saver_module.snapshot(record)


def test_a_saver_woken_later_writes_once_woken_and_a_flush_never_waits_for_that(
        tmp_path: Path) -> None:
    """The app wakes the saver's thread after the tick's frame (wake_later), not in the
    middle of the keypress: nothing is written before that wake, everything after it,
    and settling (finishing, leaving) wakes the thread itself."""
    store = store_at(tmp_path / "r")
    run = Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer",
                                                      "yes", "no"]), lang="en")
    wakes: list[Callable[[], None]] = []
    run.save_in_background(lambda error: None, wake_later=wakes.append)
    run.tick("log-out")
    assert len(wakes) == 1, "the wake was handed to the screen"
    assert run._saver is not None and run._saver._thread is None, "no thread woken yet"
    wakes[0]()
    for _ in range(500):
        if not run.saving:
            break
        time.sleep(0.01)
    assert store.load(run.record.id).step("log-out").status == "done"
    run.tick("demo.check-devices")  # its wake is never called ...
    assert run.settle() is True  # ... and settling writes it all the same
    assert store.load(run.record.id).step("demo.check-devices").status == "done"
