"""Files without an index row are parsed in two processes when there are many
(parse_files.py), and the index writes its queue as it grows (index.WRITE_EVERY): a
first read of 100,000 records took 38 s and 392 MiB for `history`, 43 s and 398 MiB
for an export after a first verify."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core.records import index as index_module
from tui.core.records import parse_files as parse_module
from tui.core.records.index import RecordIndex
from tui.core.records.parse_files import parse_files
from tui.core.records.record import RecordDamaged
from tui.core.records.store import RecordStore
from tui.core.records.summary import summarize


def folder(tmp_path: Path, count: int) -> tuple[RecordStore, list[str]]:
    """`count` finished records and two damaged files among them, and a store over them
    whose index is empty."""
    made = store_at(tmp_path / "records")
    library = fixture_library()
    for n in range(count):
        finished_run(made, library, operator=f"op {n}")
    (made.root / "20261122-000000-demo-bad.toml").write_text("not = [toml")
    (made.root / "20991231-235959-demo-late.toml").write_bytes(b"\xff\xfe")
    store = RecordStore(made.root, index_dir=tmp_path / "cache")
    return store, store.names()


def test_parsed_in_two_processes_as_in_one(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "SPLIT_FROM", 4)
    store, names = folder(tmp_path, 9)
    pids = tmp_path / "pids"
    pids.mkdir()
    real = RecordStore.parse

    def parse(self: RecordStore, name: str, raw: bytes) -> object:
        (pids / str(os.getpid())).touch()
        return real(self, name, raw)

    monkeypatch.setattr(RecordStore, "parse", parse)
    one = parse_files(store, names, RecordIndex(store.root, None), workers=1)
    index = store._index()
    two = parse_files(store, names, index, workers=2)
    assert len(list(pids.iterdir())) == 2, "the second half was parsed by a child"
    assert [str(x) if isinstance(x, RecordDamaged) else x for x in two] \
        == [str(x) if isinstance(x, RecordDamaged) else x for x in one]
    assert sum(isinstance(x, RecordDamaged) for x in two) == 2
    assert index.con is not None, "the parent's connection is open again"
    index.save()
    index.close()
    fresh = store._index()  # every good file's row was written, by either process
    for name, got in zip(names, two, strict=True):
        if isinstance(got, RecordDamaged):
            continue
        key = index_module.file_key(os.stat(store.root / name))
        summary = fresh.get_summary(name, key)
        assert summary is not None, name
        assert summarize(store.load_file(store.root / name)) == got
    fresh.close()


def test_a_child_that_fails_leaves_the_work_to_the_parent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "SPLIT_FROM", 4)
    store, names = folder(tmp_path, 6)
    parent = os.getpid()
    real = RecordStore.parse

    def parse(self: RecordStore, name: str, raw: bytes) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real(self, name, raw)

    monkeypatch.setattr(RecordStore, "parse", parse)
    got = parse_files(store, names, store._index(), workers=2)
    assert len(got) == len(names)
    assert sum(isinstance(x, RecordDamaged) for x in got) == 2


def test_the_index_writes_its_queue_as_it_grows(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "WRITE_EVERY", 3)
    store, names = folder(tmp_path, 7)
    index = store._index()
    queued = []
    for name in names:
        if "demo-bad" in name or "demo-late" in name:
            continue
        raw = (store.root / name).read_bytes()
        index.put(name, index_module.file_key(os.stat(store.root / name)), raw,
                  store.parse(name, raw))
        queued.append(len(index._pending))
    assert max(queued) < 3, queued
    assert index.con is not None
    written = index.con.execute("SELECT count(*) FROM rows").fetchone()[0]
    assert written == 6, "written before any save"
    index.close()
