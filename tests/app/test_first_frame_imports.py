"""What the app imports before its first frame: the start screen and what it needs, not
the screens that come later (the questions, the checklist and their run machinery),
which tui.app.navigation imports after the first frame (see tui.runtime.preload).

Checked in a fresh interpreter, since the test process has imported everything."""

from __future__ import annotations

import subprocess
import sys

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
