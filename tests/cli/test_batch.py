"""`signoff batch` and `signoff board` through the real program: twenty leavers from a
CSV, a second start that opens nothing, a bad file that opens nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_subjects import signoff
from tui.core.records.store import RecordStore

pytestmark = pytest.mark.slow

HEADER = "name,employee_id,department,ticket,last_day,timing,customers,mailbox,admin,archive\n"
WHERE = ("batch", "wecom", "admin", "offboard-employee")


def _leavers(tmp_path: Path, count: int) -> Path:
    rows = [f"员工{n},E{100 + n},销售部,HR-{n},2026-12-31,active,both,yes,no,no\n"
            for n in range(count)]
    path = tmp_path / "leavers.csv"
    path.write_bytes(("\ufeff" + HEADER + "".join(rows)).encode("utf-8"))
    return path


def test_twenty_leavers_open_twenty_runs_once(tmp_path: Path) -> None:
    csv = _leavers(tmp_path, 20)
    out = signoff(tmp_path, *WHERE, str(csv), "--operator", "Ann Admin")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1].startswith("20 run(s) opened, 0 already there.")
    again = signoff(tmp_path, *WHERE, str(csv), "--operator", "Bo Admin")
    assert again.returncode == 0 and "0 run(s) opened, 20 already there." in again.stdout
    runs = RecordStore(tmp_path / "records").in_progress()
    assert len(runs) == 20 and {r.operator for r in runs} == {"Ann Admin"}
    assert {r.fields["employee_id"] for r in runs} == {f"E{100 + n}" for n in range(20)}
    board = json.loads(signoff(tmp_path, "board", "--json").stdout)["leavers"]
    assert len(board) == 20 and {b["state"] for b in board} == {"ready"}
    assert board[0]["current"] == "Check that the member is in the customer-contact scope"
    text = signoff(tmp_path, "board").stdout
    assert "员工0 (E100)" in text and "NOW  Check that the member" in text


def test_a_bad_row_opens_nothing_and_is_named_by_line(tmp_path: Path) -> None:
    csv = _leavers(tmp_path, 3)
    csv.write_text(csv.read_text(encoding="utf-8-sig") + "Ann,E9,,,,active,lots,yes,no,no\n",
                   encoding="utf-8")
    out = signoff(tmp_path, *WHERE, str(csv))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        f'signoff: {csv}: line 5: "lots" is not an answer to "customers" (one of: customers, '
        "groups, both, none, unsure)",
        f"signoff: 1 row(s) of {csv} cannot be used; nothing was opened.",
    ]
    assert not list((tmp_path / "records").glob("2*.toml"))
    missing = signoff(tmp_path, *WHERE, str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_a_last_day_that_is_not_a_date_opens_nothing(tmp_path: Path) -> None:
    csv = _leavers(tmp_path, 2)
    csv.write_text(csv.read_text(encoding="utf-8-sig")
                   + "Ann,E9,,,2026-13-10,active,both,yes,no,no\n", encoding="utf-8")
    out = signoff(tmp_path, *WHERE, str(csv))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.splitlines()[0] == (
        f'signoff: {csv}: line 4: last_day "2026-13-10" is not a date like 2026-12-31')
    assert not list((tmp_path / "records").glob("2*.toml"))


def test_a_bad_batch_in_chinese_ends_in_one_full_stop(tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_bytes((HEADER + ",E1,,,,active,both,yes,no\n").encode("gb18030"))
    out = signoff(tmp_path, "--lang", "zh", *WHERE, str(csv))
    assert out.returncode == 2
    assert out.stderr.splitlines()[-1] == f"signoff: {csv} 中有 1 行无法使用；没有开启任何流程。"
