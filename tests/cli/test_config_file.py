"""config.toml: any problem is one warning naming it, and the defaults are used; what is
valid is what tui/config.schema.json says (the file an editor can use)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.helpers.records import finished_run, fixture_library, store_at
from tui import cli
from tui.config import SCHEMA_FILE, Settings, load_settings, settings_or_defaults

BROKEN = {
    "reviews-is-a-number": ("reviews = 1\n", "reviews: 1 is not of type 'object'"),
    "reviews-is-a-list": ("reviews = []\n", "reviews: [] is not of type 'object'"),
    "huge-every-days": ("[reviews]\nevery_days = 100000000000\n", "every_days"),
    "huge-platform-days": ("[reviews.platforms]\nwechat = 99999999999\n", "wechat"),
    "typo-at-top": ("[review]\nevery_days = 30\n", "unknown key review"),
    "typo-inside": ("[reviews]\nevry_days = 30\n", "unknown key reviews.evry_days"),
    "keys-not-text": ("[keys]\n'checklist.tick' = 1\n", "keys.checklist.tick"),
}


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    path = folder / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_due_with_a_broken_config_warns_once_and_uses_the_defaults(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, named = BROKEN[case]
    _write(tmp_path, text)
    finished_run(store_at(tmp_path / "records"), fixture_library())
    assert cli.main(["due"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, captured.err
    assert named in captured.err and "defaults are used" in captured.err
    assert "every 90 days" in captured.out


def test_the_schema_is_what_the_loader_enforces(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    good = _write(tmp_path, "[reviews]\nevery_days = 30\n[reviews.platforms]\nwechat = 7\n"
                  "[keys]\n'checklist.tick' = 't'\n")
    assert load_settings(good) == Settings(30, {"wechat": 7}, {"checklist.tick": "t"})
    for text, _ in BROKEN.values():
        settings, problem = settings_or_defaults(_write(tmp_path, text))
        assert settings == Settings() and problem
