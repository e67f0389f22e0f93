"""Class reports keep practice apart; review reminders count only real runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.records import TZ, finished_run, fixture_library, stepping_clock, store_at
from tui.config import ConfigError, load_settings
from tui.core.reports.due import reviews_due, to_ics
from tui.core.reports.report import build_report, report_csv, report_markdown


def test_report_by_operator_keeps_practice_apart(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    for name in ("Ann", "Ben", "Ann"):
        finished_run(store, library, mode="practice", operator=name)
    finished_run(store, library, operator="Ann")
    rows = build_report(store.scan().records, "operator")
    keyed = {(r.mode, r.key): r for r in rows}
    assert keyed[("practice", "Ann")].runs == 2 and keyed[("practice", "Ben")].runs == 1
    assert keyed[("real", "Ann")].runs == 1
    assert keyed[("practice", "Ann")].skipped == ["Check the device list: no phone signal"] * 2
    text = report_markdown(rows, "operator")
    assert text.index("## Real runs") < text.index("## Practice runs")
    assert "| Ann | 2 | 2 | 0 | 0 |" in text
    assert report_csv(rows, "operator").startswith("\ufeffmode,operator,runs")


def test_due_counts_only_real_runs_and_honours_per_platform_days(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r", stepping_clock(datetime(2026, 1, 1, 9, tzinfo=TZ)))
    finished_run(store, fixture_library())
    records = store.scan().records
    today = date(2026, 2, 1)
    [item] = reviews_due(records, today)
    assert item.platform == "demo" and item.last_review is None
    assert item.last_signout is not None and item.due == item.last_signout.date() + timedelta(90)
    for record in records:
        record.goal = "routine-review"
    [reviewed] = reviews_due(records, today, 90, {"demo": 30})
    assert reviewed.due == date(2026, 1, 31) and reviewed.every_days == 30
    for record in records:
        record.mode = "practice"
    assert reviews_due(records, today) == []


def test_a_review_is_not_due_right_after_a_finished_run(tmp_path: Path) -> None:
    """Finishing a WeChat run used to put "Reviews due: WeChat (never)" on the start
    screen at once; the next review counts from the run just finished."""
    finished = datetime(2026, 3, 1, 9, tzinfo=TZ)
    store = store_at(tmp_path / "r", stepping_clock(finished))
    finished_run(store, fixture_library())
    records = store.scan().records
    [item] = reviews_due(records, finished.date())
    assert not item.is_due(finished.date())
    assert item.is_due(finished.date() + timedelta(days=90))
    for record in records:
        record.outcome = "incomplete"  # an unfinished run checked nothing: due at once
    [item] = reviews_due(records, finished.date())
    assert item.is_due(finished.date()) and item.last_signout is None


def test_ics_is_well_formed(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    stamp = datetime(2026, 11, 22, 12, tzinfo=TZ)
    records = store.scan().records
    for record in records:
        record.outcome = "incomplete"  # never checked: due today
    items = reviews_due(records, stamp.date() + timedelta(days=1))
    written = to_ics(items, stamp)
    assert written is not None
    text = written.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261123" in text and "DTSTAMP:20261122T040000Z" in text


def test_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_settings(path).review_every_days == 90
    path.write_text("[reviews]\nevery_days = 30\n[reviews.platforms]\nwechat = 7\n")
    settings = load_settings(path)
    assert settings.review_every_days == 30 and settings.review_per_platform == {"wechat": 7}
    path.write_text("[reviews]\nevery_days = 'soon'\n")
    with pytest.raises(ConfigError, match="every_days: 'soon' is not of type 'integer'"):
        load_settings(path)
