"""Subjects as first-class data (#20 item 1): `run --subject --field`, the record, the
lists, the exports and `report --by subject`, through the real program."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.plain.test_plain_mode import _env, plain
from tui.core.flows.loader import load_library
from tui.core.records.store import RecordStore

OFFBOARD = ("run", "wecom", "admin", "offboard-employee", "--operator", "Ann Admin")


def signoff(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True,
                          text=True, cwd=REPO, env=_env(tmp_path), timeout=60)


@pytest.mark.slow
def test_subject_and_fields_reach_the_record_the_lists_and_the_report(tmp_path: Path) -> None:
    out = plain(tmp_path, "1\n1\n1\n1\n1\nq\n", *OFFBOARD, "--subject", "王小明",
                "--field", "employee_id=E042", "--field", "ticket=HR-7",
                "--field", "department=销售部")
    assert out.returncode == 3, out.stdout + out.stderr
    assert "Name of the departing employee" not in out.stdout, "--subject is not asked again"
    [record] = RecordStore(tmp_path / "records").in_progress()
    assert record.subject == "王小明"
    assert record.fields == {"employee_id": "E042", "department": "销售部", "ticket": "HR-7"}
    assert "王小明 (E042)" in signoff(tmp_path, "history").stdout
    [row] = json.loads(signoff(tmp_path, "history", "--json").stdout)["records"]
    assert row["fields"]["ticket"] == "HR-7"
    report = signoff(tmp_path, "report", "--by", "subject").stdout
    assert "report, by subject" in report and "| 王小明 (E042) | 1 |" in report
    export = signoff(tmp_path, "export", "--format", "csv").stdout
    assert "employee_id=E042; department=销售部; ticket=HR-7" in export


@pytest.mark.slow
def test_a_field_the_goal_does_not_keep_is_one_sentence_and_starts_nothing(
        tmp_path: Path) -> None:
    out = plain(tmp_path, "", *OFFBOARD, "--subject", "Wang", "--field", "employe_id=E1")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip() == ('signoff: the goal "offboard-employee" keeps no field '
                                  '"employe_id" (it keeps: employee_id, department, ticket, '
                                  "last_day).")
    bad = plain(tmp_path, "", *OFFBOARD, "--field", "ticket")
    assert bad.returncode == 2 and "is not written NAME=VALUE" in bad.stderr
    assert not (tmp_path / "records").exists() or not list((tmp_path / "records").glob("*.toml"))


@pytest.mark.slow
def test_an_open_runs_report_names_its_steps_in_the_reports_language(tmp_path: Path) -> None:
    """A run not finished has no step texts file yet: the Chinese report of a run opened
    in English took its titles from the record (English); now from the flow as resuming
    it would show it."""
    out = plain(tmp_path, "1\n1\n1\n1\n1\nq\n", *OFFBOARD, "--subject", "王小明",
                "--field", "employee_id=E042")
    assert out.returncode == 3, out.stdout + out.stderr
    [record] = RecordStore(tmp_path / "records").in_progress()
    library = load_library([REPO / "flows"])
    flow = library.flows[record.flow_id]
    steps = {use.step.id: use.step for use in flow.steps}
    first = steps[record.steps[0].id]
    report = signoff(tmp_path, "report", "--subject", "E042", "--lang", "zh")
    assert report.returncode == 0, report.stderr
    assert first.title.get("zh") in report.stdout
    assert first.title.get("en") not in report.stdout
