"""`signoff history` lists summaries from the index: the same lines, whether the index is
cold or warm, as computed from the full records."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands import history as listing
from tui.commands.records import history
from tui.core.records.record import Record, RecordDamaged
from tui.core.records.store import RecordStore
from tui.core.records.summary import Summary, of_record
from tui.core.safe_text import json_literal


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


def _as_json_dumps_wrote_it(items: list[Summary], damaged: list[RecordDamaged]) -> str:
    """The JSON as `history --json` made it before it was streamed: one json.dumps."""
    return json_literal(json.dumps({
        "records": [{
            "id": r.id, "started": r.started.isoformat(),
            "finished": r.finished.isoformat() if r.finished else None,
            "flow": r.flow_id, "platform": r.platform, "surface": r.surface,
            "goal": r.goal, "mode": r.mode, "outcome": r.outcome,
            "operator": r.operator, "subject": r.subject, "fields": dict(r.fields),
            "progress": r.progress,
        } for r in items],
        "damaged": [{"file": d.name, "reason": d.reason} for d in damaged],
    }, ensure_ascii=False, indent=1))


STRANGE = ['plain', 'quote " and \\ backslash', "tab\tnew\nline\r\x00\x1b[2J", "中文 名字",
           "bidi \u202e \u2066 line \u2028 para \u2029 c1 \x85 del \x7f", "lone \udcff"]


@pytest.mark.parametrize("count", [0, 1, 2, 5])
@pytest.mark.parametrize("broken", [0, 1, 3])
def test_streamed_json_is_byte_identical_to_json_dumps(
        monkeypatch: pytest.MonkeyPatch, count: int, broken: int) -> None:
    """Every string through the same encoder, in json.dumps(indent=1)'s layout, across
    pieces (of two records, and CHUNK 2 for the damaged), for empty and non-empty lists
    and HR fields."""
    monkeypatch.setattr(listing, "CHUNK", 2)
    start = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    items = [Summary(
        id=f"20261122-0900{n:02d}-demo-{n:04x}", started=start + timedelta(minutes=n),
        finished=None if n % 2 else start + timedelta(hours=n, microseconds=n),
        flow_id=STRANGE[n % 6], platform=STRANGE[(n + 1) % 6], surface="web",
        goal=STRANGE[(n + 2) % 6], mode="real", outcome="completed",
        operator=STRANGE[(n + 3) % 6], subject=STRANGE[(n + 4) % 6], done=n, applicable=5,
        seq=n or None, fields=() if n % 3 == 0 else tuple(
            (STRANGE[(n + k) % 6] + str(k), STRANGE[(n + k + 1) % 6]) for k in range(n % 3)))
        for n in range(count)]
    damaged = [RecordDamaged(STRANGE[n] + ".toml", STRANGE[n + 1]) for n in range(broken)]
    texts = [listing.entry(_as_row(item)) for item in items]
    pieces = [",\n".join(texts[n:n + 2]) for n in range(0, len(texts), 2)]  # as parts join them
    assert "".join(p if isinstance(p, str) else p.text()
                   for p in listing.json_chunks(pieces, damaged)) == \
        _as_json_dumps_wrote_it(items, damaged)


def _as_row(s: Summary) -> list[object]:
    """The summary as the index keeps it (summary.summarize's list)."""
    return [s.id, s.started.isoformat(), s.finished.isoformat() if s.finished else None,
            s.flow_id, s.platform, s.surface, s.goal, s.mode, s.outcome, s.operator,
            s.subject, s.done, s.applicable, s.seq, s.class_name, s.seat,
            s.waiting_until.isoformat() if s.waiting_until else None, dict(s.fields)]
