"""Records: round trip, permissions, the hash chain and what verify catches."""

from __future__ import annotations

import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core.engine import Wizard
from tui.core.records.chain import verify_chain
from tui.core.records.record import seal
from tui.core.records.store import HEAD_FILE, RecordStore, StoreError
from tui.core.run import Run


def test_round_trip_and_save_on_every_tick(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "yes"]),
                    lang="zh", operator="Ann", subject="Bob")
    first = run.items()[0][0].id
    run.tick(first)
    on_disk = store.load(run.record.id)
    assert on_disk.step(first).status == "done" and on_disk.step(first).at is not None
    assert on_disk == run.record
    assert on_disk.answers == {"phone": "yes", "private": "yes"}
    assert on_disk.step("check-later").status == "not-applicable"
    assert on_disk.started.utcoffset() is not None


def test_folder_0700_and_files_0600(tmp_path: Path) -> None:
    store = store_at(tmp_path / "deep" / "records")
    record = finished_run(store, fixture_library())
    assert stat.S_IMODE(store.root.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path_for(record.id).stat().st_mode) == 0o600


def test_open_folder_warns_and_world_writable_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    warnings = RecordStore(folder).ensure()
    assert warnings and "can be read by others" in warnings[0]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755, "never chmod someone's folder"
    folder.chmod(0o777)
    with pytest.raises(StoreError, match="can be written by anyone"):
        RecordStore(folder).ensure()


def test_symlinked_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(StoreError, match="symbolic link"):
        RecordStore(link).ensure()


def _chain(tmp_path: Path, count: int = 4) -> RecordStore:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    for _ in range(count):
        finished_run(store, library)
    report = verify_chain(store)
    assert report.ok and report.checked == count
    return store


def _files(store: RecordStore) -> list[Path]:
    records = sorted(store.scan().records, key=lambda r: r.chain.seq if r.chain else 0)
    return [store.path_for(r.id) for r in records]


def test_verify_catches_an_edited_status(tmp_path: Path) -> None:
    store = _chain(tmp_path)
    target = _files(store)[1]
    target.write_text(target.read_text().replace('status = "skipped"', 'status = "done"', 1))
    findings = verify_chain(store).findings
    assert [f.name for f in findings] == [target.stem]
    assert "edited" in findings[0].problem


def test_verify_catches_a_removed_record(tmp_path: Path) -> None:
    store = _chain(tmp_path)
    files = _files(store)
    files[1].unlink()
    findings = verify_chain(store).findings
    assert findings and findings[0].name == files[2].stem and "removed" in findings[0].problem


def test_verify_catches_removal_of_the_last_record(tmp_path: Path) -> None:
    store = _chain(tmp_path)
    _files(store)[-1].unlink()
    findings = verify_chain(store).findings
    assert findings and "removed" in findings[0].problem


def test_verify_catches_a_forged_insert(tmp_path: Path) -> None:
    """A forger who knows the format and seals a new record at place 2 properly."""
    store = _chain(tmp_path)
    files = _files(store)
    original = store.load_file(files[1])
    assert original.chain is not None
    original.id = original.id[:-4] + "ffff"
    _, raw = seal(original, original.chain.seq, original.chain.prev)
    (store.root / f"{original.id}.toml").write_bytes(raw)
    findings = verify_chain(store).findings
    assert any("inserted" in f.problem for f in findings), findings


def test_verify_catches_a_whitespace_edit(tmp_path: Path) -> None:
    store = _chain(tmp_path)
    target = _files(store)[0]
    target.write_bytes(target.read_bytes().replace(b"operator", b"operator ", 1))
    findings = verify_chain(store).findings
    assert [f.name for f in findings] == [target.stem] and "edited" in findings[0].problem


def test_verify_catches_two_records_swapped(tmp_path: Path) -> None:
    store = _chain(tmp_path)
    a, b = _files(store)[1:3]
    data_a, data_b = tomllib.loads(a.read_text()), tomllib.loads(b.read_text())
    data_a["chain"], data_b["chain"] = data_b["chain"], data_a["chain"]
    a.write_text(tomli_w.dumps(data_a))
    b.write_text(tomli_w.dumps(data_b))
    findings = verify_chain(store).findings
    names = {f.name for f in findings}
    assert {a.stem, b.stem} <= names


def test_damaged_record_is_reported_never_deleted(tmp_path: Path) -> None:
    store = _chain(tmp_path, 2)
    bad = store.root / "20261122-090000-demo-dead.toml"
    bad.write_text("this is [not toml")
    scan = store.scan()
    assert len(scan.records) == 2
    assert [d.name for d in scan.damaged] == [bad.name]
    assert "not valid TOML" in scan.damaged[0].reason
    assert any(f.name == bad.name for f in verify_chain(store).findings)
    assert bad.exists()


def test_interrupted_finish_is_repaired_not_forked(tmp_path: Path) -> None:
    """A crash after the head said 'pending' but before the record was written."""
    store = _chain(tmp_path, 2)
    head = tomllib.loads((store.root / HEAD_FILE).read_text())
    library = fixture_library()
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "no"]), lang="en")
    (store.root / HEAD_FILE).write_text(tomli_w.dumps({
        "seq": 3, "hash": "f" * 64, "record": run.record.id, "pending": True,
        "prev_seq": head["seq"], "prev_hash": head["hash"], "prev_record": head["record"]}))
    pending = verify_chain(store).findings
    assert [f.name for f in pending] == [HEAD_FILE] and "pending" in pending[0].problem, \
        "a pending head hides where the chain ends: verify names it until a finish repairs it"
    finished_run(store, library)
    report = verify_chain(store)
    assert report.ok and report.checked == 3


def test_practice_mode_and_copy_of_store_verifies(tmp_path: Path) -> None:
    store = _chain(tmp_path, 3)
    copy = tmp_path / "copy"
    shutil.copytree(store.root, copy)
    os.chmod(copy, 0o700)
    assert verify_chain(RecordStore(copy)).ok, "a synced copy of the folder still verifies"


def test_index_never_shows_stale_data(tmp_path: Path) -> None:
    store = _chain(tmp_path, 2)
    from tui.core.records.index import db_path

    store.index_dir = tmp_path / "cache"
    first = store.scan()
    assert db_path(store.index_dir, store.root).exists()
    target = _files(store)[0]
    target.write_bytes(target.read_bytes().replace(b'operator = ""', b'operator = "Eve"'))
    again = store.scan()
    edited = next(r for r in again.records if r.id == target.stem)
    assert edited.operator == "Eve", "a changed file is parsed again, not taken from the index"
    assert [r.id for r in again.records] == [r.id for r in first.records]
    db_path(store.index_dir, store.root).write_text("{ not json")
    assert len(store.scan().records) == 2, "a broken index is ignored"


def test_the_seal_is_read_from_the_last_chain_table_as_a_search_would(tmp_path: Path) -> None:
    """check_seal tries the tail pattern at the last "[chain]" table only; on files with
    no seal, a seal in the middle, two seals, a byte after the seal or a forged hash it
    says exactly what a search of the whole file says."""
    from tui.core.records.record import _SEAL_TAIL, check_seal

    record = finished_run(store_at(tmp_path / "r"), fixture_library())
    raw = (tmp_path / "r" / f"{record.id}.toml").read_bytes()
    body = raw[:raw.rfind(b"\n[chain]\n")]
    cases = [raw, body, raw + b"\n", raw + b" ", raw.replace(b'hash = "', b'hash = "0', 1),
             raw + raw, body + raw[len(body):] * 2, raw[:-3] + b'a"\n', b"", b"\n[chain]\n",
             raw.replace(b"\n[chain]\n", b"\n[chain]\n\n[chain]\n", 1)]
    for case in cases:
        match = _SEAL_TAIL.search(case)
        sealed = check_seal(case)
        assert (sealed is None) == (match is None), case[-120:]
        if sealed is not None and match is not None:
            assert (sealed.seq, sealed.prev, sealed.hash) == (
                int(match.group(1)), match.group(2).decode(), match.group(3).decode())
    whole = check_seal(raw)
    assert whole is not None and whole.intact


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.one_of(
    st.sampled_from(["chain-head.toml", ".toml", ".x.toml", "a.toml", "a.toml.sig", "A.TOML",
                     "toml", "a.tom", "", "chain-head.toml.sig", ".index-key"]),
    st.text(alphabet="ab.-tomlsigé\udcff", max_size=12)), max_size=20))
def test_record_names_keeps_what_is_record_name_keeps(names: list[str]) -> None:
    """files.record_names writes is_record_name's test out for speed: the same names,
    in the same order."""
    from tui.core.records.files import is_record_name, record_names

    assert record_names(names) == [n for n in names if is_record_name(n)]


def test_a_store_lets_go_of_the_locks_of_runs_it_released(tmp_path: Path) -> None:
    """A long app session (a training room's day) opens many runs: the store keeps only
    the locks still held, and a released run can be locked again at once."""
    store = store_at(tmp_path / "r")
    for n in range(50):
        lock = store.lock_run(f"20261206-0900{n:02d}-demo-{n:04x}")
        lock.release()
    held = store.lock_run("20261206-095959-demo-ffff")
    assert store._held == [held]
    held.release()
    again = store.lock_run("20261206-095959-demo-ffff")
    store.release_locks()
    assert again.fd == -1 and store._held == []
