"""bench/run.py still runs (one quick round on small data). No timing is asserted:
the benchmark is not a test, this only keeps it from rotting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_quick_prints_the_tables(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--data", str(tmp_path)],
        capture_output=True, text=True, timeout=240, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    for row in ("ready (start screen)", "peak memory at ready", "exit after quit key",
                "first question, `n` typed at spawn", "first question, `n` typed at ready",
                "first question, `n` at ready, no flow cache", "keypress (tick",
                "plain mode: first prompt", "signoff --version",
                "history --json", "History screen ready", "export --format csv", "verify",
                "peak memory at first question", "shipped library"):
        assert row in result.stdout, row
