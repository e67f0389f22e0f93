"""Provides `head_start`: run a call on a thread of its own from now on, and take its
result later (or wait for it then).

The start screen's list of interrupted runs needs the records code and a look at the
records folder. Begun when the app is made, that work overlaps Textual's own setup
(its stylesheets and first layout), so the list is usually there for the first frame
instead of arriving one frame later; when the folder is slow, the screen still draws
at once and the list follows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")


def head_start(call: Callable[[], T], name: str) -> Future[T]:
    """Start `call` now on a daemon thread (reading only: nothing is lost if the
    process ends first) and return its future; an exception is kept for `result()`."""
    future: Future[T] = Future()

    def run() -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            future.set_result(call())
        except BaseException as exc:  # kept for whoever asks for the result
            future.set_exception(exc)

    threading.Thread(target=run, name=name, daemon=True).start()
    return future
