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
import time
import weakref
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast

from tui.core.records.record import Record
from tui.core.records.store import RecordStore, StoreError

QUIET = 0.1
"""Seconds without a new change before the pending one is written. A write's Python
work (the copy's TOML) and its fsync compete with drawing the next key: measured with
keys 35 ms apart, a write in progress when a key arrived held that key off the screen
by 2-3 ms. Waiting for a pause writes a burst of changes once, after it, and a person
working down a checklist (keys a few hundred ms apart) sees each change written 0.1 s
after it is made."""

GATHER = 1.0
"""Seconds at most between the oldest change not yet written and the start of its
write, however fast changes keep coming. Finishing, closing and quitting wait for
neither (see flush)."""

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
        """A flush is waiting: write without waiting for a pause."""
        self._oldest = 0.0
        """When the oldest change not yet written was handed over (monotonic)."""
        self._latest = 0.0
        """When the newest change was handed over or drawn (monotonic)."""
        _LIVE.add(self)

    def submit(self, record: Record) -> int:
        """Queue a copy of `record` for writing; returns its ticket.

        The thread is woken at once, or, with `wake_later`, when that calls `wake`: a
        screen calls it once the change is drawn. Woken in the middle of the keypress,
        the thread took the interpreter lock from the screen for its few steps, and on a
        busy machine the screen then waited for the processor to come back to it. The
        write starts after a pause of QUIET (counted from the wake), or GATHER after
        the oldest change it holds; flush() wakes it itself, without either wait."""
        copied = snapshot(record)
        with self._cond:
            if self._closed:
                raise RuntimeError("this saver is closed")
            self._submitted += 1
            self._latest = time.monotonic()
            if self._pending is None:
                self._oldest = self._latest
            self._pending = (self._submitted, copied)
            ticket = self._submitted
            if self.wake_later is None:
                self._wake()
        if self.wake_later is not None:
            self.wake_later(self.wake)
        return ticket

    def wake(self) -> None:
        """Let the thread write what is pending (once changes pause: see submit)."""
        with self._cond:
            if not self._closed:
                self._latest = time.monotonic()
                self._wake()

    def hurry(self) -> None:
        """Write what is pending now, without waiting for a pause (nor for the write:
        flush waits). A screen that goes away calls it."""
        with self._cond:
            if not self._closed:
                self._hurry_locked()

    def _hurry_locked(self) -> None:
        if self._written < self._submitted:
            self._hurry = True
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
            self._hurry_locked()
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
                self._wait_for_a_pause()
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

    def _wait_for_a_pause(self) -> None:
        """With the lock held: wait until no change has come for QUIET, GATHER has
        passed since the oldest pending one, or a flush or close cuts the wait short."""
        while not (self._hurry or self._closed):
            left = min(self._latest + QUIET, self._oldest + GATHER) - time.monotonic()
            if left <= 0:
                return
            self._cond.wait(left)
