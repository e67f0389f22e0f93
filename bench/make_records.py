"""Writes N finished records (a valid hash chain) into a folder, for timing history,
export and verify at scale: `python bench/make_records.py 10000 /tmp/records`.

Each record is made by the real Wizard and Run (answers, ticks, skips and waits as
a person would give them, with a simulated clock so the records spread over days),
but in memory: saving every tick through RecordStore fsyncs two files and appends
the whole record to the index journal each time, which made 100,000 records take
about a quarter of an hour and leave an 830 MB journal. Here each finished record is
sealed with the real `seal` in chain order and written once with its signature;
signoff builds its index from the files on first use, as it
does for any folder it has not indexed.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.core.engine import Wizard
from tui.core.flows.graph import answer_paths
from tui.core.flows.loader import load_library
from tui.core.records.files import fsync_dir
from tui.core.records.head import sig_path, write_head
from tui.core.records.keys import Keys
from tui.core.records.record import GENESIS, Outcome, Record, dumps, seal
from tui.core.records.signing import Signer, sign
from tui.core.records.sshsig import fingerprint
from tui.core.records.store import RecordStore
from tui.core.records.texts import write_texts
from tui.core.run import Run
from tui.paths import builtin_flows_dir


class MemoryStore(RecordStore):
    """A RecordStore whose runs are never written while they are under way: the run's
    logic (ids, locks, waits, the finish's outcome and time) is the real one, the
    per-tick fsyncs and journal lines are what this generator exists to avoid."""

    def save(self, record: Record) -> Path:
        return self.path_for(record.id)

    def finish(self, record: Record, outcome: Outcome, texts: bytes | None = None) -> Record:
        """Finished but not yet sealed: `write_chain` seals the records in order. The
        step texts are kept as a real finish keeps them (texts/HASH.toml, named by the
        record), so generated records are as self-contained as real ones."""
        if texts is not None:
            record = replace(record, texts=write_texts(self.root, texts))
        return replace(record, outcome=outcome, finished=self.now())


def made_records(count: int, root: Path) -> Iterator[Record]:
    """`count` records in time order, each walked through a shipped flow; `root` is only
    where their ids are checked to be free and their run locks are taken."""
    library = load_library([builtin_flows_dir()])
    flows = sorted(library.flows.values(), key=lambda f: f.id)
    paths = {flow.id: list(answer_paths(flow)) for flow in flows}
    rng = random.Random(1)
    clock = [datetime(2025, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))]

    def now() -> datetime:
        clock[0] += timedelta(seconds=rng.randint(5, 120))
        return clock[0]

    counter = iter(range(1 << 30))
    store = MemoryStore(root, now=now, suffix=lambda: f"{next(counter):06x}")
    store.ensure()
    for n in range(count):
        flow = flows[n % len(flows)]
        answers = rng.choice(paths[flow.id])
        wizard = Wizard(library, [flow.platform, flow.surface, flow.goal, *answers.values()])
        run = Run.start(store, wizard, lang=rng.choice(["en", "zh"]),
                        mode="practice" if n % 5 == 0 else "real",
                        operator=f"operator {n % 7}", subject=f"employee {n % 13}")
        for step, _entry in run.items():
            if rng.random() < 0.1:
                run.skip(step.id, "not possible here")
                continue
            found = run.blocked(step.id)
            if found is not None and found.until is not None:
                clock[0] = max(clock[0], found.until)  # come back once the wait is over
            run.tick(step.id)
        yield run.finish()


def write_chain(records: Iterable[Record], root: Path, signer: Signer | None) -> int:
    """Seal `records` in order as one chain from the start and write each file once
    (and its signature), then the head. Finished records only; one still waiting for
    time is written as an open run outside the chain, as signoff would leave it.

    No fsync per file: a generated folder that a crash tore is made again, whereas
    two fsyncs per record were most of the old cost. Returns the chain's length."""
    key = fingerprint(signer.blob) if signer is not None else None
    seq, prev, last_id = 0, GENESIS, ""
    for record in records:
        path = root / f"{record.id}.toml"
        if record.outcome == "in-progress":
            path.write_bytes(dumps(record))
            continue
        seq += 1
        done, raw = seal(replace(record, key=key, unsigned=None), seq, prev)
        assert done.chain is not None
        prev, last_id = done.chain.hash, record.id
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        if signer is not None:
            sig_path(path).write_bytes(sign(signer, raw))
    if seq:
        write_head(root, {"seq": seq, "hash": prev, "record": last_id, "pending": False},
                   signer)
    fsync_dir(root)
    return seq


def main(count: int, root: Path, config: Path | None = None) -> None:
    """Signs with the key of `config` (default: the folder `config` beside `root`, as
    in the benchmark's data folder), so that `signoff verify` with SIGNOFF_CONFIG_DIR
    set to it accepts the folder: an unsigned record is a problem to verify."""
    signer = Keys(config or root.parent / "config").signer()
    started = time.perf_counter()
    write_chain(made_records(count, root), root, signer)
    took = time.perf_counter() - started
    print(f"wrote {count} records to {root} in {took:.1f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("root", type=Path, metavar="DIR")
    parser.add_argument("--config", type=Path, metavar="CONFIG_DIR",
                        help="sign with the key of this config folder (made if missing), "
                        "as signoff does with SIGNOFF_CONFIG_DIR; default: DIR/../config")
    args = parser.parse_args()
    main(args.count, args.root, args.config)
