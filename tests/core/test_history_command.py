"""`signoff history` lists summaries from the index: the same lines, whether the index is
cold or warm, as computed from the full records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands.records import history
from tui.core.records.record import Record
from tui.core.records.store import RecordStore
from tui.core.records.summary import of_record


def _expected(records: list[Record]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for r in sorted(records, key=lambda r: (r.started, r.id)):
        applicable = [s for s in r.steps if s.status != "not-applicable"]
        done = sum(s.status in ("done", "skipped") for s in applicable)
        out.append({"id": r.id, "started": r.started.isoformat(),
                    "finished": r.finished.isoformat() if r.finished else None,
                    "flow": r.flow_id, "platform": r.platform, "surface": r.surface,
                    "goal": r.goal, "mode": r.mode, "outcome": r.outcome,
                    "operator": r.operator, "subject": r.subject, "fields": r.fields,
                    "progress": f"{done}/{len(applicable)}"})
    return out


@pytest.mark.parametrize("state", ["finished", "warm", "cold"])
def test_history_from_summaries_matches_the_records(tmp_path: Path, state: str) -> None:
    from tui.core.engine import Wizard
    from tui.core.run import Run

    cache = tmp_path / "cache"
    store = store_at(tmp_path / "r", index_dir=cache)
    library = fixture_library()
    finished_run(store, library, operator="Ann", subject="王小明",
                 fields={"employee_id": "E042"})
    finished_run(store, library, answers=("no",), mode="practice")
    open_run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                         lang="en")
    open_run.tick(open_run.items()[0][0].id)
    records = RecordStore(store.root).scan(use_index=False).records
    assert len(records) == 3
    if state == "warm":
        RecordStore(store.root, index_dir=cache).scan()
    elif state == "cold":
        shutil.rmtree(cache)
    fresh = RecordStore(store.root, index_dir=cache)
    listed = json.loads(history(fresh, as_json=True))
    assert listed == {"records": _expected(records), "damaged": []}
    assert sorted(fresh.summaries().items, key=lambda s: s.id) == \
        sorted((of_record(r) for r in records), key=lambda s: s.id)
    text = history(fresh, as_json=False).splitlines()
    assert [line.split()[0] for line in text] == [r["id"] for r in _expected(records)]
    assert any(" practice " in line for line in text)
    assert any("王小明 (E042)" in line for line in text)


def test_summaries_name_damaged_files(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    (store.root / "20990101-000000-demo-bad.toml").write_text("not = [toml")
    found = RecordStore(store.root).summaries()
    assert len(found.items) == 1
    assert [d.name for d in found.damaged] == ["20990101-000000-demo-bad.toml"]
