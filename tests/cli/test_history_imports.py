"""What `signoff history` loads: the listing and the index, not the other record
commands' code (the flow model, how steps are presented, the Markdown and CSV
exports, config.toml and the signing code). Importing tui.commands.records for every
record command made `history --json` on ten records twice a Rich prompt's time.
Checked in a fresh interpreter, at exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at

pytestmark = pytest.mark.slow

NOT_FOR_HISTORY = ("tui.commands.records", "tui.core.flows.model", "tui.core.present",
                   "tui.core.reports.markdown", "tui.core.reports.export", "tui.config",
                   "tui.core.records.signing")

PROBE = f"""
import atexit, sys
def loaded():
    names = {NOT_FOR_HISTORY!r}
    sys.stderr.write("LOADED:" + ",".join(n for n in names if n in sys.modules) + "\\n")
atexit.register(loaded)
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("as_json", [True, False])
def test_history_loads_only_what_it_lists_with(tmp_path: Path, as_json: bool) -> None:
    store = store_at(tmp_path / "records")
    record = finished_run(store, fixture_library())
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(store.root),
           "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"),
           "SIGNOFF_CACHE_DIR": str(tmp_path / "cache")}
    argv = ["history", "--json"] if as_json else ["history"]
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert record.id in done.stdout
    (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("LOADED:")]
    assert set(line.removeprefix("LOADED:").split(",")) - {""} == set()
