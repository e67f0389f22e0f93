"""A CSV of leavers read into planned runs (every row checked first, problems by line)
and the board's rule for what each leaver needs next."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.app import FIXED
from tests.helpers.gated import HandClock, gated_flows
from tui.core.batch import BatchError, decode, new_rows, read_batch
from tui.core.board import board
from tui.core.engine import Wizard
from tui.core.flows.loader import load_library
from tui.core.flows.model import Flow, Library
from tui.core.records.store import RecordStore
from tui.core.run import Run

HEADER = "name,employee_id,department,ticket,last_day,timing,customers,mailbox,admin,archive\n"
GOOD = "王小明,E042,销售部,HR-7,2026-12-31,active,both,yes,no,no\n"


@pytest.fixture(scope="module")
def wecom() -> tuple[Library, Flow]:
    library = load_library([REPO / "flows"])
    flow = library.flow_for("wecom", "admin", "offboard-employee")
    assert flow is not None
    return library, flow


def test_good_rows_become_planned_runs(wecom: tuple[Library, Flow]) -> None:
    library, flow = wecom
    batch = read_batch(HEADER + GOOD + "\n" + "Li Lei,E043,,,,deleted,none,no,no,no\n",
                       library, flow)
    assert batch.problems == []
    first, second = batch.rows
    assert (first.line, first.subject) == (2, "王小明")
    assert first.answers == ("active", "both", "yes", "no", "no")
    assert first.fields == {"employee_id": "E042", "department": "销售部", "ticket": "HR-7",
                            "last_day": "2026-12-31"}
    assert (second.line, second.fields) == (4, {"employee_id": "E043"}), "blank line counted"
    fresh, known = new_rows(batch, flow.id, [("li lei", "E043", flow.id)])
    assert [r.subject for r in fresh] == ["王小明"] and [r.subject for r in known] == ["Li Lei"]


def test_every_bad_row_is_named_by_its_line(wecom: tuple[Library, Flow]) -> None:
    library, flow = wecom
    text = (HEADER + GOOD + ",E1,,,,active,both,yes,no,no\n"
            "Ann,E2,,,,active,lots,yes,no,no\n" "Bo,E3,,,,active,both,yes,,no\n" + GOOD)
    assert read_batch(text, library, flow).problems == [
        "line 3: the name is empty",
        'line 4: "lots" is not an answer to "customers" (one of: customers, groups, both, '
        "none, unsure)",
        'line 5: no answer in the column "admin" (one of: yes, no, unsure)',
        "line 6: the same leaver as line 2",
    ]


def test_a_row_is_named_by_the_line_it_starts_on(wecom: tuple[Library, Flow]) -> None:
    """A quoted cell with line breaks (an address, a two-line department) spans lines;
    the row was named by the line it ended on, so the admin looked at the wrong row."""
    library, flow = wecom
    text = (HEADER + 'Ann,E1,"Sales\nEast\nFloor 3",,,active,lots,yes,no,no\n'
            ",E2,,,,active,both,yes,no,no\n")
    batch = read_batch(text, library, flow)
    assert batch.problems == [
        'line 2: "lots" is not an answer to "customers" (one of: customers, groups, both, '
        "none, unsure)",
        "line 5: the name is empty",
    ]
    good = read_batch(HEADER + 'Ann,E1,"Sales\nEast",,,active,both,yes,no,no\n' + GOOD,
                      library, flow)
    assert [r.line for r in good.rows] == [2, 4]


def test_a_file_that_cannot_be_a_batch_is_one_sentence(wecom: tuple[Library, Flow]) -> None:
    library, flow = wecom
    with pytest.raises(BatchError, match='no "name" column'):
        read_batch("employee_id\nE1\n", library, flow)
    with pytest.raises(BatchError, match='the column "team" is neither name'):
        read_batch("name,team\nAnn,x\n", library, flow)
    with pytest.raises(BatchError, match="empty"):
        read_batch("", library, flow)
    assert decode("name\n王小明\n".encode("gb18030")) == "name\n王小明\n", "Excel's Chinese CSV"
    assert decode("\ufeffname\n".encode()) == "name\n"


def test_the_board_says_now_waiting_until_and_done(tmp_path: Path) -> None:
    clock = HandClock(FIXED)
    store = RecordStore(tmp_path / "r", now=clock)
    store.ensure()
    library = load_library([gated_flows(tmp_path)])
    run = Run.start(store, Wizard(library, ["demo", "android", "shared-computer", "yes"]),
                    lang="en", subject="王小明", fields={"employee_id": "E042"})
    [row] = board([run.record], library, clock.current)
    assert (row.state, row.current, row.who) == ("ready", "Back up", "王小明 (E042)")
    run.tick("back-up")
    run.tick("transfer")
    transferred = run.record.step("transfer").at
    assert transferred is not None
    [row] = board([run.record], library, clock.current)
    assert (row.state, row.current) == ("ready", "Look again"), "what can be done meanwhile"
    assert row.waiting_until == transferred + timedelta(hours=24)
    run.tick("look-again")
    [row] = board([run.record], library, clock.current)
    assert (row.state, row.current) == ("waiting", "")
    assert row.waiting_until == transferred + timedelta(hours=24)
    clock.advance(timedelta(hours=25))
    [row] = board([run.record], library, clock.current)
    assert (row.state, row.current) == ("ready", "Check the transfer is complete")
    run.tick("check-transfer")
    run.tick("wipe")
    done = run.finish()
    [row] = board([done], library, clock.current)
    assert (row.state, row.done, row.total) == ("done", 5, 5)


def test_board_lines_line_up_with_chinese_names() -> None:
    from rich.cells import cell_len

    from tui.commands.offboarding import board_line
    from tui.core.board import BoardRow

    rows = [BoardRow("20261206-000000-wecom-1", name, (("employee_id", "E1"),), "", "f",
                     "done", 3, 3, "", (), None) for name in ("王小明", "Li")]
    starts = [cell_len(board_line(r, "en").split(" 3/3")[0]) for r in rows]
    assert starts[0] == starts[1]


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_board_json_is_json_with_no_leavers_yet(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], folder: str) -> None:
    """A script reads `board --json`: with no records folder yet it printed the human
    sentence "No runs name a leaver yet…" instead."""
    import json

    from tui.cli import main

    records = tmp_path / "records"
    if folder == "empty":
        records.mkdir(mode=0o700)
    assert main(["board", "--json", "--records-dir", str(records)]) == 0
    assert json.loads(capsys.readouterr().out) == {"leavers": []}
    assert main(["board", "--records-dir", str(records)]) == 0
    assert "No runs name a leaver yet" in capsys.readouterr().out
