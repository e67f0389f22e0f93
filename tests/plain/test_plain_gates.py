"""The plain mode refuses a tick before the step's prerequisites and says why, and a
finish while a step waits keeps the run open (in-process: no terminal needed)."""

from __future__ import annotations

import io
import itertools
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rich.console import Console

from tests.helpers.gated import HandClock, gated_flows
from tui import exit_codes
from tui.core.records.store import RecordStore
from tui.options import Options
from tui.plain import run_plain

START = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def _plain(tmp_path: Path, keys: str, clock: HandClock, lang: str = "en",
           resume: str | None = None) -> tuple[int, str, RecordStore]:
    counter = itertools.count(1)
    store = RecordStore(tmp_path / "records", now=clock, suffix=lambda: f"{next(counter):04x}")
    options = Options(lang=lang, records_dir=tmp_path / "records",
                      flow_dirs=(gated_flows(tmp_path),),
                      run=None if resume else ("demo", "android", "shared-computer"),
                      resume=resume)
    out = io.StringIO()
    console = Console(file=out, width=200, highlight=False, emoji=False, markup=False)
    code = run_plain(options, io.StringIO(keys), console, store)
    return code, out.getvalue(), store


def test_a_tick_before_the_wait_is_refused_and_finishing_keeps_the_run_open(
        tmp_path: Path) -> None:
    clock = HandClock(START)
    # transfer = yes; back-up, transfer done; check-transfer refused; f finishes.
    code, out, store = _plain(tmp_path, "1\nd\nd\nd\nf\n", clock)
    assert code == exit_codes.STOPPED, out
    assert "Comes after: \u201cStart the transfer\u201d (then 24 hours)" in out
    assert "Step last reviewed: 2026-12-06" in out, "back-up's review date"
    assert ("Not yet: wait until 2026-11-23 09:0" in out
            and "(24 hours after \u201cStart the transfer\u201d was done)." in out), out
    [record] = store.open_runs().records
    assert record.step("check-transfer").status == "pending"
    assert record.outcome == "in-progress" and record.waiting_until is not None
    until = f"{record.waiting_until:%Y-%m-%d %H:%M}"
    assert (f"The run stays open, waiting until {until}: Check the transfer is complete. "
            f"Resume it then with: signoff resume {record.id}") in out

    clock.advance(timedelta(hours=25))
    code, out, store = _plain(tmp_path, "d\nd\nd\n", clock, resume=record.id)
    assert code == exit_codes.OK, out
    assert "Not yet" not in out
    assert "Finished: completed." in out
    assert store.load(record.id).waiting_until is None


def test_a_refused_tick_stays_on_the_step_and_says_why_in_chinese(tmp_path: Path) -> None:
    # back-up and transfer done; every further "d" on check-transfer is refused, in zh,
    # and the steps after it (the wipe) are never reached or ticked.
    code, out, store = _plain(tmp_path, "1\nd\nd\nd\nd\nd\nq\n", HandClock(START),
                              lang="zh")
    assert "还不能勾选：请等到 2026-11-23 09:0" in out, out
    assert code == exit_codes.STOPPED
    [record] = store.open_runs().records
    assert record.step("wipe").status == "pending"
