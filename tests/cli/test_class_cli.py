"""`--class NAME` on the command line: `report --class` reports that session alone, and
`serve` hands the class (and --present, --ascii, --lang) to every tab it starts."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import signoff
from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands.serve import app_command
from tui.options import Options


def test_report_class_reports_that_session_alone(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    finished_run(store, library, mode="practice", operator="Ann", class_name="mon-am")
    finished_run(store, library, mode="practice", operator="Ben", class_name="mon-am")
    finished_run(store, library, mode="practice", operator="Cat", class_name="tue-pm")
    finished_run(store, library, mode="practice", operator="Dan")
    done = signoff("report", "--class", "mon-am", "--records-dir", str(tmp_path / "r"),
                   "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "| Ann |" in done.stdout and "| Ben |" in done.stdout
    assert "Cat" not in done.stdout and "Dan" not in done.stdout
    everyone = signoff("report", "--records-dir", str(tmp_path / "r"), "--lang", "en")
    assert all(f"| {n} |" in everyone.stdout for n in ("Ann", "Ben", "Cat", "Dan"))


def test_serve_passes_class_present_ascii_and_lang_to_each_tab(tmp_path: Path) -> None:
    options = Options(lang="zh", records_dir=tmp_path, flow_dirs=(FIXTURE_FLOWS,),
                      class_name="room 3", present=True, ascii=True)
    command = app_command(options)
    assert "--lang zh" in command and "--class 'room 3'" in command
    assert "--present" in command and "--ascii" in command
