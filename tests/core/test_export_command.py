"""`signoff export` reads records one at a time, chosen by their summaries: its text is
what rendering the full scan, filtered, gives, for every format and filter, with the
index cold, warm or broken, and damaged files are still named."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, stepping_clock, store_at
from tui.commands.records import export, shown_texts, verify
from tui.core.records.head import current_witness
from tui.core.records.index import db_path
from tui.core.records.store import RecordStore
from tui.core.reports.export import render, select

FILTERS: list[dict[str, str | None]] = [
    {},
    {"since": "2026-11-23"},
    {"until": "2026-11-22"},
    {"since": "2026-11-22", "until": "2026-11-22", "mode": "practice"},
    {"platform": "demo", "subject": "王"},
    {"platform": "nothing"},
]


def _folder(tmp_path: Path) -> Path:
    clock = stepping_clock(datetime(2026, 11, 23, 1, 0, tzinfo=timezone(timedelta(hours=8))),
                           step=timedelta(minutes=-13))  # chain order is not name order
    store = store_at(tmp_path / "r", clock)
    library = fixture_library()
    for n in range(4):
        finished_run(store, library, mode="practice" if n % 2 else "real",
                     subject="王小明" if n == 2 else f"s{n}", operator=f"op {n}",
                     note="=1+1" if n == 1 else "")
    (store.root / "20260101-000000-demo-bad.toml").write_text("not = [toml")
    return store.root


@pytest.mark.parametrize("state", ["warm", "cold", "broken", "overview", "overview, cold rows"])
@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_export_equals_the_filtered_scan(tmp_path: Path, fmt: str, state: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """"overview": the index holds a folder overview, so verify picks the records as it
    reads each file (picks.py) instead of a summaries pass; "cold rows": and the rows
    are not there to take summaries from."""
    from tui.core.records.picks import overview_kept

    root = _folder(tmp_path)
    full = RecordStore(root).scan(use_index=False).records
    assert len(full) == 4
    cache = tmp_path / "cache"
    RecordStore(root, index_dir=cache).scan()
    if state.startswith("overview"):
        RecordStore(root, index_dir=cache).summaries()  # a full read leaves an overview
        assert overview_kept(RecordStore(root, index_dir=cache))
        if state.endswith("cold rows"):
            import sqlite3

            with sqlite3.connect(db_path(cache, root)) as con:
                con.execute("DELETE FROM rows")
            con.close()
    elif state == "cold":
        db_path(cache, root).unlink()
    elif state == "broken":
        db_path(cache, root).write_bytes(b"SQLite format 3\0not a database at all")
    for filters in FILTERS:
        for redact in (False, True):
            since, until = filters.get("since"), filters.get("until")
            expected = render(select(
                full, since=date.fromisoformat(since) if since else None,
                until=date.fromisoformat(until) if until else None,
                platform=filters.get("platform"), mode=filters.get("mode"),
                subject=filters.get("subject")), fmt, redact=redact,
                head=current_witness(root), shown=shown_texts(RecordStore(root)),
                verified=verify(RecordStore(root))[1].splitlines()[-1])
            written = io.StringIO()
            export(RecordStore(root, index_dir=cache), fmt=fmt, out=None, since=since, until=until,
                   platform=filters.get("platform"), mode=filters.get("mode"),
                   subject=filters.get("subject"), redact=redact, to=written)
            assert written.getvalue() == expected, (filters, redact)
            assert "20260101-000000-demo-bad.toml" in capsys.readouterr().err
    days = {r.started.date() for r in full}
    assert days == {date(2026, 11, 22), date(2026, 11, 23)}, "the date filters split them"


def test_export_to_a_file_counts_what_it_wrote(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = _folder(tmp_path)
    target = tmp_path / "out.csv"
    screen = io.StringIO()
    export(RecordStore(root), fmt="csv", out=str(target), since=None, until=None,
           platform=None, mode="practice", subject=None, redact=False, to=screen)
    assert screen.getvalue() == ""
    assert "wrote 2 record(s)" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8").count("practice") >= 2


@pytest.mark.parametrize("fmt", ["md", "csv", "jsonl"])
def test_every_export_starts_with_the_chain_head(tmp_path: Path, fmt: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The witness travels with the export, and each format stays valid."""
    from tui import cli

    store = store_at(tmp_path / "records")
    library = fixture_library()
    finished_run(store, library)
    last = finished_run(store, library)
    assert last.chain is not None
    head = f"2:{last.chain.hash[:16]}"
    assert cli.main(["export", "--format", fmt]) == 0
    text = capsys.readouterr().out
    if fmt == "md":
        assert text.startswith(f"# signoff records\n\nChain head: `{head}`")
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        assert rows and {row["chain_head"] for row in rows} == {head}
        assert {row["record"] for row in rows} == {r.id for r in store.scan().records}
    else:
        lines = [json.loads(line) for line in text.splitlines()]
        assert lines[0]["signoff_export"]["chain_head"] == head
        verdict = lines[0]["signoff_export"]["verify"]  # (unsigned records: FAILED)
        assert verdict.startswith(("OK", "FAILED")) and verdict.endswith(f"head {head}")
        assert [line["id"] for line in lines[1:]] == sorted(r.id for r in store.scan().records)


@pytest.mark.parametrize("broken", [False, True])
def test_records_claiming_one_place_keep_the_scans_order(tmp_path: Path, broken: bool) -> None:
    """Without filters, verify's picks order a sealed record by its seal's place alone
    (picks.Picks.offer). Records that claim one place, each with its own name, are
    ordered as the scan orders them: by start time, not by name. `broken`: the copies'
    seals no longer hold (edited after sealing), so they are ordered by their summaries
    and the original by its seal."""
    from dataclasses import replace

    from tui.core.records.picks import overview_kept
    from tui.core.records.record import seal

    root = _folder(tmp_path)
    store = RecordStore(root)
    second = next(r for r in store.scan(use_index=False).records
                  if r.chain is not None and r.chain.seq == 2)
    assert second.chain is not None
    for rid, minutes in (("20200101-000000-demo-aaa", 30), ("20200101-000000-demo-zzz", -30)):
        _, raw = seal(replace(second, id=rid, chain=None,
                              started=second.started + timedelta(minutes=minutes)),
                      2, second.chain.prev)
        if broken:
            raw = raw.replace(b'\n[chain]\n', b'\n# edited\n[chain]\n')
        (root / f"{rid}.toml").write_bytes(raw)
    cache = tmp_path / "cache"
    RecordStore(root, index_dir=cache).summaries()  # the rows, and an overview
    assert overview_kept(RecordStore(root, index_dir=cache))
    full = RecordStore(root).scan(use_index=False).records
    expected = render(select(full), "csv", redact=False, head=current_witness(root),
                      shown=shown_texts(RecordStore(root)),
                      verified=verify(RecordStore(root))[1].splitlines()[-1])
    written = io.StringIO()
    export(RecordStore(root, index_dir=cache), fmt="csv", out=None, since=None, until=None,
           platform=None, mode=None, subject=None, redact=False, to=written)
    assert written.getvalue() == expected
    ids = [row["record"] for row in csv.DictReader(io.StringIO(expected.lstrip("\ufeff")))]
    placed = [i for i in dict.fromkeys(ids) if i in (second.id, "20200101-000000-demo-aaa",
                                                     "20200101-000000-demo-zzz")]
    assert placed == ["20200101-000000-demo-zzz", second.id, "20200101-000000-demo-aaa"]


def test_a_tied_record_whose_row_went_is_still_exported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a tied record's summary row be gone when the picks order the tie (another
    signoff rebuilding the index meanwhile), it is placed by its seal and its id, not
    dropped."""
    from dataclasses import replace

    from tui.core.records.index import RecordIndex
    from tui.core.records.record import seal

    root = _folder(tmp_path)
    second = next(r for r in RecordStore(root).scan(use_index=False).records
                  if r.chain is not None and r.chain.seq == 2)
    assert second.chain is not None
    rid = "20200101-000000-demo-aaa"
    _, raw = seal(replace(second, id=rid, chain=None), 2, second.chain.prev)
    (root / f"{rid}.toml").write_bytes(raw)
    cache = tmp_path / "cache"
    RecordStore(root, index_dir=cache).summaries()
    monkeypatch.setattr(RecordIndex, "get_summary", lambda *args, **kwargs: None)
    written = io.StringIO()
    export(RecordStore(root, index_dir=cache), fmt="csv", out=None, since=None, until=None,
           platform=None, mode=None, subject=None, redact=False, to=written)
    ids = list(dict.fromkeys(row["record"] for row in csv.DictReader(
        io.StringIO(written.getvalue().lstrip("\ufeff")))))
    assert len(ids) == 5 and ids.index(rid) == ids.index(second.id) - 1
