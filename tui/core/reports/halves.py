"""Provides `write_in_two`: a large output made in two halves at once, the first here and
the second in a forked child (tui.runtime.forked), joined in the kernel.

Rendering the CSV of 100,000 records (637 MB) took about 5 s on one core; the machine
has two. The child writes its half to a scratch file of its own (in the output's
folder for a file, so the join stays within one file system; in memory for any other
output: _scratch) and sends back only its
size: 300 MB through a pipe would have to be copied through Python and held while the
parent is busy. Once its own half is written, the parent appends the child's file to
the output with copy_file_range (sendfile, or reads and writes, where the output is
not a regular file: a pipe, a terminal, /dev/null). The scratch file has no name from
the moment it is made, so nothing is left behind whatever happens. If the child fails
in any way, forked.both has the parent write the second half itself, straight to the
output once its own half is written: the bytes are the same either way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from typing import Any

from tui.runtime.forked import both
from tui.runtime.spill import scratch

Write = Callable[[bytes], Any]
Fill = Callable[[Write], None]
"""Writes some of the output through the `write` it is given."""

BUFFER = 1 << 20
"""Bytes gathered before each write: an export's pieces are a record each (about 6 KB
of CSV), and a write per piece was a tenth of writing the export."""


def fill_fd(fd: int, fill: Fill) -> None:
    """Run `fill` on the open file `fd` (at its current offset), buffered; the descriptor
    stays open."""
    with os.fdopen(fd, "wb", buffering=BUFFER, closefd=False) as out:
        fill(out.write)


def write_in_two(out: int, first: Fill, second: Fill, scratch_dir: str | None = None) -> None:
    """Write what `first` writes, then what `second` writes, to the open file `out`;
    `second` runs in a forked child meanwhile when that is safe (forked.both).
    `scratch_dir`: where the child's half is kept until it is joined (None: the
    system's temporary folder)."""
    parent = os.getpid()
    with contextlib.ExitStack() as stack:
        try:
            held = _scratch(stack, scratch_dir)
        except OSError:  # nowhere to keep the child's half: one process writes it all
            fill_fd(out, first)
            fill_fd(out, second)
            return

        def other() -> int:
            if os.getpid() == parent:  # the child failed (forked.both): after the first
                fill_fd(out, second)   # half, straight to the output (a full scratch
                return -1              # folder cannot fail the export)
            fill_fd(held, second)
            return os.lseek(held, 0, os.SEEK_CUR)

        _, size = both(lambda: fill_fd(out, first), other)
        if size >= 0:
            append(held, out, size)


def _scratch(stack: contextlib.ExitStack, scratch_dir: str | None) -> int:
    """A file without a name for the child's half, closed with `stack`. Without a folder
    (the output is not a named file: a pipe, a terminal, /dev/null), one in memory
    (memfd) where the system has them: writing the 300 MB half of 100,000 records to a
    new file in the temporary folder took the child 0.2-0.8 s of system time, which the
    parent, writing its own half straight out, waited for; in memory, 0.13 s. It holds
    the half (swappable) only until the parent has appended it. Raises OSError."""
    if scratch_dir is None and (fd := stack.enter_context(scratch())) is not None:
        return fd
    return stack.enter_context(tempfile.TemporaryFile(dir=scratch_dir, buffering=0)).fileno()


def append(source: int, out: int, size: int) -> None:
    """Copy the first `size` bytes of the regular file `source` to `out` at its offset,
    in the kernel where it can."""
    done = 0
    for copy in (_copy_file_range, _sendfile):
        try:
            while done < size and (moved := copy(source, out, done, size - done)) > 0:
                done += moved
        except OSError:
            if done:  # part of it went: what is left goes the plain way, from there
                break
            continue
        if done >= size:
            return
    while done < size:
        data = os.pread(source, min(BUFFER, size - done), done)
        if not data:
            raise OSError(f"the scratch file ended {size - done} bytes early")
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
        done += len(data)


def _copy_file_range(source: int, out: int, offset: int, count: int) -> int:
    if not hasattr(os, "copy_file_range"):
        raise OSError("no copy_file_range")
    return os.copy_file_range(source, out, count, offset)


def _sendfile(source: int, out: int, offset: int, count: int) -> int:
    return os.sendfile(out, source, offset, count)
