"""`signoff history` from the index's lists (tui.core.records.listing), in one process
or two, writes byte for byte what it wrote from Summary objects, over odd records:
offsets of every kind, microseconds, equal start times, hostile and Chinese text, HR
fields, an open run, practice runs, damaged files and a name that is not UTF-8; and
rows the index must not be trusted for are not used."""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.core.test_history_command import _as_json_dumps_wrote_it
from tests.core.test_verify_in_two import _no_other_threads
from tests.helpers.records import counter, finished_run, fixture_library, stepping_clock
from tui.commands.records import history
from tui.core.engine import Wizard
from tui.core.records import listing, parse_files
from tui.core.records.files import HEAD_FILE
from tui.core.records.index import db_path
from tui.core.records.listing_parts import Packed
from tui.core.records.store import RecordStore
from tui.core.records.summary import Summary
from tui.core.records.summary_rows import SummaryRow
from tui.core.run import Run
from tui.core.safe_text import literal
from tui.i18n import t

OFFSETS = [timedelta(hours=5, minutes=45), timedelta(hours=-3, minutes=-30), timedelta(0),
           timedelta(hours=14), timedelta(hours=-12), timedelta(hours=8)]


def _odd_clock() -> Callable[[], datetime]:
    """Each call a new offset; every third call the same instant as the one before (equal
    start times, ordered by id), with microseconds now and then."""
    calls = [0]
    base = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

    def now() -> datetime:
        n = calls[0]
        calls[0] += 1
        instant = base + timedelta(minutes=n - n // 3, microseconds=(n * 7919) % 3 * 250)
        return instant.astimezone(timezone(OFFSETS[n % len(OFFSETS)]))

    return now


def _odd_folder(root: Path, cache: Path) -> RecordStore:
    store = RecordStore(root, now=_odd_clock(), suffix=counter(), index_dir=cache)
    store.ensure()
    library = fixture_library()
    finished_run(store, library, operator="Ann", subject="王小明",
                 fields={"employee_id": "E042", "ticket": "HR-7"})
    finished_run(store, library, answers=("no",), mode="practice", operator="x\x1b[31m",
                 subject="bidi \u202e \u2028 c1 \x85 del \x7f", fields={"tab\tkey": "中\x00"})
    for n in range(4):
        finished_run(store, library, operator=f'quote " \\ {n}', subject="" if n % 2 else "S")
    open_run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                         lang="en", operator="open")
    open_run.tick(open_run.items()[0][0].id)
    open_run.close()
    (root / "20261122-000000-demo-bad.toml").write_text("not = [toml")
    first = sorted(root.glob("2026*.toml"))[0]
    os.close(os.open(os.path.join(os.fsencode(root), b"20261122-000000-demo-\xff.toml"),
                     os.O_WRONLY | os.O_CREAT, 0o600))  # a name that is not UTF-8
    shutil.copyfile(first, root / "20261122-000001-demo-copy.toml")  # names another id
    return store


def _before(store: RecordStore, as_json: bool, lang: str = "en") -> str:
    """What history wrote from RecordStore.summaries (Summary objects) before."""
    found = RecordStore(store.root).summaries()  # no index: every file parsed
    items: list[Summary] = sorted(found.items, key=lambda r: (r.started, r.id))
    if as_json:
        return _as_json_dumps_wrote_it(items, list(found.damaged))
    return "\n".join(literal(
        f"{r.id}  {r.started:%Y-%m-%d %H:%M}  {r.platform} {r.surface} {r.goal}  "
        f"{t('md.outcome.' + r.outcome, lang)}"
        f"{t('history.practice', lang) if r.mode == 'practice' else ''}  {r.progress}"
        f"{'  ' + r.who if r.who else ''}", keep_newlines=False) for r in items)


@pytest.mark.parametrize("two", ["one", "two", "child fails"])
def test_history_is_what_the_summaries_gave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            two: str) -> None:
    cache = tmp_path / "cache"
    store = _odd_folder(tmp_path / "r", cache)
    _no_other_threads()
    if two != "one":
        monkeypatch.setattr(listing, "SPLIT_FROM", 2)
    parent, children = os.getpid(), tmp_path / "children"
    children.mkdir()
    real = listing._read_part

    def part(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent:
            (children / str(os.getpid())).touch()
            if two == "child fails":
                raise RuntimeError("the child breaks")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "_read_part", part)
    expected = {(as_json, lang): _before(store, as_json, lang)
                for as_json in (True, False) for lang in ("en", "zh")}
    assert "王小明 (E042)" in expected[(False, "en")]
    assert len(json.loads(expected[(True, "en")])["damaged"]) == 3
    reads: list[str] = []
    real_read = parse_files.read_keyed  # the files without a usable row

    def read(path: str, name: str) -> object:
        reads.append(name)
        return real_read(path, name)

    monkeypatch.setattr(parse_files, "read_keyed", read)
    for state in ("cold", "warm", "warm again"):  # cold: every file parsed, rows written
        if state == "cold":
            shutil.rmtree(cache, ignore_errors=True)
        for (as_json, lang), text in expected.items():
            fresh = RecordStore(store.root, index_dir=cache)
            reads.clear()
            assert history(fresh, as_json, lang) == text, (state, as_json, lang)
            if state != "cold":  # every line from its row: only the damaged files are read
                assert sorted(reads) == sorted(d["file"] for d in json.loads(
                    expected[(True, "en")])["damaged"]), (state, reads)
    assert (len(list(children.iterdir())) >= 8) == (two != "one"), "the later half forked"


@pytest.mark.parametrize("two", [False, True])
def test_rows_that_do_not_match_or_do_not_check_out_are_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, two: bool) -> None:
    cache = tmp_path / "cache"
    store = _odd_folder(tmp_path / "r", cache)
    expected = history(store, True)
    if two:  # (the rows of the first half are taken by their names, without a listing)
        _no_other_threads()
        monkeypatch.setattr(listing, "SPLIT_FROM", 2)
        monkeypatch.setattr(listing, "PARENT_SHARE", 90)
    con = sqlite3.connect(db_path(cache, store.root))
    names = [n for (n,) in con.execute("SELECT name FROM rows ORDER BY name")]
    # A forged summary (its MAC no longer checks), a row moved to another file's name,
    # and a row whose file changed since (its identity no longer matches).
    forged = con.execute("UPDATE rows SET summary = CAST(replace(CAST(summary AS TEXT), "
                         "'\"Ann\"', '\"Eve\"') AS BLOB) WHERE CAST(summary AS TEXT) "
                         "LIKE '%\"Ann\"%'")
    assert forged.rowcount == 1
    con.execute("UPDATE rows SET summary = (SELECT summary FROM rows WHERE name = ?), "
                "summary_mac = (SELECT summary_mac FROM rows WHERE name = ?) WHERE name = ?",
                (names[1], names[1], names[2]))
    con.execute("UPDATE rows SET mtime = mtime + 1 WHERE name = ?", (names[3],))
    assert "Eve" in b"".join(b for (b,) in con.execute("SELECT summary FROM rows")).decode()
    con.commit()
    con.close()
    assert history(RecordStore(store.root, index_dir=cache), True) == expected


def test_a_file_the_listing_did_not_show_is_left_out(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The half read by its rows' names is held against the other half's listing: a file
    it found that the listing did not show (one saved after the folder was listed) is
    not shown, as a single pass would not have seen it, and its row is let go."""
    cache = tmp_path / "cache"
    store = _odd_folder(tmp_path / "r", cache)
    _no_other_threads()
    history(store, True)  # rows for every file
    everything = json.loads(history(store, True))["records"]
    hidden = sorted(p.name for p in store.root.glob("2026*.toml"))[0]
    assert hidden[:-5] in [r["id"] for r in everything]
    monkeypatch.setattr(listing, "SPLIT_FROM", 2)
    monkeypatch.setattr(listing, "PARENT_SHARE", 99)  # the hidden file in this process's half
    real = listing._names

    def names(root: str, low: str | None, high: str | None) -> tuple[list[str], list[str]]:
        mine, others = real(root, low, high)
        return [n for n in mine if n != hidden], [n for n in others if n != hidden]

    monkeypatch.setattr(listing, "_names", names)
    shown = json.loads(history(RecordStore(store.root, index_dir=cache), True))["records"]
    assert shown == [r for r in everything if r["id"] != hidden[:-5]]
    monkeypatch.setattr(listing, "_names", real)
    assert json.loads(history(RecordStore(store.root, index_dir=cache), True))["records"] \
        == everything


PROBE = """
import os, sys
from tui.core.records import listing
from tui.core.records.files import HEAD_FILE
listing.SPLIT_FROM = 2
real_put = listing.put

def put(*args):
    open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
    return real_put(*args)

listing.put = put
from tui.runtime import spill
real_bytes = spill._utf8_bytes_of

def as_bytes(to):
    if real_bytes(to):
        open(os.path.join(sys.argv[1], "as bytes"), "w").close()
        return True
    return False

spill._utf8_bytes_of = as_bytes
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("clock", ["odd", "steady"])
def test_the_childs_text_reaches_stdout_as_one_process_writes_it(tmp_path: Path,
                                                                 clock: str) -> None:
    """In two processes, with the child's half written to stdout as the bytes it put in
    its scratch file (tui.runtime.spill; decoded where the halves' texts are merged:
    the odd clock's offsets put names out of time order), history writes what it wrote
    from Summary objects: hostile and Chinese text, HR fields, practice runs, equal
    start times."""
    store = RecordStore(tmp_path / "r", now=_odd_clock() if clock == "odd" else stepping_clock(),
                        suffix=counter())
    store.ensure()
    library = fixture_library()
    for n in range(12):
        finished_run(store, library, operator=["Ann", "x\x1b[31m", f'q " \\ {n}'][n % 3],
                     subject=["王小明", "bidi \u202e \u2028 c1 \x85 del \x7f", ""][n % 3],
                     mode="practice" if n % 4 == 0 else "real",
                     fields={"employee_id": f"E{n}", "tab\tkey": "中\x00"} if n % 2 else None)
    _no_other_threads()
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(store.root), "PYTHONIOENCODING": "utf-8",
           "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"),
           "SIGNOFF_CACHE_DIR": str(tmp_path / "cache")}
    children = tmp_path / "children"
    children.mkdir()
    for argv in (["history", "--json"], ["history"], ["history", "--json"], ["history"]):
        done = subprocess.run([sys.executable, "-c", PROBE, str(children), *argv],
                              capture_output=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout == (_before(store, "--json" in argv) + "\n").encode(), argv
    made = {p.name for p in children.iterdir()}
    assert len(made - {"as bytes"}) >= 2, "the child put its text in the scratch file"
    assert ("as bytes" in made) == (clock == "steady"), "written as it was put"


def test_rows_in_any_order_are_taken_as_a_dict_of_them_took_them() -> None:
    """The half read by its rows' names takes them in SQLite's order without a dict
    (listing._by_name); rows that come otherwise (a damaged database: out of order, a
    name twice, names no listing gives) are taken as the dict of them took them: the
    last row of a name counts, the names sorted, the rest let go."""
    def row(name: object, n: int) -> SummaryRow:
        return (name, n, n, n, n, "h", b"[]", b"m")  # type: ignore[return-value]

    shuffled = [row("b.toml", 1), row("a.toml", 2), row(".x.toml", 3), row("b.toml", 4),
                row("c/d.toml", 5), row(7, 6), row(HEAD_FILE, 7), row("c.toml", 8)]
    for rows in (shuffled, sorted(shuffled[:2] + shuffled[-1:])):
        by_dict = {r[0]: r for r in rows}
        names = sorted(n for n in by_dict if listing._may_be_listed(n))
        assert listing._by_name(rows) == (
            names, [by_dict[n] for n in names],
            [r[0] for r in rows if not listing._may_be_listed(r[0])])
    assert listing._by_name(shuffled)[1][1][1] == 4


@pytest.mark.parametrize("sep", ["", ",\n"])
def test_packed_strings_come_back_as_they_went_in(sep: str) -> None:
    """A part's strings, joined a chunk at a time (Packed), come back whole and
    in order: pickled (as from the child), and as the one text spill.put writes."""
    chunks = [["a", "", "王小明"], ["b"], ["", ""], ["c,\n", "d"]]
    packed = Packed(sep=sep)
    for chunk in chunks:
        packed.add(chunk)
    packed.add([])
    items = [item for chunk in chunks for item in chunk]
    back = pickle.loads(pickle.dumps(packed))
    assert list(packed) == list(back) == items
    assert (packed.edge(last=False), packed.edge(last=True)) == ("a", "d")
    back.restore(sep.join(packed.pieces))
    assert list(back) == items and len(back) == len(items)
    whole = Packed.of(items, sep)  # joined only when pickled
    assert list(whole) == items and whole.edge(last=True) == "d" and len(whole) == len(items)
    back = pickle.loads(pickle.dumps(whole))
    assert back.items is None and list(back) == items and back.edge(last=False) == "a"


def test_names_are_all_listable_exactly_when_each_one_is() -> None:
    """listing._all_listable, which asks it of all the names at once, says what asking
    _may_be_listed of each one says, for names built from the pieces that matter
    (NULs, slashes, a leading dot, the suffix split or doubled, the head file, not
    text at all)."""
    pieces = ["a", ".", "toml", ".toml", "\0", "/", "\0.", ".toml\0", HEAD_FILE, "王"]
    odd: list[object] = [7, b"a.toml", None]
    chance = random.Random(18)
    for _ in range(3000):
        names: list[object] = [
            "".join(chance.choices(pieces, k=chance.randint(0, 4))) + chance.choice(
                ["", ".toml", ".toml", ".toml"]) for _ in range(chance.randint(0, 4))]
        if chance.random() < 0.05:
            names.insert(chance.randint(0, len(names)), chance.choice(odd))
        assert listing._all_listable(names) == (  # type: ignore[arg-type]
            bool(names) and all(map(listing._may_be_listed, names))), names
