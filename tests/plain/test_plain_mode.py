"""The plain mode end to end: through pipes and through a real pseudo-terminal."""

from __future__ import annotations

import getpass
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import FIXTURE_FLOWS, REPO
from tui.core.records.chain import verify_chain
from tui.core.records.store import RecordStore

pytestmark = pytest.mark.slow


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    config = tmp_path / "config"
    (config / "flows").mkdir(parents=True, exist_ok=True)
    return {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
            "SIGNOFF_CONFIG_DIR": str(config), "LANG": "en_US.UTF-8", "COLUMNS": "80",
            "PYTHONPATH": str(REPO), **extra}


def plain(tmp_path: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--plain", *args], input=stdin,
                          capture_output=True, text=True, cwd=REPO, env=_env(tmp_path),
                          timeout=60)


def test_piped_run_to_a_saved_record(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n1\n1\n1\nd\ns\n\nno phone here\nd\nd\n")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Step 1/4: Open WhatsApp Web again if you closed it" in out.stdout
    assert "A reason is needed to skip a step." in out.stdout
    assert "Finished: completed." in out.stdout
    assert "3 done, 1 skipped, of 4 steps." in out.stdout
    store = RecordStore(tmp_path / "records")
    records = store.scan().records
    assert len(records) == 1 and records[0].outcome == "completed"
    assert records[0].step("log-out-menu").reason == "no phone here"
    assert verify_chain(store).ok


def test_a_finished_run_shows_the_witness_and_its_signature(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n1\n1\n1\nd\nd\nd\nd\n")
    assert out.returncode == 0, out.stdout + out.stderr
    [record] = RecordStore(tmp_path / "records").scan().records
    assert record.chain is not None and record.key is not None
    head = f"1:{record.chain.hash[:16]}"
    assert f"\nChain head: {head}\nWrite it down: 'signoff verify --expect {head}'" in out.stdout
    assert f"Signed with key {record.key}." in out.stdout
    check = subprocess.run([sys.executable, "-m", "tui", "verify", "--expect", head],
                           capture_output=True, text=True, cwd=REPO, env=_env(tmp_path))
    assert check.returncode == 0 and check.stdout.splitlines()[-1] == \
        f"OK 1 records, head {head}, signed by 1 key(s)"


def test_a_run_finished_without_a_usable_key_is_saved_and_says_not_signed(
        tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text('[signing]\nkey = "~/no/such/key"\n')
    out = plain(tmp_path, "1\n1\n1\n1\nd\nd\nd\nd\n")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "NOT signed: the signing key" in out.stdout and "does not exist" in out.stdout
    [record] = RecordStore(tmp_path / "records").scan().records
    assert record.outcome == "completed" and record.unsigned and record.key is None


OFFBOARD = ("run", "wecom", "admin", "offboard-employee")


def test_offboarding_asks_for_the_admin_when_nobody_is_named(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n1\n1\n1\n1\nWang Xiaoming\n\nAnn Admin\nq\n", *OFFBOARD)
    assert out.returncode == 3, out.stdout + out.stderr
    assert out.stdout.count("Offboarding: your name (the admin") == 2, "asked until given"
    [record] = RecordStore(tmp_path / "records").in_progress()
    assert (record.operator, record.subject) == ("Ann Admin", "Wang Xiaoming")


def test_the_operator_comes_from_the_option_then_config_then_the_login(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n1\n1\n1\n1\nWang Xiaoming\nq\n", *OFFBOARD, "--operator", "Bo")
    assert "your name" not in out.stdout
    (tmp_path / "config" / "config.toml").write_text('[operator]\nname = "Cy Config"\n')
    out = plain(tmp_path, "1\n1\n1\n1\n1\nWang Xiaoming\nq\n", *OFFBOARD)
    assert "your name" not in out.stdout
    out = plain(tmp_path, "1\nq\n", "run", "whatsapp", "web", "shared-computer",
                "--operator", "")
    (tmp_path / "config" / "config.toml").unlink()
    out = plain(tmp_path, "1\nq\n", "run", "whatsapp", "web", "shared-computer")
    assert "your name" not in out.stdout, "an ordinary real run is not asked"
    operators = sorted(r.operator for r in RecordStore(tmp_path / "records").in_progress())
    login = f"{getpass.getuser()}@{socket.gethostname()}"
    assert operators == sorted(["Bo", "Cy Config", "Cy Config", login])


def test_bad_answers_get_one_line_and_the_same_question(tmp_path: Path) -> None:
    out = plain(tmp_path, "99\nfoo\nwhatsapp\n")
    assert len(re.findall(r"Please type a number from 1 to \d+\.", out.stdout)) == 2
    assert out.stdout.count("Which app?") == 3
    assert "Where is it signed in?" in out.stdout
    assert out.returncode == 130 and "nothing was recorded" in out.stdout, "no run began"


def test_end_of_input_saves_and_exits_3(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\nd\n", "run", "whatsapp", "web", "shared-computer")
    assert out.returncode == 3, out.stdout + out.stderr
    assert out.stdout.rstrip().splitlines()[-1].startswith("Stopped, saved. Resume with: "
                                                           "signoff resume ")
    record_id = out.stdout.rstrip().split()[-1]
    record = RecordStore(tmp_path / "records").load(record_id)
    assert record.outcome == "in-progress"


def test_markup_and_escapes_are_printed_literally(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\nn\n[bold red]x[/] \x1b[2J\nd\nb\nq\n", "run", "whatsapp",
                "web", "shared-computer")
    assert "Note: [bold red]x[/] \\x1b[2J" in out.stdout
    assert "\x1b" not in out.stdout


def test_irreversible_goal_needs_the_typed_word(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for item in FIXTURE_FLOWS.rglob("*.toml"):
        target = Path(env["SIGNOFF_CONFIG_DIR"]) / "flows" / item.relative_to(FIXTURE_FLOWS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.read_bytes())
    out = subprocess.run([sys.executable, "-m", "tui", "--plain", "run", "demo", "android",
                          "delete-account"], input="delete\n", capture_output=True, text=True,
                         cwd=REPO, env=env, timeout=60)
    assert out.returncode == 4
    assert "Nothing was recorded as done." in out.stdout
    assert not list((tmp_path / "records").glob("*.toml"))


def test_unknown_flow_is_one_sentence_exit_2(tmp_path: Path) -> None:
    out = plain(tmp_path, "", "run", "whatsapp", "fax", "shared-computer")
    assert out.returncode == 2
    assert out.stderr.strip().startswith('signoff: there is no surface "fax" here')
    assert len(out.stderr.strip().splitlines()) == 1


def test_pty_run_killed_then_resumed(tmp_path: Path) -> None:
    """Through a real terminal: tick two steps, SIGKILL, resume at step 3."""
    env = _env(tmp_path, TERM="xterm-256color")
    child = pexpect.spawn(sys.executable, ["-m", "tui", "--plain", "run", "whatsapp", "web",
                                           "shared-computer"], cwd=str(REPO), env=env,
                          encoding="utf-8", timeout=30, dimensions=(24, 80))
    child.expect("Answer 1-2")
    child.sendline("yes")
    child.expect("Step 1/4")
    child.expect("q quit:")
    child.sendline("d")
    child.expect("Step 2/4")
    child.expect("q quit:")
    child.sendline("d")
    child.expect("Step 3/4")
    child.kill(signal.SIGKILL)
    child.wait()
    waiting = RecordStore(tmp_path / "records").in_progress()
    assert len(waiting) == 1
    record_id = waiting[0].id
    resumed = pexpect.spawn(sys.executable, ["-m", "tui", "--plain", "resume", record_id],
                            cwd=str(REPO), env=env, encoding="utf-8", timeout=30)
    resumed.expect("Step 3/4: Check Linked devices on your phone")
    resumed.expect("q quit:")
    resumed.sendline("d")
    resumed.expect("Step 4/4")
    resumed.expect("q quit:")
    resumed.sendline("d")
    resumed.expect("Finished: completed.")
    resumed.expect(pexpect.EOF)
    resumed.close()
    assert resumed.exitstatus == 0
    assert verify_chain(RecordStore(tmp_path / "records")).ok


def test_chinese_plain_mode(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n", "--lang", "zh", "run", "whatsapp", "web", "shared-computer")
    assert "登录 WhatsApp 账号的那部手机在你身边吗？" in out.stdout
    assert "第 1/4 步" in out.stdout


def test_note_that_looks_like_a_code_is_warned_about(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\nn\nmy code 123456\nn\nn\nthe desk\nq\n", "run", "whatsapp",
                "web", "shared-computer")
    assert "This looks like a code, PIN or password." in out.stdout
    assert "Note not saved." in out.stdout
    [record] = RecordStore(tmp_path / "records").scan().records
    assert [s.note for s in record.steps if s.note] == ["the desk"]


def test_superscript_and_fullwidth_digits(tmp_path: Path) -> None:
    """Found by the long fuzz run: '²' passes str.isdigit() but is not a number.
    Full-width digits, as a Chinese input method types them, are accepted."""
    out = plain(tmp_path, "²\n１\n")
    assert "Please type a number from 1 to" in out.stdout
    assert "Where is it signed in?" in out.stdout


def test_practice_run_asks_the_operator_once(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n\nTrainee\nq\n", "--practice", "run", "whatsapp", "web",
                "shared-computer")
    assert out.returncode == 3, out.stdout + out.stderr
    assert out.stdout.count("Practice run: your name (kept on the record):") == 2
    [record] = RecordStore(tmp_path / "records").scan().records
    assert (record.mode, record.operator) == ("practice", "Trainee")


def test_operator_given_is_not_asked(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\nq\n", "--practice", "--operator", "Ana", "run", "whatsapp",
                "web", "shared-computer")
    assert "your name" not in out.stdout
    [record] = RecordStore(tmp_path / "records").scan().records
    assert record.operator == "Ana"
