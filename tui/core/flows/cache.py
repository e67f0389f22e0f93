"""Provides the flow library through a cache that is checked against the files on every
start, so the plain mode and the app do not parse ~75 TOML files before their first
screen.

Parsing with tomllib is most of the plain mode's time to its first prompt, and flow
files change rarely. The cache holds the Library exactly as the loader built it,
problems included, under a key made of this signoff's version, the Python version,
the loader's own source files and the path, size, mtime, ctime and inode of every
flow file in the folders. Any difference means a full load and a new cache; a cache
that is missing, damaged or not safely ours is ignored without a word (it is only
ever a shortcut). `signoff flows lint` never comes here: it exists to read the files.

The format is pickle, because it restores the frozen model exactly and in C, with no
hand-written serializer to keep in step with the model. Unpickling can run code, so
two guards stand in front of it: the folder and the file must be the user's own,
not symbolic links and not writable by group or others (the spirit of
RecordStore.ensure), and the unpickler only resolves the model's own classes, dates
and paths; anything else in the file makes it damaged.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tui import __version__
from tui.core.flows.files import DENY_FILE, flow_files
from tui.core.flows.model import Library

CACHE_FILE = "library.pickle"
_MAGIC = b"signoff-library-cache 1\n"
_MAX_BYTES = 256 * 1024 * 1024
_RACY_NS = 2_000_000_000
"""A file whose time is this close to now could change again within the same timestamp
tick without its size changing, so a library read from it is not cached (as in git).
A file dated in the future is fine: any change would give it today's time."""

_LOADER_SOURCES = ("files.py", "loader.py", "builders.py", "checker.py", "graph.py", "model.py",
                   "identity.py", "questions.py", "namespace.py",
                   "toml_lines.py", "cache.py", "prereqs.py", "provenance.py")
"""A development checkout changes the checks without changing the version."""

_ALLOWED = {
    *(("tui.core.flows.model", name) for name in (
        "Flow", "Goal", "Library", "LocalText", "Option", "Platform", "Problem",
        "Prerequisite", "Question", "Recheck", "Source", "Step", "StepUse", "Surface")),
    ("datetime", "date"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"),
}


class _ModelUnpickler(pickle.Unpickler):
    """Resolves only the classes a Library is made of."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a library")
        found: type = super().find_class(module, name)
        return found


def load_library_cached(folders: Sequence[Path], cache_dir: Path) -> Library:
    """The same Library as `load_library(folders)`, from the cache in `cache_dir` when
    it is still valid (the front ends pass tui.paths.cache_dir())."""
    stamps = _stamps(folders)
    digest = _digest(folders, stamps)
    cached = read_cache(cache_dir, digest)
    if cached is not None:
        return cached
    from tui.core.flows.loader import load_library

    library = load_library(folders)
    now = time.time_ns()
    if all(abs(now - stamp[2]) >= _RACY_NS for stamp in stamps):
        write_cache(cache_dir, digest, library)
    return library


def cache_digest(folders: Sequence[Path]) -> str:
    """The key a cache of these folders must carry now (tests and tools use it)."""
    return _digest(folders, _stamps(folders))


def _stamps(folders: Sequence[Path]) -> list[tuple[str, int, int, int, int]]:
    """(path, size, mtime, ctime, inode) of every flow file and deny list, in load
    order; a file that vanishes or cannot be stat'ed gets -1s, which never matches a
    readable file (a missing deny list is always -1s, so it stays valid)."""
    stamps = []
    for folder in folders:
        # [] for a folder that is missing or cannot be entered; the deny list is stat'ed
        # either way (is_dir() would raise on a folder that cannot be entered)
        for path in [*flow_files(folder), folder / DENY_FILE]:
            try:
                st = path.stat()
                stamps.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns,
                               st.st_ino))
            except OSError:
                stamps.append((str(path), -1, -1, -1, -1))
    return stamps


def _digest(folders: Sequence[Path], stamps: list[tuple[str, int, int, int, int]]) -> str:
    here = Path(__file__).parent
    code = []
    for name in _LOADER_SOURCES:
        try:
            st = (here / name).stat()
            code.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            code.append((name, -1, -1))
    key = (_MAGIC, __version__, sys.version, pickle.HIGHEST_PROTOCOL, code,
           [(str(f), os.path.abspath(f)) for f in folders], stamps)
    # The key itself, not a hash of it: a few kilobytes to compare, and no OpenSSL to
    # load before the first prompt. repr() escapes newlines, so it is one header line.
    return repr(key)


def _safe(st: os.stat_result, kind: int) -> bool:
    """Ours, of the expected kind, and nobody else can change it. Owner and mode bits
    are checked where they exist (POSIX); elsewhere only the kind."""
    if stat.S_IFMT(st.st_mode) != kind:
        return False
    euid = getattr(os, "geteuid", None)
    return euid is None or (st.st_uid == euid() and not st.st_mode & 0o022)


def read_cache(cache_dir: Path, digest: str) -> Library | None:
    """The cached Library if the cache is safe, whole and made for `digest`."""
    try:
        if not _safe(os.lstat(cache_dir), stat.S_IFDIR):
            return None
        fd = os.open(cache_dir / CACHE_FILE, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(handle.fileno())
            if not _safe(st, stat.S_IFREG) or st.st_size > _MAX_BYTES:
                return None
            header = handle.read(len(_MAGIC) + len(digest) + 1)
            if header != _MAGIC + digest.encode() + b"\n":
                return None
            library = _ModelUnpickler(io.BytesIO(handle.read())).load()
    except Exception:  # a damaged cache can fail in any way; it is only a shortcut
        return None
    return library if isinstance(library, Library) else None


def write_cache(cache_dir: Path, digest: str, library: Library) -> None:
    """Replace the cache atomically; a folder that cannot be used is left alone."""
    import tempfile

    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(os.lstat(cache_dir), stat.S_IFDIR):
            return
        payload = _MAGIC + digest.encode() + b"\n" + pickle.dumps(
            library, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temp = tempfile.mkstemp(dir=cache_dir, prefix=".library-", suffix=".tmp")
    except (OSError, pickle.PicklingError, RecursionError):
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temp, cache_dir / CACHE_FILE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)

