"""The record index is warm after the store writes a record (no first slow scan), and it
still never shows stale data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.records_helpers import finished_run, fixture_library, store_at
from tui.core.record_index import JOURNAL_FILE
from tui.core.records import Record
from tui.core.store import RecordStore
from tui.core.verify import verify_chain


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = RecordStore.load_file

    def counting(self: RecordStore, path: Path) -> Record:
        parsed.append(path.name)
        return original(self, path)

    monkeypatch.setattr(RecordStore, "load_file", counting)
    return parsed


def test_records_written_by_the_store_are_read_from_the_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    written = [finished_run(store, library, operator=f"op {n}") for n in range(3)]
    assert (store.root / JOURNAL_FILE).exists(), "every write is noted in the journal"
    fresh = RecordStore(store.root)  # another process, later
    parsed = _no_parsing(monkeypatch)
    scan = fresh.scan()
    assert parsed == [], "the first scan after the writes parses no TOML"
    assert sorted(r.id for r in scan.records) == sorted(r.id for r in written)
    assert {r.id: r for r in scan.records} == {r.id: r for r in written}, \
        "what the index gives back is exactly what was written"
    assert not (store.root / JOURNAL_FILE).exists(), "the scan folded the journal in"
    assert verify_chain(fresh).ok


def test_a_file_changed_after_it_was_noted_is_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = store_at(tmp_path / "r")
    record = finished_run(store, fixture_library())
    path = store.path_for(record.id)
    path.write_bytes(path.read_bytes().replace(b'operator = ""', b'operator = "Eve"'))
    parsed = _no_parsing(monkeypatch)
    (only,) = RecordStore(store.root).scan().records
    assert only.operator == "Eve" and parsed == [path.name]


def test_a_torn_journal_line_is_ignored(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    with open(store.root / JOURNAL_FILE, "ab") as handle:
        handle.write(b'["20990101-000000-x-1.toml", [1, 2')
    assert len(RecordStore(store.root).scan().records) == 1


def test_open_runs_lists_only_runs_in_progress(tmp_path: Path) -> None:
    from tui.core.engine import Wizard
    from tui.core.run import Run

    store = store_at(tmp_path / "r")
    library = fixture_library()
    finished_run(store, library)
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                    lang="en")
    (store.root / "20990101-000000-demo-bad.toml").write_text("not = [toml")
    scan = store.open_runs()
    assert [r.id for r in scan.records] == [run.record.id]
    assert [d.name for d in scan.damaged] == ["20990101-000000-demo-bad.toml"]
    assert [r.id for r in store.in_progress()] == [run.record.id]
