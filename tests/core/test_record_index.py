"""The record index is warm after the store writes a record (no first slow scan), and it
still never shows stale data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core.records.chain import verify_chain
from tui.core.records.index import JOURNAL_FILE
from tui.core.records.record import Record
from tui.core.records.store import RecordStore


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


def test_the_index_keeps_every_field_of_a_record() -> None:
    """pack/unpack must cover Record field by field: a field added to Record and not to
    the index would come back as its default and make this fail."""
    from dataclasses import fields
    from datetime import datetime, timedelta, timezone

    from tui.core.records.index import pack, unpack
    from tui.core.records.record import Chain, StepEntry

    tz = timezone(timedelta(hours=-5))
    at = datetime(2026, 1, 2, 3, 4, 5, tzinfo=tz)
    record = Record(
        id="20260102-030405-demo-1", flow_id="f", flow_hash="h", platform="p", surface="s",
        goal="g", lang="zh", started=at, mode="practice", operator="o", subject="王",
        answers={"q": "a"},
        steps=[StepEntry("a", "A", "skipped", at, "why", "note", True, 3, "d"),
               StepEntry("b", "B")],
        outcome="incomplete", finished=at + timedelta(minutes=5), app_version="9",
        schema=1, chain=Chain(4, "p" * 64, "h" * 64), ticks=7,
        fields={"employee_id": "E042", "ticket": "HR-7"})
    row = pack(record)
    assert len(row) == len(fields(Record)), "one slot per Record field"
    assert len(row[12][0]) == len(fields(StepEntry)), "one slot per StepEntry field"
    back = unpack(row)
    assert back == record
    assert back.answers is not record.answers, "records from the index share nothing"


def test_an_index_whose_checksum_fails_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.records.index import INDEX_FILE

    store = store_at(tmp_path / "r")
    record = finished_run(store, fixture_library(), operator="Ann")
    store.scan()
    index = store.root / INDEX_FILE
    raw = index.read_bytes()
    assert b"Ann" in raw
    index.write_bytes(raw.replace(b"Ann", b"Eve"))  # same shape, checksum no longer holds
    parsed = _no_parsing(monkeypatch)
    (only,) = RecordStore(store.root).scan().records
    assert only.operator == "Ann" and parsed == [f"{record.id}.toml"]


def test_newest_lists_the_last_files_by_name(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    written = [finished_run(store, library) for _ in range(4)]
    (store.root / ".hidden.toml").write_text("")
    (store.root / "notes.txt").write_text("")
    for n in range(40):  # more other files above the records than newest() first looks at
        (store.root / f"zz-{n}.txt").write_text("")
    ids = sorted(r.id for r in written)
    assert [p.stem for p in store.newest(2)] == ids[::-1][:2]
    assert [p.stem for p in store.newest(10)] == ids[::-1]
    assert [p.name for p in store.files()] == [f"{i}.toml" for i in ids]


def test_summaries_are_read_without_the_records_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.records.index import INDEX_FILE, SUMMARY_FILE

    store = store_at(tmp_path / "r")
    library = fixture_library()
    written = [finished_run(store, library) for _ in range(2)]
    RecordStore(store.root).scan()
    assert (store.root / SUMMARY_FILE).exists(), "a scan folds the journal into both files"
    (store.root / INDEX_FILE).write_bytes(b"not an index")
    parsed = _no_parsing(monkeypatch)
    found = RecordStore(store.root).summaries()
    assert sorted(s.id for s in found.items) == sorted(r.id for r in written)
    assert parsed == [] and (store.root / INDEX_FILE).read_bytes() == b"not an index"
    assert len(RecordStore(store.root).scan().records) == 2
    assert len(parsed) == 2, "the records file was broken, so the scan parsed the files"


def test_a_file_parsed_for_a_list_is_not_parsed_again_for_an_export(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.records.index import INDEX_FILE, JOURNAL_FILE, SUMMARY_FILE

    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    for cache in (INDEX_FILE, SUMMARY_FILE, JOURNAL_FILE):
        (store.root / cache).unlink(missing_ok=True)
    parsed = _no_parsing(monkeypatch)
    RecordStore(store.root).summaries()
    RecordStore(store.root).scan()
    assert len(parsed) == 1
