"""A config folder that cannot be traversed (EACCES; e.g. a home folder mounted from
elsewhere, or one left by `sudo`): the commands that read it work without it, or say
one sentence; never a traceback.

The tests run as root on the CI machine, where chmod 000 does not deny anything, so
every stat, listing and open below the folder raises EACCES as the kernel would."""

from __future__ import annotations

import builtins
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    inside = str(folder)

    def guarded(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            name = os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else ""
            if name == inside or name.startswith(inside + os.sep):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
            return real(path, *args, **kwargs)
        return call

    for name in ("stat", "lstat", "scandir", "listdir"):
        monkeypatch.setattr(os, name, guarded(getattr(os, name)))
    monkeypatch.setattr(builtins, "open", guarded(builtins.open))


@pytest.mark.parametrize("command", [["flows", "list"], ["due"], ["flows", "lint"],
                                     ["paths"], ["history"]])
def test_commands_work_when_the_config_folder_cannot_be_entered(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    finished_run(store_at(tmp_path / "records"), fixture_library())
    (tmp_path / "config" / "flows").mkdir(parents=True)
    _deny(monkeypatch, tmp_path / "config")
    code = cli.main(command)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "PermissionError" not in captured.err
    assert code in (0, 1), (code, captured.err)
    assert len([ln for ln in captured.err.splitlines() if ln.strip()]) <= 1, captured.err
    if command == ["flows", "list"]:
        assert "whatsapp-web-shared-computer" in captured.out
    if command == ["due"]:
        assert "every 90 days" in captured.out
