"""A records folder may be hostile: a FIFO named like a record, or a link to /dev/zero,
must be reported as damaged, never make the start screen wait forever or `verify` read
until memory runs out (both did)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core.records.chain import verify_chain

FIFO = "20990101-000000-demo-fifo.toml"


def _within(seconds: float, call: Callable[[], Any], unblock: Callable[[], None]) -> Any:
    """call(), which must return within `seconds`; else unblock it and fail."""
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        unblock()
        worker.join(5)
        pytest.fail("reading the records folder waited on a FIFO")
    return out[0]


def _fifo(root: Path) -> Callable[[], None]:
    path = root / FIFO
    os.mkfifo(path)

    def unblock() -> None:  # a writer lets a blocked reader go on
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)

    return unblock


@pytest.mark.parametrize("indexed", [True, False])
def test_a_fifo_among_the_records_is_reported_not_waited_on(tmp_path: Path,
                                                             indexed: bool) -> None:
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache" if indexed else None)
    finished_run(store, fixture_library())
    unblock = _fifo(store.root)
    scan = _within(10, store.open_runs, unblock)
    assert [d.name for d in scan.damaged] == [FIFO]
    assert "not a regular file" in scan.damaged[0].reason
    report = _within(10, lambda: verify_chain(store), unblock)
    assert [f.name for f in report.findings] == [FIFO]


def test_verify_does_not_read_a_link_to_dev_zero(tmp_path: Path) -> None:
    """Run as a person would, with memory capped: the old verify read /dev/zero until
    it ran out of memory."""
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library())
    (store.root / "20990101-000000-demo-zero.toml").symlink_to("/dev/zero")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run([sys.executable, "-m", "tui", "verify", "--records-dir",
                           str(store.root)], capture_output=True, text=True, timeout=60,
                          preexec_fn=cap, env={**os.environ, "SIGNOFF_CACHE_DIR":
                                               str(tmp_path / "cache")})
    assert "Traceback" not in done.stderr
    assert "20990101-000000-demo-zero" in done.stdout + done.stderr
    assert "not a regular file" in done.stdout + done.stderr
    assert done.returncode != 0


def test_a_fifo_for_a_signature_or_the_chains_end_is_not_waited_on(tmp_path: Path) -> None:
    """The signature beside a record, and the records read when the head file is gone."""
    from tui.config import signing_keys
    from tui.core.records.head import last_link
    from tui.core.records.signatures import local_trust
    from tui.core.records.store import RecordStore

    store = RecordStore(tmp_path / "r", keys=signing_keys())
    store.ensure()
    record = finished_run(store, fixture_library())
    sig = store.root / f"{record.id}.toml.sig"
    sig.unlink()
    os.mkfifo(sig)

    def unblock() -> None:
        os.close(os.open(sig, os.O_WRONLY | os.O_NONBLOCK))

    report = _within(10, lambda: verify_chain(store, local_trust(store.keys)), unblock)
    assert [f.name for f in report.findings] == [record.id]
    assert "not a regular file" in report.findings[0].problem
    unblock_record = _fifo(store.root)
    assert _within(10, lambda: last_link(store.root), unblock_record)[0] == 1


def every_folder_command(root: Path, tmp_path: Path
                         ) -> Iterator[tuple[list[str], subprocess.CompletedProcess[str]]]:
    """`history`, `history --json`, `verify` and a CSV export of the folder `root`, each
    run as a person runs it (its index in tmp_path/cache): the arguments and the result."""
    env = {**os.environ, "SIGNOFF_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["history"], ["history", "--json"], ["verify"],
                 ["export", "--format", "csv", "--out", str(tmp_path / "x.csv")]):
        yield args, subprocess.run([sys.executable, "-m", "tui", *args, "--records-dir",
                                    str(root)], capture_output=True, text=True, timeout=60,
                                   env=env)


def test_a_file_name_that_is_not_utf8_is_reported_by_every_command(tmp_path: Path) -> None:
    """A `*.toml` whose name is not UTF-8 could not be looked up in the record index
    (SQLite takes only UTF-8 text): a whole-folder scan (the board, the app's exports)
    ended in a traceback. Printed, the name must be escaped, not written out as its raw
    bytes (verify's findings and `history --json` were not UTF-8: reading them here
    fails)."""
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache" / "index")
    finished_run(store, fixture_library())
    with open(os.path.join(os.fsencode(store.root), b"\xff\xfe.toml"), "wb") as out:
        out.write(b"id = 1\n")
    assert [d.name for d in store.scan().damaged] == [os.fsdecode(b"\xff\xfe.toml")]
    for args, done in every_folder_command(store.root, tmp_path):
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert "udcff" in done.stdout + done.stderr, (args, done.stdout, done.stderr)


@pytest.mark.parametrize("digits", [30, 5000])
def test_a_place_of_thousands_of_digits_is_a_damaged_record_not_a_traceback(
        tmp_path: Path, digits: int) -> None:
    """A record whose `seq` has more digits than Python converts (4,300), under a seal
    whose hash holds, ended verify (the seal's place), history and export (tomllib lets
    that ValueError out) in a traceback. Now it is named as damaged, or for a place of
    30 digits as a record out of the chain, and the other records are still listed."""
    import hashlib

    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache" / "index")
    record = finished_run(store, fixture_library())
    name = "20990101-000000-demo-huge"
    body = (f'id = "{name}"\nflow_id = "x"\n\n[chain]\nseq = {"1" * digits}\n'
            f'prev = "{"0" * 64}"\n').encode()
    (store.root / f"{name}.toml").write_bytes(
        body + f'hash = "{hashlib.sha256(body).hexdigest()}"\n'.encode())
    for args, done in every_folder_command(store.root, tmp_path):
        assert "Traceback" not in done.stderr, (args, done.stderr[-800:])
        assert name in done.stdout + done.stderr, (args, done.stdout, done.stderr)
        if args[0] == "history":
            assert record.id in done.stdout, args
