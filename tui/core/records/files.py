"""Provides the file primitives of a records folder: which names are records, atomic
writes, a file's tail, and the per-run lock.

Every write goes to a temporary file in the same folder, is fsynced, renamed over the
old file and the folder is fsynced, so a crash at any instant leaves the old or the
new file, never half of one. The kernel drops a lock when its holder dies, so a
killed process never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

HEAD_FILE = "chain-head.toml"
MAX_RECORD_BYTES = 2_000_000
"""No record is larger: a larger file is reported, never read whole."""
SEALED = re.compile(
    rb'\n\[chain\]\nseq = \d{1,18}\nprev = "[0-9a-f]{64}"\nhash = "[0-9a-f]{64}"\n\Z')
"""The last lines of a finished record (see record.seal); a place of 18 digits at most."""


def open_regular(path: str, dir_fd: int | None = None, limit: int = 0
                 ) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file at `path` and its identity. Opened without
    blocking and refused unless it is a regular file of at most MAX_RECORD_BYTES: a
    records folder may be hostile, and a FIFO named like a record made the start screen
    and verify wait forever, a link to /dev/zero made verify read until memory ran out.
    Raises OSError saying which (caught where a file cannot be read). `limit`: another
    size bound than a record's."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        if info.st_size > (limit or MAX_RECORD_BYTES):
            raise OSError(errno.EFBIG, "the file is too large to be a record")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_to_end(fd: int, info: os.stat_result, limit: int = 0) -> bytes:
    """The file's bytes, until its end should it have grown since fstat, but never more
    than `limit` (default MAX_RECORD_BYTES)."""
    limit = limit or MAX_RECORD_BYTES
    raw = os.read(fd, info.st_size + 1)
    if len(raw) <= info.st_size or not raw:
        return raw
    chunks = [raw]
    size = len(raw)
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, "the file is too large to be a record")
    return b"".join(chunks)


def read_regular(path: str, dir_fd: int | None = None, limit: int = 0) -> bytes:
    """The bytes of the regular file at `path` (see open_regular); OSError otherwise."""
    fd, info = open_regular(path, dir_fd, limit)
    try:
        return read_to_end(fd, info, limit)
    finally:
        os.close(fd)


def is_record_name(name: str) -> bool:
    return name.endswith(".toml") and name != HEAD_FILE and not name.startswith(".")


def record_names(names: list[str]) -> list[str]:
    """The names of `names` that is_record_name keeps, in their order: its test written
    out, as a call for each of 200,000 names (the signatures too) was a third of
    listing a folder of 100,000 records."""
    return [n for n in names if n[-5:] == ".toml" and n[:1] != "." and n != HEAD_FILE]


def tail(path: str, count: int) -> bytes:
    """The last `count` bytes of a regular file, in four system calls (OSError for any
    other kind: a FIFO named like a record must not make the reader wait forever)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return os.pread(fd, count, max(0, info.st_size - count))
    finally:
        os.close(fd)


@dataclass
class RunLock:
    """An open run's lock; released when the run is finished or the process ends."""

    path: Path
    fd: int

    def release(self, remove: bool = False) -> None:
        if self.fd < 0:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        unlock_file(self.fd)
        os.close(self.fd)
        self.fd = -1


def lock_file(fd: int, *, wait: bool) -> None:
    """Lock the open file for this process (flock: the kernel drops it when the
    process dies). Raises BlockingIOError when another holds it and `wait` is false.

    fcntl is imported here, not at the top, so the package imports where it does not
    exist (Windows) and can say in one sentence why a run cannot start there."""
    try:
        import fcntl
    except ImportError:
        raise OSError(errno.ENOSYS, "record locks need a POSIX system (Linux, macOS, "
                      "BSD)") from None
    fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)


def unlock_file(fd: int) -> None:
    import fcntl  # only ever after lock_file() succeeded

    fcntl.flock(fd, fcntl.LOCK_UN)


def make_private_dirs(path: Path) -> None:
    """Create `path` and every missing parent 0700 whatever the umask: Path.mkdir gives
    parents 0777 minus the umask, so under umask 000 anyone could have swapped a parent
    and with it the records folder."""
    missing: list[Path] = []
    current = path
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is cut by the umask; never widened by it


def not_a_regular_file(path: Path) -> str | None:
    """Why signoff must not replace what is at `path` (a FIFO, a symbolic link, a
    device node, a folder...), or None when it is a regular file or nothing. Renaming
    over such a name replaces the name, not what it points to: as root that once
    replaced /dev/full."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
             (stat.S_ISDIR, "a folder"), (stat.S_ISSOCK, "a socket"))
    kind = next((name for test, name in kinds if test(mode)), "not a regular file")
    return f"{path} is {kind}; signoff writes only to regular files"


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_before(path: Path, data: bytes) -> None:
    """As atomic_write, for a file written just before another atomic_write in the
    same folder (a signature before its record): that write's fsync of the folder
    makes both renames durable, so this one skips its own (one fsync less per file)."""
    atomic_write_chunks(path, (data,), sync_dir=False)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves the old file or the new one."""
    atomic_write_chunks(path, (data,))


def atomic_write_chunks(path: Path, chunks: Iterable[bytes], sync_dir: bool = True) -> None:
    """As atomic_write, for data made while it is written (a large export): the new
    file appears whole, or not at all, once the last chunk is on disk."""

    def fill(fd: int) -> None:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            for chunk in chunks:
                handle.write(chunk)

    atomic_write_with(path, fill, sync_dir)


def atomic_write_with(path: Path, fill: Callable[[int], None], sync_dir: bool = True) -> None:
    """As atomic_write_chunks, for data that `fill` writes to the open new file (an
    export written in two halves: reports/halves.py)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            fill(fd)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync_dir:
        fsync_dir(path.parent)
