"""The record index (SQLite, in the cache folder) saves parsing, and never shows anything
that was not read from the record file as it is now: not a stale row, not a row someone
edited in the database, not a line appended to an old index file."""

from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.cli import main
from tui.core.records.chain import verify_chain
from tui.core.records.index import db_path
from tui.core.records.record import Record, StepEntry
from tui.core.records.store import RecordStore


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    original = RecordStore.parse

    def counting(self: RecordStore, name: str, raw: bytes) -> Record:
        parsed.append(name)
        return original(self, name, raw)

    monkeypatch.setattr(RecordStore, "parse", counting)
    return parsed


def _indexed(root: Path) -> RecordStore:
    return RecordStore(root, index_dir=root.parent / "cache")


def _cli_store(root: Path) -> RecordStore:
    """The store the commands use (its index where the commands keep it)."""
    from tui.cli.record_commands import open_store

    return open_store(argparse.Namespace(records_dir=str(root)))


def test_records_finished_by_the_store_are_read_from_the_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    library = fixture_library()
    written = [finished_run(store, library, operator=f"op {n}") for n in range(3)]
    assert not list(store.root.glob(".index*.json*")), "nothing cached in the records folder"
    parsed = _no_parsing(monkeypatch)
    scan = _indexed(store.root).scan()
    assert parsed == [], "the first scan after the finishes parses no TOML"
    assert {r.id: r for r in scan.records} == {r.id: r for r in written}
    assert sorted(s.id for s in _indexed(store.root).summaries().items) == \
        sorted(r.id for r in written)
    assert parsed == []
    assert verify_chain(store).ok


def test_a_file_changed_in_place_is_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, same mtime (set back), same inode: the hash still tells."""
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    record = finished_run(store, fixture_library(), operator="Ann")
    path = store.path_for(record.id)
    _indexed(store.root).scan()
    before = path.stat()
    with open(path, "r+b") as handle:
        raw = handle.read()
        handle.seek(0)
        handle.write(raw.replace(b'operator = "Ann"', b'operator = "Eve"'))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed = _no_parsing(monkeypatch)
    (only,) = _indexed(store.root).scan().records
    assert only.operator == "Eve" and parsed == [path.name]
    (summary,) = _indexed(store.root).summaries().items
    assert summary.operator == "Eve"


def _poison(database: Path, old: bytes, new: bytes) -> int:
    con = sqlite3.connect(database)
    rows = con.execute("SELECT name, summary, record FROM rows").fetchall()
    for name, summary, record in rows:
        con.execute("UPDATE rows SET summary = ?, record = ? WHERE name = ?",
                    (summary.replace(old, new), record.replace(old, new), name))
    con.commit()
    con.close()
    return len(rows)


def test_a_poisoned_database_row_is_never_shown(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    finished_run(store, fixture_library(), operator="Ann", note="checked by Ann")
    database = db_path(tmp_path / "cache", store.root)
    assert _poison(database, b"Ann", b"Eve") == 1
    indexed = _indexed(store.root)
    assert [r.operator for r in indexed.scan().records] == ["Ann"]
    assert _poison(database, b"Ann", b"Eve") == 1, "the rebuilt row is poisoned again"
    assert [s.operator for s in indexed.summaries().items] == ["Ann"]
    _poison(database, b"Ann", b"Eve")
    from tui.commands.records import export

    for fmt in ("md", "csv", "jsonl"):
        _poison(database, b"Ann", b"Eve")
        written = io.StringIO()
        export(indexed, fmt=fmt, out=None, since=None, until=None, platform=None,
               mode=None, subject=None, redact=False, to=written)
        text = written.getvalue()
        assert "Ann" in text and "Eve" not in text, fmt


def test_a_row_made_for_the_current_file_without_the_key_is_refused(tmp_path: Path) -> None:
    """An attacker who can write the cache copies the file's identity and hash into a
    row with forged content; the row's MAC does not hold, so the file is parsed."""
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    finished_run(store, fixture_library(), operator="Ann")
    database = db_path(tmp_path / "cache", store.root)
    con = sqlite3.connect(database)
    con.execute("UPDATE rows SET summary = replace(summary, 'Ann', 'Eve'), "
                "record = replace(record, 'Ann', 'Eve'), summary_mac = zeroblob(32), "
                "record_mac = zeroblob(32)")
    con.commit()
    con.close()
    assert [r.operator for r in _indexed(store.root).scan().records] == ["Ann"]


@pytest.mark.parametrize("value", ["x'00'", "NULL"])
def test_a_row_whose_hash_is_not_text_is_rebuilt_not_a_crash(tmp_path: Path,
                                                             value: str) -> None:
    """Anyone who can write the cache can put a blob or NULL in the hash column (TEXT
    affinity turns numbers into text, not those); the summary read called .encode() on
    it and history died with an AttributeError. The row's MAC fails now, and the file
    is read."""
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    finished_run(store, fixture_library(), operator="Ann")
    con = sqlite3.connect(db_path(tmp_path / "cache", store.root))
    con.execute(f"UPDATE rows SET hash = {value}")
    con.commit()
    con.close()
    assert [s.operator for s in _indexed(store.root).summaries().items] == ["Ann"]
    assert [r.operator for r in _indexed(store.root).scan().records] == ["Ann"]


def test_a_forged_line_in_the_old_journal_shows_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Main trusted `.index-journal.jsonl`: one appended line (the file's real identity,
    forged steps) made export, report and history show the forgery."""
    root = tmp_path / "records"
    store = store_at(root)
    record = finished_run(store, fixture_library(), operator="Ann")
    path = store.path_for(record.id)
    assert main(["history", "--records-dir", str(root)]) == 0  # warm the cache
    info = path.stat()
    forged = json.loads(json.dumps({
        "id": record.id, "flow_id": record.flow_id, "flow_hash": record.flow_hash,
        "platform": record.platform, "surface": record.surface, "goal": record.goal,
        "lang": "en", "started": record.started.isoformat(), "mode": "real",
        "operator": "Mallory", "subject": "", "answers": {},
        "steps": [{"id": s.id, "title": s.title, "status": "done", "note": "FORGED NOTE",
                   "at": record.started.isoformat()} for s in record.steps],
        "outcome": "completed", "finished": record.started.isoformat(), "schema": 1,
        "chain": {"seq": 1, "prev": "0" * 64, "hash": "0" * 64}}))
    line = json.dumps([path.name, [info.st_size, info.st_mtime_ns, info.st_ino], forged])
    (root / ".index-journal.jsonl").write_text(line + "\n")
    capsys.readouterr()
    out = tmp_path / "out.csv"
    assert main(["export", "--records-dir", str(root), "--format", "csv",
                 "--out", str(out)]) == 0
    assert main(["report", "--records-dir", str(root)]) == 0
    assert main(["history", "--records-dir", str(root)]) == 0
    shown = capsys.readouterr().out + out.read_text()
    assert "Mallory" not in shown and "FORGED NOTE" not in shown
    assert "Ann" in shown
    assert not list(root.glob(".index*.json*")), "the old caches are removed"


def test_saving_a_large_run_again_and_again_keeps_the_index_small(tmp_path: Path) -> None:
    """Main appended the whole record to a journal on every save (1.6 GB for a
    10,000-step flow); the index now holds one row per file, replaced."""
    from datetime import datetime, timedelta, timezone

    root = tmp_path / "records"
    store = _cli_store(root)
    store.ensure()
    started = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    record = Record("20261122-090000-demo-big", "demo", "h" * 64, "demo", "web", "g", "en",
                    started, steps=[StepEntry(f"step-{n}", f"Step number {n}")
                                    for n in range(10_000)])
    for n in range(30):
        record.steps[n].status = "done"
        record.steps[n].at = started
        store.save(record)
        _cli_store(root).summaries()
    size = len(store.path_for(record.id).read_bytes())
    cached = sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*") if p.is_file())
    in_folder = sum(p.stat().st_size for p in root.iterdir() if p.is_file())
    assert in_folder < size * 1.2, "no cache beside the record"
    assert cached < size * 4, (cached, size)


def test_history_and_export_follow_changes_made_by_another_process(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    root = tmp_path / "records"
    store = store_at(root)
    finished_run(store, fixture_library(), operator="Ann")
    assert main(["history", "--records-dir", str(root), "--json"]) == 0
    capsys.readouterr()
    script = (
        "import sys\n"
        "from tests.helpers.records import finished_run, fixture_library, store_at\n"
        "from pathlib import Path\n"
        "from datetime import datetime, timedelta, timezone\n"
        "from tests.helpers.records import stepping_clock\n"
        "store = store_at(Path(sys.argv[1]), stepping_clock(datetime(2026, 12, 1, 9, 0, "
        "tzinfo=timezone.utc)), index_dir=Path(sys.argv[2]))\n"
        "finished_run(store, fixture_library(), operator='Bob')\n")
    env = dict(os.environ)
    subprocess.run([sys.executable, "-c", script, str(root),
                    str(Path(env["SIGNOFF_CACHE_DIR"]) / "records-index")],
                   check=True, env=env, cwd=Path(__file__).parents[2])
    assert main(["history", "--records-dir", str(root), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(r["operator"] for r in listed["records"]) == ["Ann", "Bob"]
    out = tmp_path / "out.jsonl"
    assert main(["export", "--records-dir", str(root), "--format", "jsonl",
                 "--out", str(out)]) == 0
    assert sorted(json.loads(line)["operator"] for line in out.read_text().splitlines()
                  if '"operator"' in line and '"steps"' in line) == ["Ann", "Bob"]


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

    from tui.core.records.index_rows import pack, unpack
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
        schema=1, chain=Chain(4, "p" * 64, "h" * 64), ticks=7, key="SHA256:k",
        unsigned="no key", waiting_until=at + timedelta(days=1), class_name="room 3",
        seat="0123abcd", texts="t" * 64, fields={"employee_id": "E042", "ticket": "HR-7"})
    row = pack(record)
    assert len(row) == len(fields(Record)), "one slot per Record field"
    from tui.core.records.index_rows import ROW_FIELDS, TEXTS_FIELD

    assert len(row) == ROW_FIELDS and row[TEXTS_FIELD] == record.texts == "t" * 64
    assert len(row[12][0]) == len(fields(StepEntry)), "one slot per StepEntry field"
    back = unpack(row)
    assert back == record
    assert back.answers is not record.answers, "records from the index share nothing"


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



def test_a_summary_read_drops_the_rows_of_removed_files_and_keeps_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row is handed out once, and the rows nobody asked for are those of files no
    longer in the folder: those go, the others stay (the next read parses nothing)."""
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    library = fixture_library()
    kept, gone = finished_run(store, library), finished_run(store, library)
    store.path_for(gone.id).unlink()
    assert [s.id for s in _indexed(store.root).summaries().items] == [kept.id]
    con = sqlite3.connect(db_path(tmp_path / "cache", store.root))
    assert [name for (name,) in con.execute("SELECT name FROM rows")] == [f"{kept.id}.toml"]
    con.close()
    parsed = _no_parsing(monkeypatch)
    assert [s.id for s in _indexed(store.root).summaries().items] == [kept.id]
    assert parsed == []


@pytest.mark.parametrize("pick", ["every", "every third", "first and last", "out of order"])
def test_prefetch_reads_the_rows_asked_for_and_no_others(tmp_path: Path, pick: str) -> None:
    """prefetch reads a range of names in name order (at most twice as many rows as
    asked for, the rest by name) and any other list by name: either way exactly the
    rows asked for are held, and each is the row a lookup by name gives."""
    from tui.core.records.index import RecordIndex

    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    library = fixture_library()
    for n in range(10):
        finished_run(store, library, operator=f"op {n}")
    names = store.names()
    asked = {"every": names, "every third": names[::3], "first and last": [names[0], names[-1]],
             "out of order": [names[5], names[1], names[8]]}[pick]
    index = RecordIndex(store.root, store.index_dir)
    index.prefetch(asked)
    held = dict(index._prefetched)
    assert sorted(held) == sorted(asked)
    for name in asked:
        assert index.con is not None
        assert held[name] == tuple(index.con.execute(
            "SELECT size, mtime, ino, ctime, hash, record, record_mac FROM rows WHERE name = ?",
            (name,)).fetchone())
    index.close()
