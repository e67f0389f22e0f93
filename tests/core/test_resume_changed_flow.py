"""Resuming a run whose flow changed meanwhile: say what changed, never misapply ticks."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import store_at
from tui.core.engine import Wizard
from tui.core.flows.loader import load_library
from tui.core.run import Run


def test_changed_added_and_removed_steps_are_reported(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, flows)
    store = store_at(tmp_path / "r")
    library = load_library([flows])
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "yes"]),
                    lang="en")
    run.tick("log-out")
    run.tick("demo.check-devices")
    run.tick("close-private")
    record_id = run.record.id
    run.close()

    flow_file = flows / "demo" / "web-shared-computer.toml"
    text = flow_file.read_text(encoding="utf-8")
    text = text.replace('why = { en = "Ends the session.", zh = "结束会话。" }',
                        'why = { en = "Ends the session for good.", zh = "彻底结束会话。" }')
    start = text.index('[[steps]]\nid = "close-private"')
    text = text[:start] + text[start:].replace('id = "close-private"', 'id = "close-window"')
    flow_file.write_text(text, encoding="utf-8")

    resumed, change = Run.resume(store, load_library([flows]), record_id)
    assert change.changed == ["Log out"], "its text changed: do it again"
    assert change.added == ["Close the private window"]
    assert change.removed == ["Close the private window"]
    statuses = {entry.id: entry.status for entry in resumed.record.steps}
    assert statuses["log-out"] == "pending"
    assert statuses["demo.check-devices"] == "done", "an unchanged tick is kept"
    assert statuses["close-window"] == "pending"
    assert statuses["close-private"] == "done", "the old tick stays in the record"
    assert [s.id for s, _ in resumed.items()] == ["log-out", "demo.check-devices",
                                                  "close-window"]
