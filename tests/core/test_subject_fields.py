"""The subject's HR fields: data in catalog.toml, kept on the record and in the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core.flows.loader import load_library
from tui.core.records.summary import of_record
from tui.core.reports.report import build_report
from tui.core.subjects import FieldError, parse_fields


def test_the_offboarding_goal_asks_for_the_hr_fields_in_catalog_toml() -> None:
    goal = load_library([REPO / "flows"]).goals["offboard-employee"]
    assert goal.subject_fields == ("employee_id", "department", "ticket", "last_day")
    assert parse_fields(["ticket=HR-7", "employee_id= E042 "], goal) == {
        "employee_id": "E042", "ticket": "HR-7"}, "in the goal's order, trimmed"
    with pytest.raises(FieldError, match='keeps no field "team"'):
        parse_fields(["team=x"], goal)


@pytest.mark.parametrize("value", ["2026-13-10", "2026-02-30", "next Friday", "2026-1-5",
                                   "20261231", "2026-12-31T09:00"])
def test_a_day_field_that_is_not_a_real_date_is_refused(value: str) -> None:
    goal = load_library([REPO / "flows"]).goals["offboard-employee"]
    with pytest.raises(FieldError, match="is not a date like 2026-12-31"):
        parse_fields([f"last_day={value}"], goal)
    assert parse_fields(["last_day=2026-12-31"], goal) == {"last_day": "2026-12-31"}
    assert parse_fields(["last_day="], goal) == {}, "no value is no field"


def test_a_bad_subject_fields_list_is_a_lint_problem(tmp_path: Path) -> None:
    folder = tmp_path / "flows"
    folder.mkdir()
    text = (REPO / "tests" / "data" / "flows" / "catalog.toml").read_text(encoding="utf-8")
    text = text.replace('[goals.shared-computer]\n',
                        '[goals.shared-computer]\nsubject_fields = ["Employee ID"]\n', 1)
    (folder / "catalog.toml").write_text(text, encoding="utf-8")
    library = load_library([folder])
    assert any("subject_fields must be a list of field names" in str(p)
               for p in library.problems)


def test_fields_survive_the_file_the_index_and_the_summary(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    fields = {"employee_id": "E042", "last_day": "2026-12-31"}
    record = finished_run(store, fixture_library(), subject="王小明", fields=fields)
    assert store.load(record.id).fields == fields
    store.scan()
    [summary] = store.summaries().items
    assert dict(summary.fields) == fields and summary.who == "王小明 (E042)"
    assert of_record(record).who == "王小明 (E042)"
    [row] = build_report([record], "subject")
    assert row.key == "王小明 (E042)"


def test_a_record_without_fields_is_written_as_before(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    record = finished_run(store, fixture_library())
    assert b"[fields]" not in store.path_for(record.id).read_bytes()


def test_the_subject_filter_finds_the_employee_id(tmp_path: Path) -> None:
    from tui.core.reports.export import matches

    store = store_at(tmp_path / "r")
    record = finished_run(store, fixture_library(), subject="王小明",
                          fields={"employee_id": "E042"})
    assert matches(record, subject="e042") and matches(of_record(record), subject="E042")
    assert matches(record, subject="小明") and not matches(record, subject="E043")
