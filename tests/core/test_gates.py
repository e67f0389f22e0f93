"""The tick rule in the core: a step with prerequisites waits for them (done, or skipped
with a reason) and for any waiting time; a wait keeps a finished run open and due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.gated import HandClock, gated_flows
from tests.helpers.records import TZ, store_at
from tui.core.engine import Wizard
from tui.core.flows.loader import load_library
from tui.core.gates import StepBlocked
from tui.core.reports.due import waiting_runs
from tui.core.run import Run
from tui.gate_text import run_refusal

START = datetime(2026, 11, 22, 9, 0, tzinfo=TZ)


def _run(tmp_path: Path, transfer: str = "yes") -> tuple[Run, HandClock]:
    clock = HandClock(START)
    store = store_at(tmp_path / "records", clock)
    library = load_library([gated_flows(tmp_path)])
    wizard = Wizard(library, ["demo", "android", "shared-computer", transfer])
    return Run.start(store, wizard, lang="en"), clock


def test_an_irreversible_step_waits_for_its_prerequisites(tmp_path: Path) -> None:
    run, _ = _run(tmp_path, transfer="no")
    found = run.blocked("wipe")
    assert found is not None and found.missing == ("back-up",), "check-transfer is not in "\
        "this run (transfer=no), so only back-up is missing"
    with pytest.raises(StepBlocked):
        run.tick("wipe")
    assert run.record.step("wipe").status == "pending"
    assert run_refusal(run, "wipe", "en") == ("Not yet: first do, or skip with a reason, "
                                              "\u201cBack up\u201d.")
    assert run_refusal(run, "wipe", "zh") == ("还不能勾选：请先完成\u201cBack up（中文）\u201d，"
                                              "或写明理由后跳过。")
    run.skip("back-up", "nothing on the phone")
    assert run.blocked("wipe") is None, "a prerequisite skipped with a reason is enough"
    run.tick("wipe")
    assert run.record.step("wipe").status == "done"


def test_a_wait_runs_from_when_the_prerequisite_was_done(tmp_path: Path) -> None:
    run, clock = _run(tmp_path)
    assert run.blocked("check-transfer") is not None
    run.tick("transfer")
    done_at = run.record.step("transfer").at
    assert done_at is not None
    found = run.blocked("check-transfer")
    assert found is not None and found.missing == ()
    assert found.until == done_at + timedelta(hours=24)
    assert run_refusal(run, "check-transfer", "en") == (
        f"Not yet: wait until {found.until:%Y-%m-%d %H:%M} (24 hours after "
        "\u201cStart the transfer\u201d was done).")
    run.tick("back-up")
    wipe = run.blocked("wipe")
    assert wipe is not None and wipe.missing == ("check-transfer",), "the wipe waits too"
    clock.advance(timedelta(hours=23, minutes=50))
    assert run.blocked("check-transfer") is not None, "not a minute early"
    clock.advance(timedelta(minutes=15))
    assert run.blocked("check-transfer") is None
    run.tick("check-transfer")
    run.tick("wipe")


def test_finishing_while_a_step_waits_keeps_the_run_open_and_due(tmp_path: Path) -> None:
    run, clock = _run(tmp_path)
    run.tick("back-up")
    run.tick("transfer")
    done_at = run.record.step("transfer").at
    assert done_at is not None
    until = done_at + timedelta(hours=24)
    record = run.finish()
    assert record.outcome == "in-progress"
    assert record.waiting_until == until
    store = run.store
    on_disk = store.load(record.id)
    assert on_disk.outcome == "in-progress" and on_disk.waiting_until == until
    [waiting] = waiting_runs(store.open_runs().records, until - timedelta(hours=1))
    assert (waiting.record_id, waiting.until, waiting.ready) == (record.id, until, False)
    [ready] = waiting_runs(store.open_runs().records, until)
    assert ready.ready

    clock.advance(timedelta(hours=25))
    library = run.library
    resumed, _ = Run.resume(store, library, record.id)
    resumed.tick("check-transfer")
    resumed.tick("wipe")
    resumed.tick("look-again")
    sealed = resumed.finish()
    assert sealed.outcome == "completed" and sealed.waiting_until is None
    assert waiting_runs(store.open_runs().records, until) == []


def test_a_run_without_waits_finishes_as_before(tmp_path: Path) -> None:
    run, _ = _run(tmp_path, transfer="no")
    assert run.finish().outcome == "incomplete"


def test_due_lists_waiting_runs_by_date(tmp_path: Path) -> None:
    run, _ = _run(tmp_path)
    run.tick("transfer")
    run.close()
    found = waiting_runs(run.store.open_runs().records, START)
    assert [w.record_id for w in found] == [run.record.id]
    assert found[0].until.date() == date(2026, 11, 23)


def test_signoff_due_lists_the_waiting_run_with_its_date(tmp_path: Path) -> None:
    from tui.commands.records import due
    from tui.config import Settings

    run, _ = _run(tmp_path)
    run.tick("transfer")
    done_at = run.record.step("transfer").at
    assert done_at is not None
    run.close()
    text = due(run.store, Settings(), None)
    until = done_at + timedelta(hours=24)
    ready = "DUE  demo       run" if until <= datetime.now(TZ) else "wait demo       run"
    assert f"{ready} {run.record.id} " in text, text
    assert f"{until:%Y-%m-%d %H:%M} (signoff resume {run.record.id})" in text


def test_review_metadata_does_not_send_a_resumed_runs_ticks_back(tmp_path: Path) -> None:
    """Adding after, no_backup_reason, reviewed, a source's kind or excerpt to a flow
    changes nothing a person reads, so a resumed run keeps its ticks."""
    run, _ = _run(tmp_path)
    run.tick("back-up")
    run.close()
    flow_file = tmp_path / "gated-flows" / "demo" / "android-shared-computer.toml"
    text = flow_file.read_text(encoding="utf-8")
    text = text.replace('kind = "official-help" }', 'kind = "official-api", excerpt = "So." }')
    text = text.replace('reviewed = 2026-12-06\n', 'reviewed = 2026-12-07\n')
    text = text.replace('id = "look-again"\n', 'id = "look-again"\nreviewed = 2026-12-06\n')
    flow_file.write_text(text, encoding="utf-8")
    resumed, change = Run.resume(run.store, load_library([tmp_path / "gated-flows"]),
                                 run.record.id)
    assert not change
    assert resumed.record.step("back-up").status == "done"


def test_the_calendar_file_holds_an_event_when_the_run_can_go_on(tmp_path: Path) -> None:
    from tui.core.reports.due import to_ics

    run, _ = _run(tmp_path)
    run.tick("transfer")
    run.close()
    [waiting] = waiting_runs(run.store.open_runs().records, START)
    written = to_ics([], START, waiting=[waiting])
    assert written is not None
    text = written.decode("utf-8")
    until = waiting.until.astimezone(UTC)
    assert f"DTSTART:{until:%Y%m%dT%H%M%SZ}\r\n" in text
    assert f"SUMMARY:signoff: continue run {run.record.id}\r\n" in text
    assert text.count("BEGIN:VEVENT") == 1


def test_a_leavers_reminder_and_due_line_name_the_leaver(tmp_path: Path) -> None:
    from tui.commands.records import due
    from tui.config import Settings
    from tui.core.reports.due import to_ics

    run, _ = _run(tmp_path)
    run.record.subject, run.record.fields = "王小明", {"employee_id": "E042"}
    run.tick("transfer")
    run.close()
    [waiting] = waiting_runs(run.store.open_runs().records, START)
    written = to_ics([], START, waiting=[waiting])
    assert written is not None
    assert f"SUMMARY:signoff: continue 王小明 (E042): run {run.record.id}\r\n" in \
        written.decode("utf-8")
    assert f"(signoff resume {run.record.id})  for 王小明 (E042)" in \
        due(run.store, Settings(), None)
