"""The folder overview gives the start screen the open runs and the reviews due without
reading every record: only the files that were not sealed when last looked at, unless
the folder's list of files changed. It must still see every change the folder's
identity shows, and never trust an overview someone edited in the cache."""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers.records import TZ, finished_run, fixture_library, store_at
from tui.core.engine import Wizard
from tui.core.records import overview as overview_module
from tui.core.records import overview_table
from tui.core.records.index import db_path
from tui.core.records.overview import Overview, fold, read_overview
from tui.core.records.overview_table import Stored
from tui.core.records.store import RecordStore
from tui.core.records.summary import Summary
from tui.core.reports.due import reviews_due
from tui.core.run import Run
from tui.runtime.stop import Stopped, stoppable

HOUR_AGO = time.time() - 3600


def _store(tmp_path: Path) -> RecordStore:
    return store_at(tmp_path / "r", index_dir=tmp_path / "cache")


def _open_run(store: RecordStore) -> Run:
    return Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer", "yes",
                                                       "no"]), lang="en")


def _settle(store: RecordStore) -> Overview:
    """Make the folder's last change an hour old (not "racy"), then read the overview
    once so that it is stored against that folder identity."""
    os.utime(store.root, (HOUR_AGO, HOUR_AGO))
    found = read_overview(store)
    assert found is not None
    return found


def test_an_unchanged_folder_reads_only_its_open_runs(tmp_path: Path) -> None:
    """Sealed records are not read again: one rewritten in place (which does not change
    the folder) is neither parsed nor reported. The old start screen read every file's
    tail and parsed each one without a seal, so it reported this one as damaged."""
    store = _store(tmp_path)
    library = fixture_library()
    sealed = [finished_run(store, library) for _ in range(3)]
    run = _open_run(store)
    first = _settle(store)
    assert [r.id for r in first.open] == [run.record.id]
    for record in sealed:
        store.path_for(record.id).write_bytes(b"not a record any more")  # in place
    again = store.open_runs()
    assert [r.id for r in again.records] == [run.record.id]
    assert again.damaged == [], "a sealed record was read at start"
    assert read_overview(store) is not None
    assert store.overview().latest == first.latest


def test_new_finished_and_removed_records_are_seen(tmp_path: Path) -> None:
    store = _store(tmp_path)
    library = fixture_library()
    kept = finished_run(store, library)
    _settle(store)
    run = _open_run(store)  # a new file: the folder's mtime moves
    assert [r.id for r in store.open_runs().records] == [run.record.id]
    for step, _ in run.items():
        run.tick(step.id)
    done = run.finish()
    found = store.overview()
    assert found.open == []
    assert found.latest == {"demo": [None, done.finished.isoformat() if done.finished else None]}
    _settle(store)
    store.path_for(done.id).unlink()  # a counted record went away: rebuilt without it
    assert store.overview().latest == {
        "demo": [None, kept.finished.isoformat() if kept.finished else None]}


def test_reviews_from_the_overview_match_reviews_from_every_record() -> None:
    """fold + for_reviews keep exactly what reviews_due needs of every record."""
    start = datetime(2026, 1, 1, 9, 0, tzinfo=TZ)
    kinds = itertools.product(("demo", "chat"), ("routine-review", "shared-computer"),
                              ("real", "practice"), ("completed", "abandoned"))
    items = [Summary(f"r{n}", start, start + timedelta(days=n * 7) if n % 5 else None,
                     "f", platform, "web", goal, mode, outcome, "", "", 1, 1, n)
             for n, (platform, goal, mode, outcome) in enumerate(kinds)]
    items += [Summary("only-practice", start, start, "f", "mail", "web", "routine-review",
                      "practice", "completed", "", "", 1, 1, 99)]
    latest: dict[str, list[str | None]] = {}
    for item in items:
        fold(latest, item)
    for today in (date(2026, 1, 2), date(2026, 6, 1), date(2027, 1, 1)):
        assert reviews_due(Overview(latest=latest).for_reviews(), today, 30, {"chat": 7}) == \
            reviews_due(items, today, 30, {"chat": 7})


def _tables(store: RecordStore) -> sqlite3.Connection:
    assert store.index_dir is not None
    return sqlite3.connect(db_path(store.index_dir, store.root), isolation_level=None)


def test_an_edited_overview_is_not_trusted(tmp_path: Path) -> None:
    """Someone who can write the cache folder tries to hide the open run: by editing the
    stored overview, or by listing the run among the counted (sealed) names."""
    store = _store(tmp_path)
    finished_run(store, fixture_library())
    run = _open_run(store)
    _settle(store)
    name = store.path_for(run.record.id).name
    with _tables(store) as con:
        (blob,) = con.execute("SELECT blob FROM folder_overview WHERE id = 1").fetchone()
        con.execute("UPDATE folder_overview SET blob = ? WHERE id = 1",
                    (blob.replace(name.encode(), b""),))
    assert [r.id for r in store.open_runs().records] == [run.record.id]
    _settle(store)
    with _tables(store) as con:
        (names,) = con.execute("SELECT blob FROM folder_overview WHERE id = 2").fetchone()
        con.execute("UPDATE folder_overview SET blob = ? WHERE id = 2",
                    (names + f"{name}\n".encode(),))
    os.utime(store.root, (HOUR_AGO + 1, HOUR_AGO + 1))  # so that the folder is listed
    assert [r.id for r in store.open_runs().records] == [run.record.id]


def test_counted_names_from_another_time_are_not_used(tmp_path: Path) -> None:
    """The counted names are bound to the overview they were written with: an older
    row, authentic but put back, is not taken (the folder is read in full instead)."""
    store = _store(tmp_path)
    finished_run(store, fixture_library())
    _settle(store)
    with _tables(store) as con:
        old = con.execute("SELECT blob, mac FROM folder_overview WHERE id = 2").fetchone()
    finished_run(store, fixture_library())
    _settle(store)
    with _tables(store) as con:
        con.execute("UPDATE folder_overview SET blob = ?, mac = ? WHERE id = 2", old)
    index = store._index()
    try:
        stored = Stored(index)
        state = stored.load()
        assert state is not None and stored.counted(state) is None
    finally:
        index.close()


def test_a_folder_changed_just_now_is_listed_again(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A change within the same tick of the file system's clock may leave the folder's
    identity as it was; an overview stored within two seconds of a change is therefore
    checked against a listing next time. Here the identity never changes at all."""
    store = _store(tmp_path)
    monkeypatch.setattr(overview_table, "dir_key", lambda info: [1, 2, 3, 4])
    assert store.open_runs().records == []  # stored: the folder was just made (racy)
    run = _open_run(store)
    assert [r.id for r in store.open_runs().records] == [run.record.id]


def test_a_stopped_read_ends_early(tmp_path: Path) -> None:
    store = _store(tmp_path)
    finished_run(store, fixture_library())
    stop = threading.Event()
    stop.set()
    with stoppable(stop), pytest.raises(Stopped):
        store.overview()
    assert [r.id for r in store.open_runs().records] == []  # and nothing was left broken


def test_without_an_index_the_files_are_read(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    done = finished_run(store, library)
    run = _open_run(store)
    assert read_overview(store) is None
    found = store.overview()
    assert [r.id for r in found.open] == [run.record.id]
    assert found.latest == {"demo": [None, done.finished.isoformat() if done.finished
                                     else None]}



def test_an_empty_folder_needs_no_index(tmp_path: Path) -> None:
    """A new user's first start: nothing to count, so no index key is made and the
    index is not opened."""
    store = _store(tmp_path)
    assert read_overview(store) == Overview()
    assert not (store.root / ".index-key").exists()
    assert not (tmp_path / "cache").exists()


def test_the_newest_names_come_from_an_unchanged_folder_only(tmp_path: Path) -> None:
    """The History screen's first screenful without listing the folder: only while the
    folder is as it was when the overview was stored."""
    from tui.core.records.overview import newest_names

    store = _store(tmp_path)
    library = fixture_library()
    for _ in range(4):
        finished_run(store, library)
    _settle(store)
    listed = sorted(store.names(), reverse=True)
    assert newest_names(store, 3) == listed[:3]
    run = _open_run(store)
    assert newest_names(store, 3) is None, "a new file: the folder must be listed"
    _settle(store)
    assert newest_names(store, 2) == sorted([*listed, f"{run.record.id}.toml"],
                                            reverse=True)[:2]


def test_a_full_read_leaves_an_overview_for_the_next_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`signoff history` read every summary anyway: the first start after it (a new
    index, say after an upgrade) does not read them all a second time."""
    store = _store(tmp_path)
    library = fixture_library()
    done = [finished_run(store, library) for _ in range(3)]
    run = _open_run(store)
    os.utime(store.root, (HOUR_AGO, HOUR_AGO))
    assert len(store.summaries().items) == 4

    def no_listing(*args: object) -> Overview:
        raise AssertionError("the folder was listed again")

    monkeypatch.setattr(overview_module, "_reconcile", no_listing)
    found = store.overview()
    assert [r.id for r in found.open] == [run.record.id]
    last = max(r.finished for r in done if r.finished is not None)
    assert found.latest == {"demo": [None, last.isoformat()]}


def test_odd_file_names_are_reported_and_do_not_break_the_overview(tmp_path: Path) -> None:
    """Names that are not UTF-8, or hold a newline or markup, are damaged files like any
    other: reported on every start, never counted, and the overview still stores."""
    store = _store(tmp_path)
    finished_run(store, fixture_library())
    root = os.fsencode(store.root)
    for odd in (b"\xff\xfe.toml", b"two\nlines.toml", b"[red]x.toml"):
        with open(os.path.join(root, odd), "wb") as out:
            out.write(b"id = 1\n")
    for _ in range(2):
        os.utime(store.root, (HOUR_AGO, HOUR_AGO))
        found = store.overview()
        assert sorted(d.name for d in found.damaged) == sorted(
            os.fsdecode(n) for n in (b"\xff\xfe.toml", b"two\nlines.toml", b"[red]x.toml"))
        assert found.open == [] and list(found.latest) == ["demo"]
    index = store._index()
    try:
        stored = Stored(index)
        state = stored.load()
        assert state is not None and stored.counted(state) is not None
    finally:
        index.close()
