"""Provides `read_in_background`: a read for a screen, on a thread that quitting never
waits for.

Textual's thread workers run in asyncio's default executor, whose threads the
interpreter joins on exit. The start screen begins reading the flow library and the
routine reviews right after its first frame; someone who opens signoff and quits at
once waited for what was left of those reads (the library alone takes 35-60 ms from
its cache and 80-150 ms without it, in bench/run.py). Here the read runs on a daemon
thread (tui.runtime.head_start) and an ordinary async worker waits for its result and
hands it to the screen. Quitting cancels that worker and does not wait for the thread.

Only reads go here. A read may also refresh a cache or the record index, which are
written atomically (a temporary file, then a rename), so a read cut short at exit
leaves at most a stray temporary file, as a crash would; records and exports are
never written this way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from textual.dom import DOMNode
from textual.worker import Worker

from tui.runtime.head_start import head_start

T = TypeVar("T")


def read_in_background(node: DOMNode, read: Callable[[], T], then: Callable[[T], object],
                       *, group: str) -> Worker[None]:
    """Start `read` now; call `then(result)` on the UI thread when it is done, unless a
    newer read of the same group was started or the app is quitting. An exception from
    `read` fails the worker, as in a thread worker (the app's one-sentence error)."""
    done = head_start(read, f"signoff-{group}")

    async def deliver() -> None:
        then(await asyncio.wrap_future(done))

    return node.run_worker(deliver, name=group, group=group, exclusive=True)
