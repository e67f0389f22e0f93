"""The core and the non-UI commands never load Textual or Rich (harlequin's check)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["tui.core", "tui.core.engine", "tui.core.loader", "tui.core.graph", "tui.core.model",
        "tui.core.library_cache", "tui.paths", "tui.i18n", "tui.commands.flows"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_ui_toolkits(module: str) -> None:
    code = (f"import {module}, sys; "
            "bad = [m for m in ('textual', 'rich') if m in sys.modules]; print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_flows_command_runs_without_textual() -> None:
    code = ("import sys; from tui.cli import main; main(['flows', 'list']); "
            "sys.stderr.write(','.join(m for m in ('textual', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == ""
