"""Provides `both`: two pieces of CPU-bound work at once, the second in a forked child.

`verify` checks an Ed25519 signature per record (about 116 µs each here, 22 s for a
first verify of 100,000 records) and hashes every file; `cryptography` holds the GIL,
so threads do not help, but the machine has two cores. A forked child shares the
parent's memory as it was (the trusted keys, the signature cache) without pickling
any of it, and sends back only its result: pickled into a memory file the parent
made before the fork (spill.scratch), where the system has them, and mapped there
(7 MB of history's half through the pipe, 64 KB a wakeup, took 0.02 s after the
parent had finished its own half); else through the pipe.

Whatever goes wrong in the child (an exception, a crash, a result that does not
arrive), the parent runs the second piece itself: the child can make the work faster,
never different. Nothing forks while another thread runs (a fork copies one thread;
a lock another held stays locked in the child), nor where there is no fork.
"""

from __future__ import annotations

import io
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from tui.runtime.spill import Encoded, put_bytes, scratch, take

A = TypeVar("A")
B = TypeVar("B")


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def both(first: Callable[[], A], second: Callable[[], B], *, plain: bool = False
         ) -> tuple[A, B]:
    """(first(), second()), second() in a forked child while first() runs here when
    that can be done safely; else one after the other, here. `plain`: second()'s result
    is plain data whose parts are never the same object twice where that matters, and
    holds no cycle, so it is pickled without a memo: verify's half of 100,000 records
    (50,000 links, hashes and picks) took its process 0.17 s to pickle with one, 0.05 s
    without. A cycle there makes the child fail, and the parent then does the work."""
    if not can_fork():
        return first(), second()
    for stream in (sys.stdout, sys.stderr):  # else the child's exit could write them again
        stream.flush()
    with scratch() as held:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: compute, send, and leave without running any exit hooks
            code = 1
            try:
                os.close(read_end)
                made = second()
                buffer = io.BytesIO()
                pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.fast = plain  # no memo (see above)
                pickler.dump(made)
                with os.fdopen(write_end, "wb") as out:
                    if held is None:
                        out.write(buffer.getbuffer())
                    else:  # then only its size, at once: see _received
                        out.write(put_bytes(held, buffer.getbuffer()).to_bytes(8, "big"))
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        done = False
        try:
            result = first()
            done = True
        finally:
            if not done:  # first() failed: the child's work is not wanted
                os.kill(pid, signal.SIGKILL)
            other = None
            try:
                if done:
                    other = _received(read_end, held)
                else:  # (its reading end, which _received closes otherwise)
                    os.close(read_end)
            finally:
                _, status = os.waitpid(pid, 0)
        if other is not None and os.waitstatus_to_exitcode(status) == 0:
            return result, other[0]
    return result, second()


def _received(read_end: int, held: int | None) -> tuple[Any] | None:
    """What the child sent (in a 1-tuple), unpickled; None when it sent nothing whole.
    Through a memory file (`held`), the pipe brings its size as soon as it is there, so
    it is unpickled while the child exits (unmapping its memory), not after."""
    with os.fdopen(read_end, "rb") as incoming:
        if held is None:
            data: bytes | Encoded = incoming.read()
        else:
            size = incoming.read(8)
            if len(size) != 8:
                return None
    try:  # our own child's bytes, from our own pipe or file
        if held is not None:
            data = take(held, int.from_bytes(size, "big"))
        return (pickle.loads(data.data if isinstance(data, Encoded) else data),)
    except Exception:  # any failure: the parent does the work
        return None
