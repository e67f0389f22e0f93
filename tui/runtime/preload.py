"""Provides `preload`: import modules ahead of their first use, named by the caller.

Every module imported before a front end's first frame or prompt is time the person
waits for. A screen that is shown only later (the app's questions, its checklist) is
imported then, and `preload` moves that import to a moment when the process would
otherwise wait: on the thread that reads the flow library after the first frame, or on
a daemon thread (tui.runtime.head_start) while the person reads the first question.
An import that runs on such a thread when the main thread needs the module is simply
waited for (Python's import lock per module; signoff's imports have no cycles, which
tests/core/test_no_import_cycles.py keeps so).

The names come from the caller, so this module depends on nothing above it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from concurrent.futures import Future

from tui.runtime.head_start import head_start


def preload(modules: Iterable[str]) -> None:
    """Import `modules` now, on this thread, in order."""
    for name in modules:
        importlib.import_module(name)


def preload_in_background(modules: Iterable[str], name: str = "signoff-preload"
                          ) -> Future[None]:
    """Import `modules` on a daemon thread. An import error is kept in the future and
    not raised there: the ordinary import where the module is used raises it again, in
    the place that can report it."""
    wanted = tuple(modules)
    return head_start(lambda: preload(wanted), name)
