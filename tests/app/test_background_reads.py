"""read_in_background: the read runs on a daemon thread (quitting does not wait for
it), its result reaches the UI thread, and a read cut short by quitting is dropped."""

from __future__ import annotations

import threading

import pytest
from textual.app import App
from textual.worker import WorkerFailed, WorkerState

from tui.app.background_reads import read_in_background


async def test_the_result_reaches_the_ui_thread_from_a_daemon_thread() -> None:
    got: list[tuple[threading.Thread, threading.Thread]] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        worker = read_in_background(app, threading.current_thread,
                                    lambda reader: got.append((reader, threading.current_thread())),
                                    group="test-read")
        await worker.wait()
        await pilot.pause()
    ((reader, ui),) = got
    assert reader.daemon and reader.name == "signoff-test-read"
    assert ui is threading.main_thread()


async def test_a_read_cut_short_by_quitting_is_dropped() -> None:
    release = threading.Event()
    finished = threading.Event()
    delivered: list[str] = []

    def slow_read() -> str:
        release.wait(10)
        finished.set()
        return "late"

    app: App[None] = App()
    async with app.run_test() as pilot:
        worker = read_in_background(app, slow_read, delivered.append, group="test-read")
        await pilot.pause()
        app.exit()
    assert worker.state == WorkerState.CANCELLED  # the app left without waiting
    release.set()
    assert finished.wait(10)
    assert delivered == []


async def test_a_newer_read_of_the_same_group_replaces_the_older() -> None:
    release = threading.Event()
    delivered: list[str] = []

    def older() -> str:
        release.wait(10)
        return "older"

    app: App[None] = App()
    async with app.run_test() as pilot:
        read_in_background(app, older, delivered.append, group="test-read")
        newer = read_in_background(app, lambda: "newer", delivered.append, group="test-read")
        await newer.wait()
        release.set()
        await pilot.pause(0.1)
    assert delivered == ["newer"]


async def test_a_read_that_fails_ends_the_app_as_a_thread_worker_would() -> None:
    def broken() -> str:
        raise OSError("the records folder is gone")

    app: App[None] = App()
    with pytest.raises(WorkerFailed, match="records folder is gone"):
        async with app.run_test() as pilot:
            read_in_background(app, broken, print, group="test-read")
            await pilot.pause(0.2)
    assert app.return_code == 1
