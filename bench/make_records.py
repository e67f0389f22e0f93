"""Writes N finished records (a valid hash chain) into a folder, for timing history,
export and verify at scale: `python bench/make_records.py 10000 /tmp/records`.
With SIGNOFF_SIGN=1 the records are signed with the key of the config folder
(SIGNOFF_CONFIG_DIR; made on first need), as a real finish signs them.

It goes through the real Run and RecordStore, so the files are exactly what signoff
writes; the clock is simulated so the records spread over days.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.core.engine import Wizard
from tui.core.flows.graph import answer_paths
from tui.core.flows.loader import load_library
from tui.core.records.store import RecordStore
from tui.core.run import Run
from tui.paths import builtin_flows_dir


def main(count: int, root: Path) -> None:
    library = load_library([builtin_flows_dir()])
    flows = sorted(library.flows.values(), key=lambda f: f.id)
    rng = random.Random(1)
    clock = [datetime(2025, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))]

    def now() -> datetime:
        clock[0] += timedelta(seconds=rng.randint(5, 120))
        return clock[0]

    counter = iter(range(1 << 30))
    keys = None
    if os.environ.get("SIGNOFF_SIGN") == "1":
        from tui.config import signing_keys

        keys = signing_keys()
    store = RecordStore(root, now=now, suffix=lambda: f"{next(counter):06x}", keys=keys)
    store.ensure()
    started = time.perf_counter()
    for n in range(count):
        flow = flows[n % len(flows)]
        answers = rng.choice(list(answer_paths(flow)))
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
        run.finish()
    took = time.perf_counter() - started
    print(f"wrote {count} records to {root} in {took:.1f} s")


if __name__ == "__main__":
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: python bench/make_records.py N DIR")
    main(int(sys.argv[1]), Path(sys.argv[2]))
