"""Provides `read_in_background`: a read for a screen, on a thread that quitting never
waits for, at most one of each kind at a time, stopped when nobody wants it.

Textual's thread workers run in asyncio's default executor, whose threads the
interpreter joins on exit, and a cancelled thread worker runs on to its end. The start
screen begins reading the flow library and the records folder before its first frame;
someone who opens signoff and quits at once waited for what was left of those reads,
and going back and forth between screens piled full reads on top of each other (five
returns with 100,000 records: 23 s of CPU and 1.1 GB). So:

- The read runs on a daemon thread (tui.runtime.head_start) and an ordinary async
  worker waits for its result and hands it to the screen. Quitting cancels that worker
  and does not wait for the thread.
- At most one read of a group runs. Asked again while one runs, the new read waits for
  it (the worker is exclusive, so of many requests only the newest waits) and then
  starts: the folder may have changed since the running one began.
- When the waiting worker is cancelled (its screen went away, a newer read replaced it,
  the app quits), the read is told to stop (tui.runtime.stop): the core's long loops
  check for that, so an unwanted read ends within a few hundred files.

Only reads go here. A read may also refresh a cache or the record index, which are
written atomically (a temporary file, then a rename, or one SQLite transaction), so a
read cut short leaves at most a stray temporary file, as a crash would; records and
exports are never written this way.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from tui.runtime.head_start import head_start
from tui.runtime.stop import Stopped, stoppable

T = TypeVar("T")

_running: weakref.WeakKeyDictionary[Any, dict[str, Future[Any]]] = weakref.WeakKeyDictionary()
"""Per app, the read of each group that was started last (done or not)."""


def _start(read: Callable[[], T], group: str, stop: threading.Event) -> Future[T]:
    def stoppable_read() -> T:
        with stoppable(stop):
            return read()

    return head_start(stoppable_read, f"signoff-{group}")


def read_in_background(node: DOMNode, read: Callable[[], T], then: Callable[[T], object],
                       *, group: str) -> Worker[None]:
    """Start `read` (now, unless a read of the same group still runs: then once that one
    ends); call `then(result)` on the UI thread when it is done, unless the worker was
    cancelled first. An exception from `read` fails the worker, as in a thread worker
    (the app's one-sentence error); a read that was stopped delivers nothing."""
    reads = _running.setdefault(node.app, {})
    stop = threading.Event()
    running = reads.get(group)
    started: Future[T] | None = None
    if running is None or running.done():
        started = reads[group] = _start(read, group, stop)

    async def deliver() -> None:
        done = started
        try:
            if done is None:
                if running is not None:
                    with contextlib.suppress(Exception):  # its own worker reports it
                        await asyncio.wrap_future(running)
                done = reads[group] = _start(read, group, stop)
            result = await asyncio.wrap_future(done)
        except Stopped:
            return
        except asyncio.CancelledError:
            stop.set()
            raise
        then(result)

    return node.run_worker(deliver, name=group, group=group, exclusive=True)
