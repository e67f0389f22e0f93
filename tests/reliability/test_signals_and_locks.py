"""Signals mid-run, a run opened twice, and a lock left by a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import REPO
from tui.core.records.chain import verify_chain
from tui.core.records.store import RecordStore

pytestmark = pytest.mark.slow


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
            "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"), "LANG": "en_US.UTF-8",
            "PYTHONPATH": str(REPO), "TERM": "xterm-256color"}


def _plain_at_step_2(tmp_path: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "tui", "--plain", "run", "whatsapp", "web",
                                           "shared-computer"], cwd=str(REPO),
                          env=_env(tmp_path), encoding="utf-8", timeout=30)
    child.expect("Answer 1-2")
    child.sendline("yes")
    child.expect("q quit:")
    child.sendline("d")
    child.expect("Step 2/4")
    child.expect("q quit:")
    return child


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "ctrl-c"])
def test_plain_mode_saves_on_hangup_term_and_ctrl_c(tmp_path: Path, how: str) -> None:
    child = _plain_at_step_2(tmp_path)
    if how == "ctrl-c":
        child.sendintr()
    else:
        child.kill(getattr(signal, how.split(",")[0]))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3, (how, child.exitstatus, child.signalstatus)
    [record] = RecordStore(tmp_path / "records").in_progress()
    assert record.step("reopen-web").status == "done"
    resumed = subprocess.run([sys.executable, "-m", "tui", "--plain", "resume"], input="d\nq\n",
                             capture_output=True, text=True, cwd=REPO, env=_env(tmp_path),
                             timeout=60)
    assert "Step 2/4" in resumed.stdout and resumed.returncode == 3


def test_a_run_open_in_one_signoff_cannot_be_resumed_in_another(tmp_path: Path) -> None:
    holder = _plain_at_step_2(tmp_path)
    [record] = RecordStore(tmp_path / "records").in_progress()
    second = subprocess.run([sys.executable, "-m", "tui", "--plain", "resume", record.id],
                            input="d\n", capture_output=True, text=True, cwd=REPO,
                            env=_env(tmp_path), timeout=60)
    assert second.returncode == 2
    assert "is open in another signoff" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1
    holder.kill(signal.SIGKILL)
    holder.wait()
    third = subprocess.run([sys.executable, "-m", "tui", "--plain", "resume", record.id],
                           input="d\nd\nd\n", capture_output=True, text=True, cwd=REPO,
                           env=_env(tmp_path), timeout=60)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "Finished: completed." in third.stdout
    assert verify_chain(RecordStore(tmp_path / "records")).ok
    assert not list((tmp_path / "records").glob(".*.lock")), "a finished run drops its lock"


def _hang_ups(ignored: bool) -> None:
    """In the child, before exec: SIGHUP ignored (as under nohup, or a shell that
    ignores hang-ups, which the child inherits) or at its default action."""
    signal.signal(signal.SIGHUP, signal.SIG_IGN if ignored else signal.SIG_DFL)


@pytest.mark.parametrize("how", ["SIGHUP", "SIGHUP, ignored by its parent", "SIGTERM",
                                 "ctrl-c"])
def test_app_saves_on_hangup_term_and_ctrl_c(tmp_path: Path, how: str) -> None:
    """The full-screen app over a dropped SSH connection, killed politely, or stopped
    with Ctrl-C: the tick is on disk and the run is offered again. Started with SIGHUP
    ignored, it lived on after the hang-up, holding its run's lock."""
    child = pexpect.spawn(sys.executable, ["-m", "tui", "run", "whatsapp", "web",
                                           "shared-computer"], cwd=str(REPO),
                          env=_env(tmp_path), encoding="utf-8", timeout=30,
                          dimensions=(24, 80),
                          preexec_fn=lambda: _hang_ups("ignored" in how))
    child.expect("phone")
    child.send("1")
    child.expect("Saved")
    child.send(" ")
    child.expect("Saved: ")
    if how == "ctrl-c":
        child.send("\x03")
    else:
        child.kill(getattr(signal, how.split(",")[0]))
    child.expect(pexpect.EOF)
    child.close()
    [record] = RecordStore(tmp_path / "records").in_progress()
    assert record.step("reopen-web").status == "done"
    if how == "ctrl-c":
        assert child.exitstatus == 3, "Ctrl-C saves and exits with 'stopped, saved'"
