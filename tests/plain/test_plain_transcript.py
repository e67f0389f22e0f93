"""A whole plain-mode session over the fixture flows, as a screen reader hears it,
checked against golden transcripts: the concise default and --verbose.

After a deliberate change of what the plain mode says, regenerate with
SIGNOFF_UPDATE_GOLDEN=1, then read the new transcript from top to bottom (aloud, if
you can) before committing it."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import FIXTURE_FLOWS, REPO
from tests.helpers.records import store_at
from tui.options import Options
from tui.plain import run_plain

GOLDEN = REPO / "tests" / "data" / "golden"
TYPED = ("1\n1\n1\n1\n1\nd\nm\ny\n8.0.50\nAndroid 14\nno bar at the top\nn\n"
         "left at the desk\nx\ns\nno phone here\nd\n")
"""The questions by number (app, surface, goal, phone: yes, private window: yes), then
a tick; on the second step a mark, a note, a key it does not know and a skip; a tick."""


def _session(tmp_path: Path, verbose: bool) -> str:
    records = tmp_path / "records"
    options = Options(lang="en", records_dir=records, flow_dirs=(FIXTURE_FLOWS,),
                      operator="ana", verbose=verbose)
    out = io.StringIO()
    console = Console(file=out, width=80, highlight=False, markup=False, emoji=False)
    code = run_plain(options, io.StringIO(TYPED), console, store_at(records))
    assert code == 0, out.getvalue()
    return out.getvalue().replace(str(records), "<records>")


@pytest.mark.parametrize("verbose", [False, True], ids=["concise", "verbose"])
def test_a_whole_session_matches_its_transcript(tmp_path: Path, verbose: bool) -> None:
    text = _session(tmp_path, verbose)
    golden = GOLDEN / f"plain-run{'-verbose' if verbose else ''}.txt"
    if os.environ.get("SIGNOFF_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
