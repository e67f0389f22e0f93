"""The wheel carries the flow library, and an installed signoff finds it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def test_wheel_contains_flows_and_styles(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(".venv", ".git", "*cache*", "dist"))
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path / "dist"), str(src)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("signoff-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tui/flows/catalog.toml" in names
    assert "tui/flows/schema.json" in names
    assert "tui/config.schema.json" in names, "config.toml is checked against it"
    assert "signoff/__main__.py" in names, "python -m signoff"
    assert "tui/flows/whatsapp/web-shared-computer.toml" in names
    assert "tui/cli/__init__.py" in names
    assert "tui/app/app.tcss" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", "from tui.paths import builtin_flows_dir; "
                          "print(builtin_flows_dir())"], capture_output=True, text=True,
                         check=True, cwd=tmp_path, env={"PYTHONPATH": str(target)})
    assert out.stdout.strip() == str(target / "tui" / "flows")
