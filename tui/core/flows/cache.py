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

Before the library the file holds its first question: the platforms offered, in
order, with their names, and how many problems the library has, as plain strings
and numbers (a second pickle that may name no class at all). The plain mode puts
its first question from these alone, then reads the library while the person reads
the question: the model's classes and the library cost more to load than the rest
of its start together. Both come from the same bytes, read once, so they cannot
disagree.
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
from typing import TYPE_CHECKING

from tui import __version__
from tui.core.flows.files import DENY_FILE, flow_files

if TYPE_CHECKING:
    from tui.core.flows.model import Library

# The model (fourteen dataclasses) is imported where a library is unpickled or built:
# the plain mode's first question needs only the cache's front (Opened.platforms).

CACHE_FILE = "library.pickle"
_MAGIC = b"signoff-library-cache 2\n"
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


Platforms = tuple[tuple[str, str, str], ...]
"""The first question's choices: (id, English name, Chinese name), in the order offered."""


class _ModelUnpickler(pickle.Unpickler):
    """Resolves only the classes a Library is made of."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a library")
        found: type = super().find_class(module, name)
        return found


class _PlainUnpickler(pickle.Unpickler):
    """The cache's front: strings, numbers and tuples, never a class."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a first question")


class Opened:
    """The flow library for some folders, looked up in the cache but not yet unpickled.

    `platforms` and `problem_count` come from the cache's front, so a question can be
    put before the model is loaded; None when the cache could not be used, and then
    `library()` reads the flow files (and caches them when it may)."""

    __slots__ = (
        "_body",
        "_cache_dir",
        "_digest",
        "_folders",
        "_library",
        "_stamps",
        "platforms",
        "problem_count",
    )

    def __init__(self, folders: Sequence[Path], cache_dir: Path) -> None:
        self._folders, self._cache_dir = folders, cache_dir
        self._stamps = _stamps(folders)
        self._digest = _digest(folders, self._stamps)
        self._library: Library | None = None
        self.platforms: Platforms | None = None
        self.problem_count: int | None = None
        self._body: io.BytesIO | None = None
        found = _read_front(cache_dir, self._digest)
        if found is not None:
            (self.problem_count, self.platforms), self._body = found

    def library(self) -> Library:
        """The same Library as `load_library(folders)`; the cached one when the front
        was read, unless its body turns out damaged."""
        if self._library is None:
            self._library = self._cached() or self._loaded()
        return self._library

    def _cached(self) -> Library | None:
        body, self._body = self._body, None
        if body is None:
            return None
        try:
            library = _ModelUnpickler(body).load()
        except Exception:  # a damaged cache can fail in any way; it is only a shortcut
            return None
        from tui.core.flows.model import Library

        if not isinstance(library, Library) or first_question(library) != (
                self.problem_count, self.platforms):
            return None  # a front that does not describe its body: not ours
        return library

    def _loaded(self) -> Library:
        from tui.core.flows.loader import load_library

        library = load_library(self._folders)
        now = time.time_ns()
        if all(abs(now - stamp[2]) >= _RACY_NS for stamp in self._stamps):
            write_cache(self._cache_dir, self._digest, library)
        # What a question put from a damaged cache's front showed is judged against this.
        self.problem_count, self.platforms = first_question(library)
        return library


def open_library(folders: Sequence[Path], cache_dir: Path) -> Opened:
    """The library of `folders` through the cache in `cache_dir` (the front ends pass
    tui.paths.cache_dir()), with its first question available before it is loaded."""
    return Opened(folders, cache_dir)


def load_library_cached(folders: Sequence[Path], cache_dir: Path) -> Library:
    """The same Library as `load_library(folders)`, from the cache in `cache_dir` when
    it is still valid."""
    return Opened(folders, cache_dir).library()


def first_question(library: Library) -> tuple[int, Platforms]:
    """What the cache's front keeps: the number of problems, and the platforms in the
    order the wizard offers them (tui.core.engine.Wizard) with their names."""
    platforms = library.platforms
    return len(library.problems), tuple(
        (p, platforms[p].name.en, platforms[p].name.zh) for p in library.platform_ids())


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
    found = _read_front(cache_dir, digest)
    if found is None:
        return None
    try:
        library = _ModelUnpickler(found[1]).load()
    except Exception:  # a damaged cache can fail in any way; it is only a shortcut
        return None
    from tui.core.flows.model import Library

    if not isinstance(library, Library) or first_question(library) != found[0]:
        return None
    return library


def _read_front(cache_dir: Path, digest: str
                ) -> tuple[tuple[int, Platforms], io.BytesIO] | None:
    """The cache's front (see the module's docstring) and the rest of its bytes, if the
    cache is safe and made for `digest` and its front is well formed."""
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
            body = io.BytesIO(handle.read())
        front = _PlainUnpickler(body).load()
    except Exception:  # a damaged cache can fail in any way; it is only a shortcut
        return None
    return (front, body) if _well_formed(front) else None


def _well_formed(front: object) -> bool:
    """(problem count, ((id, English, Chinese), ...)): anything else is not a front."""
    if not (isinstance(front, tuple) and len(front) == 2 and type(front[0]) is int
            and isinstance(front[1], tuple)):
        return False
    return all(isinstance(p, tuple) and len(p) == 3 and all(type(s) is str for s in p)
               for p in front[1])


def write_cache(cache_dir: Path, digest: str, library: Library) -> None:
    """Replace the cache atomically; a folder that cannot be used is left alone."""
    import tempfile

    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _safe(os.lstat(cache_dir), stat.S_IFDIR):
            return
        payload = b"".join((
            _MAGIC, digest.encode(), b"\n",
            pickle.dumps(first_question(library), protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL)))
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

