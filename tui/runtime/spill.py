"""Provides `scratch`, `put` and `take`: text (or any bytes: `put_bytes`) a forked child
hands back to its parent through a memory file, as UTF-8, and `write`, which writes
such text to a stream.

`signoff history --json` at 100,000 records: the child's half of the text (24 MB) went
back pickled through the pipe (tui.runtime.forked): 0.05 s to pickle, 0.06 s through
the pipe 64 KB at a time, 0.02 s to unpickle, all while the parent, its own half done,
waited, and then encoded again for stdout. Now the child writes it, encoded, to a
memory file (memfd) the parent made before the fork and sends back only its size; the
parent maps the file and writes the bytes to stdout as they are (they are what
encoding the text gives), or decodes them where the text is needed. The file has no
name and is closed with `scratch`'s block: nothing is left behind, and only this
process and its child ever see it.
"""

from __future__ import annotations

import codecs
import contextlib
import mmap
import os
import sys
from collections.abc import Iterator
from typing import TextIO


class Encoded:
    """A text as its UTF-8 bytes (in a mapped memory file, or in memory)."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data

    def __len__(self) -> int:
        return len(self.data)

    def text(self) -> str:
        return str(self.data, "utf-8")


@contextlib.contextmanager
def scratch() -> Iterator[int | None]:
    """A memory file for a child to `put` text or bytes in, closed when the block ends;
    None where the system has none (what the child made then comes through a pipe)."""
    if not hasattr(os, "memfd_create"):
        yield None
        return
    try:
        fd = os.memfd_create("signoff-forked", os.MFD_CLOEXEC)
    except OSError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)


def put(fd: int, pieces: list[str], sep: str = "") -> int:
    """Write the text `sep`.join(pieces) as UTF-8 at the start of the file `fd`, a piece
    at a time; its size in bytes. Raises UnicodeEncodeError (a lone surrogate) and
    OSError."""
    done = 0
    between = sep.encode("utf-8")
    for n, piece in enumerate(pieces):
        for data in (between, piece.encode("utf-8")) if n else (piece.encode("utf-8"),):
            done = put_bytes(fd, data, done)
    return done


def put_bytes(fd: int, data: bytes | memoryview, at: int = 0) -> int:
    """Write `data` to the file `fd` at the offset `at`; the offset after them. Raises
    OSError."""
    view = memoryview(data)
    while view:
        wrote = os.pwrite(fd, view, at)
        view, at = view[wrote:], at + wrote
    return at


def take(fd: int, size: int) -> Encoded:
    """The `size` bytes a child `put` in the file `fd`, mapped (no copy; the mapping
    stays valid after `fd` is closed). Raises OSError, or ValueError when the file is
    shorter."""
    if size == 0:
        return Encoded(b"")
    if os.fstat(fd).st_size < size:
        raise ValueError("the scratch file is shorter than its text")
    return Encoded(mmap.mmap(fd, size, prot=mmap.PROT_READ))


def _utf8_bytes_of(to: TextIO) -> bool:
    """Whether what is written to `to` goes to `to.buffer` as its UTF-8 bytes, unchanged:
    the interpreter's own stdout on a POSIX system (made with newline="\\n", so no
    newline is translated) when its encoding is UTF-8. Any other stream takes text."""
    if os.name != "posix" or to is not sys.__stdout__ or not hasattr(to, "buffer"):
        return False
    try:
        return codecs.lookup(to.encoding).name == "utf-8"
    except (LookupError, TypeError):
        return False


def write(to: TextIO, piece: str | Encoded) -> None:
    """Write a text or an Encoded one to `to`: its bytes straight to the binary stream
    under it where that gives the same bytes (_utf8_bytes_of), else decoded."""
    if isinstance(piece, str):
        to.write(piece)
    elif _utf8_bytes_of(to):
        to.flush()
        to.buffer.write(piece.data)
    else:
        to.write(piece.text())
