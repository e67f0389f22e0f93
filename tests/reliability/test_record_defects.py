"""Record defects from #15, each shown failing on the code before its fix: stopping
after failed saves, finishing through a swapped folder, a note too large to read back,
exports over things that are not regular files, umask 000 and a folder of another
user."""

from __future__ import annotations

import errno
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import REPO
from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli, exit_codes
from tui.core.engine import Wizard
from tui.core.records import store as store_module
from tui.core.records.store import RecordStore, StoreError
from tui.core.run import Run
from tui.options import Options
from tui.paths import builtin_flows_dir
from tui.plain import run_plain


def _disk_full(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Every save after the first `after` fails with ENOSPC."""
    real = store_module.atomic_write
    calls = [0]

    def write(path: Path, data: bytes) -> None:
        calls[0] += 1
        if calls[0] > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)

    monkeypatch.setattr(store_module, "atomic_write", write)


def _plain(tmp_path: Path, stdin: str) -> tuple[int, str]:
    out = io.StringIO()
    options = Options(lang="en", records_dir=tmp_path / "records",
                      flow_dirs=(builtin_flows_dir(),),
                      run=("whatsapp", "web", "shared-computer"))
    code = run_plain(options, io.StringIO(stdin),
                     Console(file=out, width=200, highlight=False, markup=False))
    return code, out.getvalue()


@pytest.mark.parametrize("stdin", ["1\nd\nq\n", "1\nd\n"], ids=["q", "end-of-input"])
def test_stopping_when_nothing_was_ever_saved_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stdin: str) -> None:
    RecordStore(tmp_path / "records").ensure()
    _disk_full(monkeypatch)
    code, out = _plain(tmp_path, stdin)
    assert code == exit_codes.NOT_SAVED
    assert "Stopped, saved" not in out
    assert "Stopped. NOT saved: could not save to" in out
    assert "Nothing of this run is on disk." in out
    assert not [p for p in (tmp_path / "records").iterdir() if p.suffix == ".toml"]


def test_stopping_when_only_the_latest_changes_failed_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    RecordStore(tmp_path / "records").ensure()
    _disk_full(monkeypatch, after=1)  # the run's first save lands, the ticks do not
    code, out = _plain(tmp_path, "1\nd\nq\n")
    assert code == exit_codes.NOT_SAVED
    assert "The latest changes were NOT saved" in out and "signoff resume" in out
    [record] = RecordStore(tmp_path / "records").in_progress()
    assert all(s.status != "done" for s in record.steps), "what is on disk: no tick"


HUNG_UP = """
import errno, os, sys
from tui.core.records import store
def full(path, data):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
store.atomic_write = full
from tui.cli import main
sys.exit(main(["--plain", "run", "whatsapp", "web", "shared-computer"]))
"""


@pytest.mark.slow
def test_sighup_with_a_full_disk_says_not_saved(tmp_path: Path) -> None:
    import pexpect

    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
           "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"), "LANG": "en_US.UTF-8",
           "PYTHONPATH": str(REPO)}
    RecordStore(tmp_path / "records").ensure()
    child = pexpect.spawn(sys.executable, ["-c", HUNG_UP], cwd=str(REPO), env=env,
                          encoding="utf-8", timeout=30)
    child.expect("Answer 1-2")
    child.sendline("1")
    child.expect("q quit:")
    child.kill(1)  # SIGHUP: the SSH connection dropped
    child.expect(pexpect.EOF)
    said = child.before
    child.close()
    assert child.exitstatus == exit_codes.NOT_SAVED, said
    assert "NOT saved" in said and "Stopped, saved" not in said


async def test_the_app_quitting_after_failed_saves_says_not_saved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import FIXTURE_FLOWS
    from tests.helpers.app import ready, to_checklist
    from tui.app.signoff_app import SignoffApp
    from tui.config import signing_keys

    root = tmp_path / "records"
    RecordStore(root).ensure()
    _disk_full(monkeypatch)
    app = SignoffApp(Options(lang="en", records_dir=root, flow_dirs=(FIXTURE_FLOWS,),
                             operator="ana"),
                     store=RecordStore(root, keys=signing_keys()))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_checklist(pilot, "1", "1")
        await pilot.press("space")
        await ready(pilot)
        await pilot.press("ctrl+x")
        await pilot.pause()
    assert app.return_code == exit_codes.NOT_SAVED


def test_finishing_through_a_folder_swapped_for_a_symlink_is_refused(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    run = Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer", "no"]),
                    lang="en")
    run.tick("log-out")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store.root.rename(tmp_path / "moved")
    store.root.symlink_to(elsewhere)
    with pytest.raises(StoreError, match="replaced"):
        run.finish()
    assert not list(elsewhere.iterdir()), "nothing written through the link"


def test_a_note_too_large_to_read_back_is_refused_when_typed(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    run = Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer", "no"]),
                    lang="en")
    huge = "\x01" * 340_000  # escaped six times over in TOML: about 2 MB
    assert not run.fits("log-out", note=huge)
    with pytest.raises(ValueError, match="too long"):
        run.note("log-out", huge)
    assert run.fits("log-out", note="x" * 100_000)
    run.note("log-out", "x" * 100_000)
    record = run.finish()
    assert store.load(record.id).step("log-out").note == "x" * 100_000, "show can read it"


def test_plain_mode_refuses_a_note_too_large_in_one_sentence(tmp_path: Path) -> None:
    code, out = _plain(tmp_path, "1\nn\n" + "\x01" * 340_000 + "\nq\n")
    assert code == exit_codes.STOPPED
    assert "That is too long to keep" in out
    [record] = RecordStore(tmp_path / "records").in_progress()
    assert all(not s.note for s in record.steps)


WRITERS = {
    "export": ["export", "--format", "csv", "--out"],
    "due --ics": ["due", "--ics"],
    "handout": ["handout", "whatsapp", "web", "shared-computer", "--answers", "phone=yes",
                "--format", "md", "--out"],
    "feedback": ["feedback", "--out"],
    "report --subject": ["report", "--subject", "Ana", "--out"],
}
"""Every command that writes a file a person names. `due --ics` and `handout --out`
renamed their file over whatever had the name: as root, `due --ics /dev/null` replaced
the device node with an empty regular file."""


def _a_device(tmp_path: Path) -> Path:
    """A character device (null's numbers) of the test's own when it runs as root, so
    that a regression replaces that one and not the machine's /dev/null (as root, the
    bug did); /dev/null otherwise, which a user cannot replace."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null-device"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


@pytest.mark.parametrize("command", list(WRITERS))
@pytest.mark.parametrize("kind", ["fifo", "symlink", "device"])
def test_a_named_output_never_replaces_what_is_not_a_regular_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: str) -> None:
    store = store_at(tmp_path / "records")
    finished_run(store, fixture_library(), subject="Ana")
    target = tmp_path / "out.csv"
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        target.symlink_to(victim)
    else:
        target = _a_device(tmp_path)
    before = os.lstat(target)
    assert cli.main([*WRITERS[command], str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only to regular files" in err, err
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert victim.read_text() == "keep me"
    regular = tmp_path / "fine.txt"
    regular.write_text("old")
    assert cli.main([*WRITERS[command], str(regular)]) == 0, capsys.readouterr().err
    assert regular.read_text(encoding="utf-8") != "old"


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_named_output_in_a_missing_folder_is_one_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    store = store_at(tmp_path / "records")
    finished_run(store, fixture_library(), subject="Ana")
    assert cli.main([*WRITERS[command], str(tmp_path / "no" / "such" / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err, err


def test_umask_000_never_makes_open_folders(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        store = RecordStore(tmp_path / "a" / "b" / "records")
        store.ensure()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", store.root):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder to another user")
def test_a_records_folder_of_another_user_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(StoreError, match="belongs to another user"):
        RecordStore(folder).ensure()
    out = subprocess.run([sys.executable, "-m", "tui", "--plain", "run", "whatsapp", "web",
                          "shared-computer", "--records-dir", str(folder)], input="1\nq\n",
                         capture_output=True, text=True, cwd=REPO, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 2 and "belongs to another user" in out.stderr
    assert not list(folder.iterdir())
