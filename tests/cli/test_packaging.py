"""Packaging promises: a LICENSE, `python -m signoff`, and a package that imports
where fcntl and os.geteuid do not exist (Windows), so it can say what it cannot do
instead of failing at import."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.conftest import REPO

NO_POSIX = """
import importlib, os, pkgutil, sys
sys.modules["fcntl"] = None          # `import fcntl` now raises ImportError
del os.geteuid
import tui
for module in pkgutil.walk_packages(tui.__path__, "tui."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
from tui import cli
raise SystemExit(cli.main(["flows", "list"]))
"""


def test_every_module_imports_without_fcntl_or_geteuid(tmp_path: object) -> None:
    done = subprocess.run([sys.executable, "-c", NO_POSIX], cwd=REPO, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "whatsapp-web-shared-computer" in done.stdout


def test_python_m_signoff_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "signoff", "--version"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("signoff ")


def test_the_license_is_the_one_pyproject_names() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert any(c.startswith("Programming Language :: Python :: 3.11")
               for c in project["classifiers"])
