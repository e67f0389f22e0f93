"""An export written in two processes (commands/export_write.py, reports/halves.py) is
byte for byte the export one process writes, to a file or to a stream, for every
format, also when the child fails; and the child's half is joined whatever the
output is (a file, a pipe, or neither copy_file_range nor sendfile working)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands import export_write
from tui.commands.records import export
from tui.core.records import saver as saver_module
from tui.core.reports import halves


def _no_other_threads() -> None:
    """Nothing forks beside another thread: let the key warm-up timers that runs started
    end first, and close the savers of apps that earlier tests in this worker left mid-run
    (their threads wait for a next change that never comes: joined, they held each test
    here for 10 s a thread, and the export stayed in one process)."""
    for saver in list(saver_module._LIVE):
        saver.close()
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            if isinstance(thread, threading.Timer):
                thread.cancel()
            thread.join(10)


def _folder(tmp_path: Path) -> Path:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    for n in range(7):
        finished_run(store, library, operator=f"op {n}", subject="王小明" if n == 3 else "",
                     note="=1+1" if n == 2 else "")
    (store.root / "20260101-000000-demo-bad.toml").write_text("not = [toml")
    return store.root


def _export(root: Path, fmt: str, out: Path | None, stream: Path) -> bytes:
    from tui.core.records.store import RecordStore

    _no_other_threads()
    with stream.open("w", encoding="utf-8") as to:
        export(RecordStore(root, index_dir=root.parent / "cache"), fmt=fmt,
               out=str(out) if out is not None else None, since=None, until=None,
               platform=None, mode=None, subject=None, redact=False, to=to)
    return out.read_bytes() if out is not None else stream.read_bytes()


@pytest.mark.parametrize("child_fails", [False, True])
@pytest.mark.parametrize("to_file", [True, False], ids=["--out", "stream"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md"])
def test_two_processes_write_what_one_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             fmt: str, to_file: bool,
                                             child_fails: bool) -> None:
    root = _folder(tmp_path)
    one = _export(root, fmt, tmp_path / "one" if to_file else None, tmp_path / "one.txt")
    assert one.count(b"op 6") and one.count(b"op 0")
    monkeypatch.setattr(export_write, "SPLIT_FROM", 2)
    parent = os.getpid()
    real = export_write.Output.half

    def half(self: export_write.Output, names: list[str], first: bool,
             errors: str = "strict") -> halves.Fill:
        fill = real(self, names, first, errors)

        def marked(write: halves.Write) -> None:
            if os.getpid() != parent:
                (tmp_path / f"child-{os.getpid()}").touch()
                if child_fails:
                    write(b"half of it")
                    raise RuntimeError("the child breaks")
            fill(write)
        return marked

    monkeypatch.setattr(export_write.Output, "half", half)
    two = _export(root, fmt, tmp_path / "two" if to_file else None, tmp_path / "two.txt")
    assert two == one
    assert len(list(tmp_path.glob("child-*"))) == 1, "the second half was written by a child"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], \
        "no temporary file is left beside the export"


def _scratch(tmp_path: Path, data: bytes) -> int:
    fd = os.open(tmp_path / "scratch", os.O_RDWR | os.O_CREAT, 0o600)
    os.write(fd, data)
    return fd


@pytest.mark.parametrize("way", ["kernel", "sendfile", "plain"])
def test_the_second_half_is_appended_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           way: str) -> None:
    data = os.urandom(300_000)
    source = _scratch(tmp_path, data)
    if way != "kernel":
        def refuse(*_: object) -> int:
            raise OSError("not here")

        monkeypatch.setattr(halves, "_copy_file_range", refuse)
        if way == "plain":
            monkeypatch.setattr(halves, "_sendfile", refuse)
    out = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(out, b"first half|")
    halves.append(source, out, len(data) - 5)
    os.close(out)
    assert (tmp_path / "out").read_bytes() == b"first half|" + data[:-5]
    read_end, write_end = os.pipe()  # not a regular file: no copy_file_range
    halves.append(source, write_end, 1000)
    os.close(write_end)
    assert os.read(read_end, 5000) == data[:1000]
    os.close(read_end)
    os.close(source)


def test_with_no_room_for_the_childs_half_one_process_writes_both(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scratch folder that cannot take a file (full, read-only) costs the export its
    second process, never its output."""
    import errno

    def full(*_: object, **__: object) -> object:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tui.core.reports.halves.tempfile.TemporaryFile", full)
    monkeypatch.setattr("tui.core.reports.halves.os.memfd_create", full, raising=False)
    out = os.open(tmp_path / "out", os.O_WRONLY | os.O_CREAT, 0o600)
    halves.write_in_two(out, lambda write: write(b"first|"), lambda write: write(b"second"))
    os.close(out)
    assert (tmp_path / "out").read_bytes() == b"first|second"


def test_the_childs_half_of_an_output_that_is_no_named_file_is_kept_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a folder for the scratch file (the output is a pipe, a terminal,
    /dev/null), the child's half is kept in a memfd, and appended whole."""
    if not hasattr(os, "memfd_create"):
        pytest.skip("no memfd here")
    from tui.runtime import forked

    _no_other_threads()
    made: list[int] = []
    real = os.memfd_create

    def counted(name: str, flags: int = 0) -> int:
        made.append(fd := real(name, flags))
        return fd

    monkeypatch.setattr("tui.core.reports.halves.os.memfd_create", counted)
    read_end, write_end = os.pipe()
    second = os.urandom(200_000)
    if not forked.can_fork():
        pytest.skip("another thread runs: no fork")
    pid = os.fork()
    if pid == 0:  # a reader, so that the pipe never fills
        os.close(write_end)
        with open(tmp_path / "got", "wb") as got:
            while chunk := os.read(read_end, 65536):
                got.write(chunk)
        os._exit(0)
    os.close(read_end)
    halves.write_in_two(write_end, lambda write: write(b"first|"),
                        lambda write: write(second))
    os.close(write_end)
    os.waitpid(pid, 0)
    assert made, "the scratch was a memfd"
    assert (tmp_path / "got").read_bytes() == b"first|" + second
