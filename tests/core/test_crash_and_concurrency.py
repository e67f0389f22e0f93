"""Crash safety and concurrency, tried with real processes and real SIGKILLs."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.records import finished_run, fixture_library
from tui.core.records.chain import verify_chain
from tui.core.records.store import RecordStore

LONG = bool(os.environ.get("SIGNOFF_LONG_TESTS"))
"""Set SIGNOFF_LONG_TESTS=1 for the long version (CI runs the bounded one)."""

pytestmark = pytest.mark.slow
KILLS = 300 if LONG else 25
WRITERS, EACH = (12, 20) if LONG else (6, 8)

TICKER = """
import sys
from pathlib import Path
from tests.helpers.records import fixture_library, finished_run
from tui.core.engine import Wizard
from tui.core.run import Run
from tui.core.records.store import RecordStore

store = RecordStore(Path(sys.argv[1]))
store.ensure()
library = fixture_library()
mode = sys.argv[2]
count = int(sys.argv[3])
if mode == "finish":
    for _ in range(count):
        finished_run(store, library)
else:
    print("ready", flush=True)
    while True:
        run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "yes"]),
                        lang="en")
        for _ in range(20):
            for step, _entry in run.items():
                run.tick(step.id)
                run.set_status(step.id, "pending")
        run.finish()
"""


def _spawn(root: Path, mode: str, count: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", TICKER, str(root), mode, str(count)],
                            cwd=REPO, stdout=subprocess.PIPE, text=True)


def test_sigkill_while_saving_never_tears_a_record(tmp_path: Path) -> None:
    """Kill a process that saves and finishes runs non-stop at random instants; every
    record on disk must still parse and the chain must verify."""
    root = tmp_path / "r"
    rng = random.Random(7)
    for _ in range(KILLS):
        proc = _spawn(root, "tick")
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    store = RecordStore(root)
    scan = store.scan()
    assert not scan.damaged, [str(d) for d in scan.damaged]
    assert scan.records
    # A kill inside a finish leaves the head pending, which verify names until the next
    # finish repairs it (finishing it, or rolling it back): finish one run, as a person
    # going on would.
    finished_run(store, fixture_library())
    report = verify_chain(store)
    assert report.ok, [str(f) for f in report.findings]


def test_concurrent_finishers_never_fork_the_chain(tmp_path: Path) -> None:
    root = tmp_path / "r"
    writers, each = WRITERS, EACH
    procs = [_spawn(root, "finish", each) for _ in range(writers)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    store = RecordStore(root)
    report = verify_chain(store)
    assert report.ok, [str(f) for f in report.findings]
    assert report.checked == writers * each
    seqs = sorted(r.chain.seq for r in store.scan().records if r.chain)
    assert seqs == list(range(1, writers * each + 1))
