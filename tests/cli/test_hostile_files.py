"""Files people edit or are sent (user flows, records, config.toml) that are hostile or
broken: each is reported in one sentence and skipped; every other file and every
command keeps working."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli

DEEP_ARRAY = "x = " + "[" * 500 + "]" * 500 + "\n"
DEEP_TABLE = "x = " + "{a=" * 300 + "1" + "}" * 300 + "\n"


@pytest.mark.parametrize("text", [DEEP_ARRAY, DEEP_TABLE], ids=["arrays", "inline-tables"])
def test_a_deeply_nested_user_flow_is_one_problem_and_nothing_else_stops(
        text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert len(text.encode()) < 2000
    flows = tmp_path / "config" / "flows"
    flows.mkdir(parents=True)
    (flows / "deep.toml").write_text(text, encoding="utf-8")
    store_at(tmp_path / "records")
    for command in (["flows", "list"], ["flows", "matrix"], ["due"], ["history"], ["paths"],
                    ["report"], ["verify"]):
        assert cli.main(command) == 0, command
        err = capsys.readouterr().err
        assert "Recursion" not in err and "Traceback" not in err
    assert cli.main(["flows", "lint"]) == 1
    out = capsys.readouterr().out
    (line,) = [ln for ln in out.splitlines() if "deep.toml" in ln]
    assert "nested too deeply" in line


def test_a_deeply_nested_record_is_named_as_damaged(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    store = store_at(tmp_path / "records")
    finished_run(store, fixture_library())
    (store.root / "20261122-090000-demo-ffff.toml").write_text(DEEP_ARRAY, encoding="utf-8")
    assert cli.main(["history"]) == 0
    captured = capsys.readouterr()
    assert "20261122-090000-demo-0001" in captured.out
    assert "damaged record 20261122-090000-demo-ffff.toml" in captured.err
    assert "nested too deeply" in captured.err


def test_a_deeply_nested_config_is_one_warning(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(DEEP_TABLE, encoding="utf-8")
    store_at(tmp_path / "records")
    code = cli.main(["due"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Recursion" not in err and err.count("\n") == 1, err
    assert code in (0, 2)
