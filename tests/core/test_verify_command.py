"""`signoff verify` as an auditor and an attacker meet it: re-sealed forgeries, renamed
files, a deleted or pending head, truncation after a head was written down (--expect),
and a records folder that does not exist."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
import tomli_w

from tests.helpers.records import counter, finished_run, fixture_library, stepping_clock
from tui import cli
from tui.config import signing_keys
from tui.core.engine import Wizard
from tui.core.records.head import write_head
from tui.core.records.record import seal
from tui.core.records.store import HEAD_FILE, RecordStore
from tui.core.run import Run


def _store(tmp_path: Path, count: int = 3) -> RecordStore:
    store = RecordStore(tmp_path / "records", now=stepping_clock(), suffix=counter(),
                        keys=signing_keys())
    store.ensure()
    library = fixture_library()
    for _ in range(count):
        finished_run(store, library, operator="ann")
    return store


def _verify(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = cli.main(["verify", *extra])
    return code, capsys.readouterr().out.splitlines()


def _in_order(store: RecordStore) -> list[Path]:
    records = sorted(store.scan(use_index=False).records,
                     key=lambda r: r.chain.seq if r.chain else 0)
    return [store.path_for(r.id) for r in records]


def _reseal(store: RecordStore, start: int, change: bool = True, sign: bool = False) -> None:
    """Forge as someone who knows the format: change record `start` (a skipped step
    turned done), re-seal it and every later record, rewrite the head; with `sign`, as
    someone who also holds the key."""
    signer = store.keys.signer() if sign and store.keys else None
    paths = _in_order(store)
    prev = store.load_file(paths[start - 1]).chain.prev  # type: ignore[union-attr]
    for n, path in enumerate(paths[start - 1:], start=start):
        record = replace(store.load_file(path), chain=None)
        if change and n == start:
            record.steps = [replace(s, status="done", reason="") if s.status == "skipped"
                            else s for s in record.steps]
        done, raw = seal(record, n, prev)
        path.write_bytes(raw)
        if signer is not None:
            from tui.core.records.signing import sign as make_sig

            path.with_name(path.name + ".sig").write_bytes(make_sig(signer, raw))
        assert done.chain is not None
        prev = done.chain.hash
    write_head(store.root, {"seq": len(paths), "hash": prev, "record": paths[-1].stem,
                            "pending": False}, signer)


def test_ok_line_names_the_head_and_the_keys(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    code, lines = _verify(capsys)
    head = tomllib.loads((store.root / HEAD_FILE).read_text())
    assert code == 0
    assert lines[-1] == f"OK 3 records, head 3:{head['hash'][:16]}, signed by 1 key(s)"


def test_a_resealed_forgery_without_the_key_is_badly_signed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    _reseal(store, 2)
    code, lines = _verify(capsys)
    assert code == 1
    names = [line.split(":")[0] for line in lines[:-1]]
    second, third = (p.stem for p in _in_order(store)[1:])
    assert names == [second, third, HEAD_FILE]
    assert all("badly signed" in line for line in lines[:2])
    assert "unsigned" in lines[2], "the forger could not sign the new head either"


def test_a_renamed_record_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    last = _in_order(store)[-1]
    moved = last.with_name(last.name.replace("-demo-", "-demo-9"))
    last.rename(moved)
    code, lines = _verify(capsys)
    assert code == 1
    assert any(line.startswith(moved.name) and "renamed" in line for line in lines), lines


def test_two_records_with_swapped_names_are_both_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    first, second, _ = _in_order(store)
    spare = first.with_name("x.tmp")
    first.rename(spare)
    second.rename(first)
    spare.rename(second)
    code, lines = _verify(capsys)
    assert code == 1
    assert sum("renamed" in line for line in lines) == 2, lines


def test_a_deleted_head_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    (store.root / HEAD_FILE).unlink()
    code, lines = _verify(capsys)
    assert code == 1 and lines[0].startswith(f"{HEAD_FILE}: missing")


def test_deleting_the_last_record_and_the_head_is_caught(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    _in_order(store)[-1].unlink()
    (store.root / HEAD_FILE).unlink()
    code, _ = _verify(capsys)
    assert code == 1


def test_a_head_set_pending_is_a_finding(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    _in_order(store)[-1].unlink()
    head = tomllib.loads((store.root / HEAD_FILE).read_text())
    (store.root / HEAD_FILE).write_text(tomli_w.dumps({**head, "pending": True}))
    code, lines = _verify(capsys)
    assert code == 1 and any("pending" in line for line in lines)


def test_a_pending_head_without_its_previous_link_does_not_break_finishing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path, 2)
    library = fixture_library()
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "no"]), lang="en")
    (store.root / HEAD_FILE).write_text(tomli_w.dumps(
        {"seq": 3, "hash": "f" * 64, "record": run.record.id, "pending": True}))
    run.finish()
    finished_run(store, library)
    code, lines = _verify(capsys)
    assert code == 0, lines
    assert lines[-1].startswith("OK 4 records, head 4:")


def test_expect_catches_truncation_by_the_key_holder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Whoever holds the key can remove the last record and re-sign a shorter head;
    only a head written down earlier shows it."""
    store = _store(tmp_path)
    _, lines = _verify(capsys)
    witnessed = lines[-1].split("head ")[1].split(",")[0]
    last = _in_order(store)[-1]
    last.unlink()
    last.with_name(last.name + ".sig").unlink()
    _reseal(store, 1, change=False, sign=True)
    code, lines = _verify(capsys)
    assert code == 0, "without a witness the shorter chain is self-consistent"
    code, lines = _verify(capsys, "--expect", witnessed)
    assert code == 1 and lines[0].startswith("--expect: the chain ends at place 2")
    finished_run(store, fixture_library())
    code, lines = _verify(capsys, "--expect", witnessed)
    assert code == 1 and "no longer holds the expected head" in lines[0], \
        "a new record at the same place is not the witnessed one"


def test_expect_catches_a_rewrite_by_the_key_holder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    _, lines = _verify(capsys)
    witnessed = lines[-1].split("head ")[1].split(",")[0]
    _reseal(store, 2, sign=True)
    assert _verify(capsys)[0] == 0
    code, lines = _verify(capsys, "--expect", witnessed)
    assert code == 1 and "rewritten" in lines[0]
    finished_run(store, fixture_library())
    assert _verify(capsys, "--expect", witnessed)[0] == 1


def test_expect_holds_after_more_records(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path, 2)
    _, lines = _verify(capsys)
    witnessed = lines[-1].split("head ")[1].split(",")[0]
    finished_run(store, fixture_library())
    code, lines = _verify(capsys, "--expect", witnessed)
    assert code == 0 and lines[-1].startswith("OK 3 records")


@pytest.mark.parametrize("bad", ["3", "x:abc", "3:zz", "3:abc", "1:abcdefg1"])
def test_a_bad_expect_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      bad: str) -> None:
    _store(tmp_path, 1)
    assert cli.main(["verify", "--expect", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a head like" in err


@pytest.mark.parametrize("command", [["verify"], ["history"], ["export", "--format", "csv"]])
def test_a_records_folder_that_does_not_exist_is_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    missing = tmp_path / "no-such-folder"
    assert cli.main([*command, "--records-dir", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "there is no records folder" in captured.err
    assert not missing.exists()
