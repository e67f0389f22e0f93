"""verify reading the files in two processes (chain.SPLIT_FROM, tui.runtime.forked)
finds exactly what one pass finds, in the same order, hands the export and the
signature cache the same things, and does the child's half itself when the child
fails: the second process can make verify faster, never different."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.config import signing_keys
from tui.core.engine import Wizard
from tui.core.records import chain
from tui.core.records.chain import VerifyReport, verify_chain
from tui.core.records.scans import Preread
from tui.core.records.sigcache import SigCache
from tui.core.records.signatures import local_trust
from tui.core.records.store import RecordStore
from tui.core.run import Run
from tui.runtime.forked import both


def _troubled_folder(tmp_path: Path) -> RecordStore:
    """Eight runs and every kind of finding one file can give."""
    store = store_at(tmp_path / "records")
    store.keys = signing_keys()
    library = fixture_library()
    done = [finished_run(store, library, operator=f"op {n}") for n in range(8)]
    Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
              lang="en").close()
    path = store.path_for(done[1].id)
    path.write_bytes(path.read_bytes().replace(b'operator = "op 1"', b'operator = "op X"'))
    store.path_for(done[3].id).with_suffix(".toml.sig").unlink()
    sig = store.path_for(done[5].id).with_suffix(".toml.sig")
    sig.write_bytes(store.path_for(done[4].id).with_suffix(".toml.sig").read_bytes())
    (store.root / "20000101-000000-demo-bad.toml").write_text("not = [toml")
    store.path_for(done[6].id).unlink()
    return store


def _no_other_threads() -> None:
    """Nothing forks beside another thread: let the key warm-up timers that runs started
    (signing.Keys.warm) end first."""
    for thread in threading.enumerate():
        if thread is not threading.main_thread():
            if isinstance(thread, threading.Timer):
                thread.cancel()
            thread.join(10)


Good = list[tuple[str, bytes, bytes, bytes, bytes]]


def _verify(store: RecordStore, workers: int, index: Path) -> tuple[VerifyReport, Preread,
                                                                      Good]:
    trusted = local_trust(store.keys)
    assert store.keys is not None and trusted is not None
    signer, _ = store.keys.try_signer()
    assert signer is not None
    cache = SigCache(store.root, index, signer)
    keep = Preread(frozenset(p.name for p in store.files()))
    report = verify_chain(store, trusted, None, cache, keep, workers)
    return report, keep, sorted(cache.new)


@pytest.mark.parametrize("child_fails", [False, True])
def test_two_processes_find_what_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           child_fails: bool) -> None:
    store = _troubled_folder(tmp_path)
    _no_other_threads()
    one, keep_one, good_one = _verify(store, 1, tmp_path / "one")
    assert len(one.findings) >= 5, one.findings
    monkeypatch.setattr(chain, "SPLIT_FROM", 2)
    parent = os.getpid()
    real = chain._read_part

    def part(*args: object) -> object:
        if os.getpid() != parent:
            (tmp_path / f"child-{os.getpid()}").touch()
            if child_fails:
                raise RuntimeError("the child breaks")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(chain, "_read_part", part)
    two, keep_two, good_two = _verify(store, 2, tmp_path / "two")
    assert [str(f) for f in two.findings] == [str(f) for f in one.findings]
    assert (two.checked, two.in_progress, two.head_seq, two.head_hash, two.signers,
            two.texts_checked) == (one.checked, one.in_progress, one.head_seq,
                                   one.head_hash, one.signers, one.texts_checked)
    assert keep_two.got == keep_one.got and len(keep_two.got) == 9
    assert good_two == good_one and len(good_one) == 4
    assert len(list(tmp_path.glob("child-*"))) == 1, "the second half was read by a child"


def test_both_runs_the_second_in_a_child_unless_a_thread_runs() -> None:
    _no_other_threads()
    here = os.getpid()
    first, second = both(os.getpid, os.getpid)
    assert first == here and second != here
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert both(os.getpid, os.getpid) == (here, here), "no fork beside another thread"
    finally:
        stop.set()
        other.join()


def test_a_plain_result_comes_back_whole_and_a_cycle_is_worked_out_here() -> None:
    """`plain` pickles the child's result without a memo: the same data comes back, a
    part it holds twice comes back twice, and a result with a cycle (which cannot be
    pickled so) is made by the parent instead of failing."""
    _no_other_threads()
    here = os.getpid()
    shared = ["name", 1]
    data = {"links": [("a", 1, "p", "h")], "twice": [shared, shared], "pid": here}
    _, back = both(lambda: None, lambda: {**data, "pid": os.getpid()}, plain=True)
    assert back["pid"] != here and {**back, "pid": here} == data
    cyclic: list[object] = []
    cyclic.append(cyclic)

    def made() -> tuple[int, list[object]]:
        return os.getpid(), cyclic

    _, (pid, found) = both(lambda: None, made, plain=True)
    assert pid == here and found is cyclic


def test_a_large_result_comes_back_whole_and_nothing_stays_open() -> None:
    """The child's result is kept in a file without a name (memfd) until the parent
    reads it: 20 MB comes back byte for byte, also when the parent is still busy after
    the child has ended, and no descriptor is left open."""
    _no_other_threads()
    before = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()
    big = [os.urandom(64).hex() for _ in range(150_000)]

    def slow() -> int:
        time.sleep(0.2)
        return os.getpid()

    here, (pid, back) = both(slow, lambda: (os.getpid(), big), plain=True)
    assert here == os.getpid() != pid and back == big
    if before:
        assert set(os.listdir("/proc/self/fd")) == before


def test_a_failing_first_half_kills_the_child_and_raises() -> None:
    """...and leaves no descriptor open (the pipe's reading end stayed open)."""
    _no_other_threads()

    def broken() -> int:
        raise ValueError("first")

    before = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()
    for _ in range(3):
        with pytest.raises(ValueError, match="first"):
            both(broken, lambda: 1)
    if before:
        assert set(os.listdir("/proc/self/fd")) == before


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from([
    b"texts = ", b'"', b"a" * 64, b"0123456789abcdef" * 4, b"\n", b"\n[", b"[", b"x",
    b'texts = "' + b"f" * 64 + b'"', b" "]), max_size=12))
def test_the_texts_line_is_found_as_the_search_found_it(parts: list[bytes]) -> None:
    """verify looks for a record's `texts = "HASH"` line only where a line starts with
    `texts = ` (chain._texts_named): what searching for the line before the first table
    found."""
    import re

    raw = b"".join(parts)
    old = re.compile(rb'^texts = "([0-9a-f]{64})"$', re.MULTILINE).search(
        raw, 0, raw.find(b"\n["))
    new = chain._texts_named(raw)
    assert (old and (old.start(), old.group(1))) == (new and (new.start(), new.group(1)))


def test_the_seal_and_the_whole_file_are_hashed_in_one_pass(tmp_path: Path) -> None:
    """record.check_seal_hashing gives check_seal's answer and the SHA-256 of the whole
    file, for a sealed record, an edited one and one without a seal."""
    import hashlib

    from tui.core.records.record import check_seal, check_seal_hashing

    store = store_at(tmp_path / "records")
    done = finished_run(store, fixture_library())
    raw = store.path_for(done.id).read_bytes()
    for variant in (raw, raw.replace(b"demo", b"dEmo", 1), raw[:raw.rfind(b"\n[chain]")],
                    raw + b"\n", b""):
        sealed, whole = check_seal_hashing(variant)
        assert sealed == check_seal(variant)
        assert whole.hexdigest() == hashlib.sha256(variant).hexdigest()
    sealed = check_seal(raw)
    assert sealed is not None and sealed.intact
