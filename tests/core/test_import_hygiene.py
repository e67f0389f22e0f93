"""The core and the runtime helpers never load a UI toolkit or platformdirs, checked by
importing each module in a fresh interpreter (harlequin's check). The module list is
walked from the packages, so a new core module is covered without anyone adding it.

import-linter (in the test command) checks the same boundaries statically; this test
checks what really ends up loaded, lazy imports included.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui.core
import tui.runtime

pytestmark = pytest.mark.slow

FORBIDDEN = ("textual", "rich", "platformdirs")


def _walk(package: object) -> list[str]:
    name = package.__name__  # type: ignore[attr-defined]
    paths = package.__path__  # type: ignore[attr-defined]
    return [name, *(info.name for info in pkgutil.walk_packages(paths, name + "."))]


CORE = _walk(tui.core) + _walk(tui.runtime)


def test_the_walk_finds_every_core_package() -> None:
    for expected in ("tui.core.flows.loader", "tui.core.records.store",
                     "tui.core.reports.export", "tui.core.run", "tui.runtime.head_start"):
        assert expected in CORE


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_ui_toolkits(module: str) -> None:
    code = (f"import {module}, sys; "
            f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_flows_command_runs_without_textual() -> None:
    code = ("import sys; from tui.cli import main; main(['flows', 'list']); "
            "sys.stderr.write(','.join(m for m in ('textual', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == ""
