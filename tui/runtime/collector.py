"""Provides the cyclic garbage collector's two phases in a signoff process: off during
start-up, on (without the start-up objects) once a long-lived front end begins.

Start-up imports modules, builds classes, the argument parser, the settings and the
flow library: objects that live until the process ends. Every collection in that
phase walked the growing heap and freed nothing (48 of them, about 8 ms of CPU of the
plain mode's ~110 ms before its first prompt). When a front end that lives as long as
the person works begins (the app, serve, the plain mode's first question), those
objects are frozen, so later collections skip them too, and collection is turned on
again. Short commands end before uncollected cycles could matter; reference counting
frees everything else as usual.
"""

from __future__ import annotations

import gc

_pending = False
"""Collection was turned off by `pause_for_start_up` and not yet turned back on."""


def pause_for_start_up() -> bool:
    """Turn collection off; return whether it was on, for `restore`."""
    global _pending
    was_on = gc.isenabled()
    gc.disable()
    _pending = was_on
    return was_on


def start_up_done() -> None:
    """Collect from here on, ignoring what start-up built. Acts once, and only after
    `pause_for_start_up` turned collection off: a later call, a call while another
    thread pauses collection for a bulk read, or a front end driven directly (tests)
    changes nothing."""
    global _pending
    if not _pending:
        return
    _pending = False
    gc.freeze()
    gc.enable()


def restore(was_on: bool) -> None:
    """Leave collection as `pause_for_start_up` found it (main() may run in-process)."""
    global _pending
    _pending = False
    if was_on:
        gc.enable()


def freeze_long_lived() -> None:
    """Move everything alive now out of the collector's sight. The app calls this once
    it has loaded what it keeps until exit (Textual's modules, the first screen, the
    flow library): a full collection walked all of that, some 60 ms on a 2-core
    machine, and when one fell on a keypress the tick showed that much later."""
    gc.freeze()


def leaving() -> None:
    """The front end has ended and the process is about to: nothing it made needs
    collecting. Python's exit runs one last full collection that walks every object
    still alive (some 20 ms after the app, about a tenth of quitting) to free memory
    the operating system takes back anyway; frozen objects are skipped. Records and
    exports never wait for a collection: they are written, synced and closed first."""
    gc.freeze()
