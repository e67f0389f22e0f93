"""head_start: the call begins at once, on a thread of its own, and its result or its
exception waits for whoever asks."""

from __future__ import annotations

import threading

import pytest

from tui.runtime.head_start import head_start


def test_the_call_runs_before_anyone_asks_and_on_another_thread() -> None:
    began = threading.Event()
    where: list[str] = []

    def call() -> int:
        where.append(threading.current_thread().name)
        began.set()
        return 42

    future = head_start(call, "test-head-start")
    assert began.wait(10), "the call did not start until its result was asked for"
    assert future.result(timeout=10) == 42
    assert where == ["test-head-start"]


def test_a_call_that_fails_fails_whoever_takes_the_result() -> None:
    def call() -> int:
        raise OSError("the records folder is gone")

    future = head_start(call, "test-head-start")
    with pytest.raises(OSError, match="records folder is gone"):
        future.result(timeout=10)
    assert isinstance(future.exception(), OSError)
