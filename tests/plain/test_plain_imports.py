"""What the plain mode has imported when it asks its first question: never Textual, and
not the checklist's parts (how a step is presented, the gates, the run), which it
imports once a run begins, nor what only a finish needs (the head, the signing code,
the step texts), what only a chosen goal needs (its plan), what only a terminal that
cannot draw Unicode needs (the glyph tables) or what only a folder with records needs
(the record index: SQLite, hashlib, JSON; here the folder is new). Checked in a fresh
interpreter that reaches the first prompt and then reads the end of its input (exit
130, nothing recorded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui import exit_codes

pytestmark = pytest.mark.slow

NOT_BEFORE_THE_FIRST_PROMPT = ("textual", "tui.app", "tui.core.run", "tui.core.present",
                               "tui.gate_text", "tui.core.gates", "tui.core.secret_check",
                               "tui.core.records.head", "tui.core.records.signing",
                               "tui.core.records.sshsig", "tui.core.records.texts",
                               "tui.core.plan", "tui.glyphs", "tui.core.records.index",
                               "sqlite3", "hashlib", "json")

PROBE = f"""
import atexit, sys
def loaded():
    names = {NOT_BEFORE_THE_FIRST_PROMPT!r}
    sys.stderr.write("LOADED:" + ",".join(n for n in names if n in sys.modules) + "\\n")
atexit.register(loaded)
from tui.cli import main
sys.exit(main(["--plain", "--lang", "en"]))
"""


def test_the_first_prompt_comes_before_textual_and_the_checklist(tmp_path: Path) -> None:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("LC_")},
           "LANG": "C.UTF-8",  # a terminal that draws Unicode: nothing is folded
           "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
           "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"),
           "SIGNOFF_CACHE_DIR": str(tmp_path / "cache")}
    loaded = []
    for _ in ("the first start (the flow files are read and cached)", "the next"):
        done = subprocess.run([sys.executable, "-c", PROBE], input="", capture_output=True,
                              text=True, env=env, timeout=120, check=False)
        assert done.returncode == exit_codes.INTERRUPTED, done.stderr
        assert "Which app?" in done.stdout
        (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("LOADED:")]
        loaded.append(set(line.removeprefix("LOADED:").split(",")) - {""})
    assert loaded[0] <= {"hashlib", "json"}, "reading the flow files hashes them"
    assert loaded[1] == set()


NOT_BEFORE_THE_QUESTION_IS_SHOWN = ("tui.core.flows.model", "tui.core.engine",
                                    "tui.core.records.store", "tui.core.records.record",
                                    "tui.core.flows.loader", "tui.config")

AT_THE_PROMPT = f"""
import io, sys
class Screen(io.TextIOWrapper):
    seen = None
    def write(self, text):
        if Screen.seen is None and "Answer 1-" in text:
            names = {NOT_BEFORE_THE_QUESTION_IS_SHOWN!r}
            Screen.seen = ",".join(n for n in names if n in sys.modules)
            sys.stderr.write("AT PROMPT:" + Screen.seen + "\\n")
        return super().write(text)
sys.stdout = Screen(sys.stdout.detach(), encoding="utf-8", line_buffering=True)
from tui.cli import main
sys.exit(main(["--plain", "--lang", "en"]))
"""


def test_the_first_question_is_shown_before_the_flow_model_and_the_records_code(
        tmp_path: Path) -> None:
    """The library (and its fourteen classes) and the records code are loaded while the
    person reads the first question: the cache's front says what to ask."""
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("LC_")},
           "LANG": "C.UTF-8", "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
           "SIGNOFF_CONFIG_DIR": str(tmp_path / "config"),
           "SIGNOFF_CACHE_DIR": str(tmp_path / "cache")}
    seen = []
    for _ in ("the first start (the flow files are read and cached)", "the next"):
        done = subprocess.run([sys.executable, "-c", AT_THE_PROMPT], input="",
                              capture_output=True, text=True, env=env, timeout=120,
                              check=False)
        assert done.returncode == exit_codes.INTERRUPTED, done.stderr
        assert "Which app?" in done.stdout
        (line,) = [ln for ln in done.stderr.splitlines() if ln.startswith("AT PROMPT:")]
        seen.append(set(line.removeprefix("AT PROMPT:").split(",")) - {""})
    assert "tui.core.flows.loader" in seen[0]  # the check can see a module loaded
    assert seen[1] == set()
