"""`--lang zh` is honoured by every record command and by lint, not only by the wizard;
English stays as it was (the goldens hold it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli
from tui.config import signing_keys
from tui.core.records.store import RecordStore

HAN = re.compile(r"[\u4e00-\u9fff]")

COMMANDS = {
    "due": (["due"], "下次复查"),
    "report": (["report"], "# signoff 汇总"),
    "export": (["export", "--format", "md"], "- 时间："),
    "show": (["show", "20261122-090000-demo-0001"], "| # | 步骤 | 状态 |"),
    "history": (["history"], "已完成"),
    "verify": (["verify"], "正常：1 条记录"),
    "paths": (["paths"], "记录："),
    "lint": (["flows", "lint"], "正常："),
}


def signed_store(tmp_path: Path) -> RecordStore:
    """Records signed with the test's own key, as a real run signs them (verify then
    says OK)."""
    store = store_at(tmp_path / "records")
    store.keys = signing_keys()
    return store


@pytest.mark.parametrize("name", COMMANDS, ids=list(COMMANDS))
def test_lang_zh_is_honoured(name: str, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    finished_run(signed_store(tmp_path), fixture_library(), operator="ana")
    args, expected = COMMANDS[name]
    code = cli.main([*args, "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert expected in out, out


@pytest.mark.parametrize("name", COMMANDS, ids=list(COMMANDS))
def test_english_has_no_chinese(name: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    finished_run(signed_store(tmp_path), fixture_library(), operator="ana")
    args, _ = COMMANDS[name]
    assert cli.main([*args, "--lang", "en"]) == 0
    assert not HAN.search(capsys.readouterr().out)
