"""Provides BackgroundSaver: writes an open run's record on a thread of its own.

A save is an fsync'd atomic write: about 15 ms on a quiet local disk, far more on a busy
or networked one. Done on the thread that draws the screen, it held every tick off the
screen until the disk had answered. With this saver the front end draws the change at
once, says "Saving", and says "Saved" only when `done` reports that the bytes are on
disk, so "saved before we say so" still holds.

Writes are serial and coalesced: every write holds the whole record, so when several
changes arrive while one is being written, only the newest is written next. The record
is copied when it is handed over, so the caller may go on changing its own.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from tui.core.records.record import Record
from tui.core.records.store import RecordStore, StoreError

GATHER = 0.02
"""Seconds a change waits before it is written. The saver's Python work (a copy, the
TOML) needs the GIL that the screen needs to draw that very change, and
with it the tick's first frame came up to 3 ms later. Changes made meanwhile are
written once, as the newest. Finishing, closing and quitting do not wait for it."""

Done = Callable[[int, StoreError | None], None]
"""Called on the saver's thread after each write: the ticket written, and the error."""
Later = Callable[[Callable[[], None]], None]
"""Given the saver's `wake`, calls it soon on the caller's own thread (see submit)."""


_LIVE: weakref.WeakSet[BackgroundSaver] = weakref.WeakSet()

_SHARED = (str, int, float, date, datetime, type(None))
"""Values a copy may share with the original: nothing can change them in place."""


def snapshot(record: Record) -> Record:
    """A copy of a record that shares nothing changeable with it: every dataclass, list
    and dict is new; strings, numbers and times are shared. It is made on the thread
    that draws the screen, on every keypress; copy.deepcopy's memo and reduce protocol
    took five times as long for the same copy. A value of any other kind is refused
    rather than shared."""
    return cast(Record, _copy(record))


def _copy(value: Any) -> Any:
    if isinstance(value, _SHARED):
        return value
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if hasattr(value, "__dataclass_fields__") and not hasattr(type(value), "__slots__"):
        new = object.__new__(type(value))
        new.__dict__.update({key: _copy(item) for key, item in vars(value).items()})
        return new
    raise TypeError(f"a record holds a {type(value).__name__}, which the saver cannot copy")


@atexit.register
def _flush_all() -> None:
    """However the process ends (short of a kill), a change owed to disk is written."""
    for saver in list(_LIVE):
        saver.flush()


class BackgroundSaver:
    def __init__(self, store: RecordStore, done: Done, wake_later: Later | None = None
                 ) -> None:
        self.store = store
        self.done = done
        self.wake_later = wake_later
        self._cond = threading.Condition()
        self._pending: tuple[int, Record] | None = None
        self._submitted = 0
        self._written = 0
        self._error: StoreError | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._hurry = False
        """A flush is waiting: write without the GATHER pause."""
        _LIVE.add(self)

    def submit(self, record: Record) -> int:
        """Queue a copy of `record` for writing; returns its ticket.

        The thread is woken at once, or, with `wake_later`, when that calls `wake`: a
        screen calls it once the change is drawn. Woken in the middle of the keypress,
        the thread took the interpreter lock from the screen for its few steps, and on a
        busy machine the screen then waited for the processor to come back to it. The
        write starts GATHER after the wake either way, and flush() wakes it itself."""
        copied = snapshot(record)
        with self._cond:
            if self._closed:
                raise RuntimeError("this saver is closed")
            self._submitted += 1
            self._pending = (self._submitted, copied)
            ticket = self._submitted
            if self.wake_later is None:
                self._wake()
        if self.wake_later is not None:
            self.wake_later(self.wake)
        return ticket

    def wake(self) -> None:
        """Let the thread write what is pending (it waits GATHER first)."""
        with self._cond:
            if not self._closed:
                self._wake()

    def _wake(self) -> None:
        if self._thread is None:
            # A daemon: a process that is killed loses at most the write in flight,
            # and the atomic write leaves the previous version whole.
            self._thread = threading.Thread(target=self._write_loop, daemon=True,
                                            name="signoff-saver")
            self._thread.start()
        self._cond.notify_all()

    def flush(self) -> StoreError | None:
        """Wait until everything submitted is written; the last write's error, if any."""
        with self._cond:
            if self._written < self._submitted:
                self._hurry = True
                self._wake()
            self._cond.wait_for(lambda: self._written >= self._submitted)
            return self._error

    def close(self) -> None:
        """Write what is owed, then let the thread end (a run that finished, or whose
        screen made a new saver, needs no thread waiting for it)."""
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def busy(self) -> bool:
        with self._cond:
            return self._written < self._submitted

    def _write_loop(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                if self._pending is None:
                    return
                self._cond.wait_for(lambda: self._hurry or self._closed, timeout=GATHER)
                self._hurry = False
                ticket, record = self._pending
                self._pending = None
            error: StoreError | None = None
            try:
                self.store.save(record)
            except StoreError as exc:
                error = exc
            except Exception as exc:
                error = StoreError(f"could not save ({exc})")
            with self._cond:
                self._written, self._error = ticket, error
                self._cond.notify_all()
            self.done(ticket, error)
