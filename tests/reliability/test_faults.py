"""Faults injected while saving and reading: disk full, a swapped folder, the clock
going backwards, and record files that are not records."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from tests.conftest import REPO
from tests.helpers.records import TZ, finished_run, fixture_library, store_at
from tui import exit_codes
from tui.core.engine import Wizard
from tui.core.records import store as store_module
from tui.core.records.chain import verify_chain
from tui.core.records.store import RecordStore
from tui.core.run import Run
from tui.options import Options
from tui.paths import builtin_flows_dir
from tui.plain import run_plain


def test_disk_full_keeps_the_run_in_memory_and_retries(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    finished_run(store, library)
    before = {p.name: p.read_bytes() for p in store.root.iterdir()
              if p.is_file() and not p.name.startswith(".")}  # records and chain head
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                    lang="en")
    real_write = store_module.atomic_write

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module, "atomic_write", full)
    assert run.tick("log-out") == "failed"
    assert run.unsaved is not None and "No space left on device" in str(run.unsaved)
    assert run.record.step("log-out").status == "done", "kept in memory"
    for name, data in before.items():
        assert (store.root / name).read_bytes() == data, "nothing earlier damaged"
    monkeypatch.setattr(store_module, "atomic_write", real_write)
    assert run.tick("demo.check-devices") == "saved" and run.unsaved is None
    on_disk = store.load(run.record.id)
    assert on_disk.step("log-out").status == "done", "the retry saved the earlier tick too"
    assert verify_chain(store).ok


def test_plain_mode_says_not_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = io.StringIO()
    options = Options(lang="en", records_dir=tmp_path / "records",
                      flow_dirs=(builtin_flows_dir(),), run=("whatsapp", "web",
                                                             "shared-computer"))
    RecordStore(options.records_dir).ensure()
    monkeypatch.setattr(store_module, "atomic_write", full)
    code = run_plain(options, io.StringIO("1\nd\nq\n"),
                     Console(file=out, width=80, highlight=False, markup=False))
    assert "NOT SAVED: could not save to" in out.getvalue()
    assert code == exit_codes.NOT_SAVED, "nothing is on disk: not 'stopped, saved'"


def test_folder_swapped_for_a_symlink_is_not_written_through(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    run = Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer", "no"]),
                    lang="en")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store.root.rename(tmp_path / "moved")
    store.root.symlink_to(elsewhere)
    assert run.tick("log-out") == "failed"
    assert run.unsaved is not None and "symbolic link" in str(run.unsaved)
    assert not list(elsewhere.iterdir())


def test_clock_going_backwards(tmp_path: Path) -> None:
    times = iter([datetime(2026, 11, 22, 12, tzinfo=TZ) - timedelta(minutes=n)
                  for n in range(100)])
    store = RecordStore(tmp_path / "r", now=lambda: next(times))
    store.ensure()
    library = fixture_library()
    first = finished_run(store, library)
    second = finished_run(store, library)
    assert second.started < first.started, "the clock really went backwards"
    report = verify_chain(store)
    assert report.ok and report.checked == 2
    ordered = store.scan().records
    assert [r.id for r in ordered] == [first.id, second.id], "ordered by chain, not clock"
    ticks = sorted((s for s in second.steps if s.seq), key=lambda s: s.seq)
    assert [s.id for s in ticks] == ["log-out", "demo.check-devices"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02" * 100, "not valid TOML"), (b"\xff\xfe\x00", "not UTF-8"),
     (b'schema = 1\nid = "20261122-0900', "not valid TOML"),
     (b"schema = 1\n[steps]\nx = 1\n", "wrong type"),
     (b"# padding\n" * 1_100_000, "too large")],
    ids=["empty", "binary", "not-utf8", "truncated", "wrong-shape", "10MB"])
def test_bad_record_files_are_one_sentence_and_the_rest_works(tmp_path: Path, content: bytes,
                                                              reason: str) -> None:
    store = store_at(tmp_path / "r")
    good = finished_run(store, fixture_library())
    bad = store.root / "20261122-000000-demo-bad0.toml"
    bad.write_bytes(content)
    scan = store.scan()
    assert [r.id for r in scan.records] == [good.id]
    assert len(scan.damaged) == 1 and reason in scan.damaged[0].reason
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(store.root), "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-m", "tui", "history"], capture_output=True,
                         text=True, cwd=REPO, env=env, timeout=60)
    assert out.returncode == 0 and good.id in out.stdout
    assert out.stderr.startswith(f"signoff: damaged record {bad.name}: ")
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert bad.read_bytes() == content, "never deleted or rewritten"


@pytest.mark.parametrize("ident", ["../../etc/passwd", "/etc/passwd", "x" * 5000,
                                   "２０２６１１２２", "20261122-090000-demo-0001\u202e",
                                   "..", "a/b"])
def test_odd_ids_are_refused_with_one_sentence(tmp_path: Path, ident: str) -> None:
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "r"), "PYTHONPATH": str(REPO)}
    for command in (["show", ident], ["resume", ident, "--plain"]):
        out = subprocess.run([sys.executable, "-m", "tui", *command], capture_output=True,
                             text=True, cwd=REPO, env=env, timeout=60, input="")
        assert out.returncode == 2, (command, out)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("signoff: ") and "Traceback" not in \
            out.stderr
        assert "\u202e" not in out.stderr


@settings(max_examples=1500 if os.environ.get("SIGNOFF_LONG_TESTS") else 150, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=30))
def test_plain_prompt_loop_survives_any_input(lines: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        options = Options(lang="en", records_dir=Path(folder) / "records",
                          flow_dirs=(builtin_flows_dir(),))
        out = io.StringIO()
        text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
        code = run_plain(options, io.StringIO(text + "\n"),
                         Console(file=out, width=80, highlight=False, markup=False))
        assert code in (exit_codes.OK, exit_codes.STOPPED, exit_codes.ABORTED,
                        exit_codes.INCOMPLETE, exit_codes.INTERRUPTED)
        assert "Traceback" not in out.getvalue()


def test_an_export_that_fails_half_way_leaves_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_bytes(b"the previous export")

    def pieces() -> Iterator[bytes]:
        yield b"half of a new one"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        store_module.atomic_write_chunks(target, pieces())
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"], "no temporary file left"
