"""`due --ics`: a calendar file any calendar reads (the icalendar package parses it
back), lines folded at 75 octets, no empty calendar, one stable UID per platform so a
re-import replaces the reminder, and the person's language."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli
from tui.core.reports.due import reviews_due, to_ics

TZ = timezone(timedelta(hours=8))


def _events(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "folded at 75 octets"
    calendar = Calendar.from_ical(raw)
    return [{k: str(v) for k, v in event.items()} for event in calendar.walk("VEVENT")]


def test_due_ics_in_chinese_parses_back_folded(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    finished_run(store_at(tmp_path / "records"), fixture_library())
    user_flows = tmp_path / "config" / "flows" / "demo"
    user_flows.mkdir(parents=True)  # the demo platform's name comes from the library
    shutil.copy(FIXTURE_FLOWS / "demo" / "platform.toml", user_flows)
    target = tmp_path / "due.ics"
    assert cli.main(["due", "--ics", str(target), "--lang", "zh"]) == 0
    capsys.readouterr()
    (event,) = _events(target)
    assert "演示聊天" in event["SUMMARY"] and "例行检查" in event["SUMMARY"]
    assert "例行检查" in event["DESCRIPTION"]
    assert event["UID"].endswith("@signoff")


def test_no_calendar_is_written_when_nothing_is_due(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    store_at(tmp_path / "records")
    target = tmp_path / "due.ics"
    assert cli.main(["due", "--ics", str(target)]) == 0
    assert not target.exists()
    assert "No calendar file was written" in capsys.readouterr().out


def test_the_uid_stays_the_same_after_a_review(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    stamp = datetime(2026, 11, 22, 12, tzinfo=TZ)
    records = store.scan().records
    before = to_ics(reviews_due(records, stamp.date()), stamp)
    for record in records:
        record.goal = "routine-review"
    after = to_ics(reviews_due(records, stamp.date() + timedelta(days=1)),
                   stamp + timedelta(days=1))
    assert before is not None and after is not None
    uids = [[str(e["UID"]) for e in Calendar.from_ical(raw).walk("VEVENT")]
            for raw in (before, after)]
    assert uids[0] == uids[1] and len(uids[0]) == 1
    assert before != after, "the reminder itself moved"
