"""What the app imports before its first frame: the start screen and what it needs, not
the screens that come later (the questions, the checklist and their run machinery),
which tui.app.navigation imports after the first frame (see tui.runtime.preload).

Checked in a fresh interpreter, since the test process has imported everything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

LATER = ("tui.app.screens.question", "tui.app.screens.checklist", "tui.app.screens.dialogs",
         "tui.core.run", "tui.core.engine", "tui.core.plan")
"""Modules the start screen's first frame does not need."""


def loaded_after(code: str) -> set[str]:
    probe = (f"{code}\nimport sys\n"
             f"print(','.join(m for m in {LATER!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    return set(filter(None, out.stdout.strip().split(",")))


def test_the_app_module_leaves_the_later_screens_unimported() -> None:
    assert loaded_after("import tui.app.signoff_app") == set()


def test_the_later_screens_are_imported_by_what_needs_them() -> None:
    code = ("from tui.runtime.preload import preload\n"
            "from tui.app.navigation import CHECKLIST, QUESTIONS\n"
            "preload(QUESTIONS + CHECKLIST)")
    assert loaded_after(code) == set(LATER)


NOT_AT_START = ("tui.core.flows.model", "tui.core.gates", "tui.core.board",
                "tui.core.records.head", "tui.core.records.signing",
                "tui.core.records.sshsig", "tui.core.records.texts", "tomllib",
                "textual.widgets._checkbox", "textual.widgets._radio_button", "tui.glyphs")
"""What the start screen's first frame does not need: the flow model (the library is
read after it), the gates and the board, what only a finish needs (the head, the
signing code, the step texts), the TOML parser (no open run, no config.toml), the
export dialog's toggle widgets and the glyph tables (a terminal that draws Unicode)."""


BEFORE_THE_FIRST_FRAME = f"""
import tempfile
from pathlib import Path
from tui.app.signoff_app import RECORDS
from tui.app.start_view import read_start
from tui.config import signing_keys
from tui.core.records.store import RecordStore
from tui.runtime.preload import preload
preload(RECORDS)
folder = Path(tempfile.mkdtemp())
read_start(RecordStore(folder / "records", keys=signing_keys(), index_dir=folder / "index"))
import sys
print(",".join(m for m in {NOT_AT_START!r} if m in sys.modules))
"""


def test_the_start_screen_and_its_read_leave_the_rest_unimported(tmp_path: Path) -> None:
    """The app module, the records code it imports before Textual starts, and the start
    screen's read of a new user's folder (no records, no settings file)."""
    env = {**os.environ, "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"),
           "SIGNOFF_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", BEFORE_THE_FIRST_FRAME],
                         capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == ""

