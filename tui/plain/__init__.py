"""Provides the plain line-by-line front end: `run_plain` runs a session of
PlainWizard (plain.wizard), the questions, over the checklist (plain.checklist) and
how it speaks (plain.console)."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, TextIO

from rich.console import Console

from tui.plain.console import HungUp
from tui.plain.wizard import PlainWizard

if TYPE_CHECKING:
    from tui.core.records.store import RecordStore
    from tui.options import Options


def _hang_up(signum: int, frame: object) -> None:
    raise HungUp(signum)


def run_plain(options: Options, stdin: TextIO, console: Console | None = None,
              store: RecordStore | None = None) -> int:
    console = console or Console(highlight=False, emoji=False, markup=False, soft_wrap=False)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGHUP, signal.SIGTERM):
            handlers[sig] = signal.signal(sig, _hang_up)
    try:
        return PlainWizard(options, stdin, console, store).main()
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
