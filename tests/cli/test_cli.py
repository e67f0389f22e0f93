"""The command line: exit codes, one-sentence errors, JSON shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS, REPO


def signoff(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, **(env or {})}, timeout=60)


def assert_one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("signoff: ")


def test_version_and_help() -> None:
    from tui import __version__

    assert signoff("--version").stdout.strip() == f"signoff {__version__}"
    out = signoff("--help")
    assert out.returncode == 0 and "flows" in out.stdout


@pytest.mark.parametrize(
    "args",
    [["bogus"], ["flows"], ["flows", "show", "no-such-flow"], ["--lang", "fr", "flows", "list"],
     ["flows", "lint", "/no/such/folder"]],
)
def test_bad_input_is_one_sentence_and_exit_2(args: list[str]) -> None:
    out = signoff(*args)
    assert out.returncode == 2, out
    assert_one_sentence(out.stderr)


def test_flows_list_json_shape() -> None:
    out = signoff("flows", "list", "--json")
    assert out.returncode == 0
    flows = json.loads(out.stdout)
    assert flows
    for item in flows:
        assert {"id", "platform", "surface", "goal", "title", "steps", "source_file"} <= item.keys()
        assert set(item["title"]) == {"en", "zh"}
        assert isinstance(item["steps"], int) and item["steps"] > 0
        assert Path(item["source_file"]).is_file()
    ids = {f["id"] for f in flows}
    assert "whatsapp-web-shared-computer" in ids


def test_flows_show_in_chinese() -> None:
    out = signoff("flows", "show", "whatsapp-web-shared-computer", "--lang", "zh")
    assert out.returncode == 0
    assert "已关联的设备" in out.stdout and "signoff run whatsapp web shared-computer" in out.stdout


def test_lang_follows_locale() -> None:
    out = signoff("flows", "list", env={"LANG": "zh_CN.UTF-8"})
    assert "WhatsApp 网页版" in out.stdout


def test_lint_clean_on_shipped_and_fixture_flows() -> None:
    out = signoff("flows", "lint")
    assert out.returncode == 0, out.stdout + out.stderr
    assert signoff("flows", "lint", str(FIXTURE_FLOWS)).returncode == 0


def test_lint_broken_folder_exit_1_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\n[flow]\nid = "x"\ntitle = { en = "only English" }\n',
                   encoding="utf-8")
    out = signoff("flows", "lint", str(tmp_path))
    assert out.returncode == 1
    assert f"{bad}:4: flow.title is missing its zh translation" in out.stdout
    assert "Traceback" not in out.stderr


def test_user_flow_folder_is_loaded(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    (config / "flows").mkdir(parents=True)
    for item in FIXTURE_FLOWS.iterdir():
        target = config / "flows" / item.name
        if item.is_dir():
            target.mkdir()
            for f in item.iterdir():
                (target / f.name).write_bytes(f.read_bytes())
        else:
            target.write_bytes(item.read_bytes())
    out = signoff("flows", "list", "--json", env={"SIGNOFF_CONFIG_DIR": str(config)})
    ids = {f["id"] for f in json.loads(out.stdout)}
    assert {"demo-web-shared-computer", "whatsapp-web-shared-computer"} <= ids


def test_no_command_without_a_terminal_is_the_plain_wizard() -> None:
    out = signoff()
    assert out.returncode == 130, "end of input before a run: interrupted, nothing recorded"
    assert out.stdout.startswith("Which app?")
    assert "nothing was recorded" in out.stdout


def test_flows_show_names_prerequisites_waits_and_source_kinds() -> None:
    out = signoff("flows", "show", "wecom-admin-offboard-employee")
    assert out.returncode == 0, out.stderr
    assert "      after: transfer-while-active (+24 h)" in out.stdout
    assert "after: files-approvals-unchecked, check-transfer-complete," in out.stdout
    assert "https://developer.work.weixin.qq.com/document/path/90198 (2026-12-06, " \
        "official-api)" in out.stdout


@pytest.mark.parametrize("args", [
    ["export", "--format", "csv"],
    ["feedback"],
    ["handout", "wechat", "android", "lost-device", "--format", "md", "--answers", "pay=no"],
])
def test_out_dash_is_the_screen_not_a_file_named_dash(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "records").mkdir(mode=0o700)
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
           "HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-m", "tui", *args, "--out", "-"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip(), "written to the screen"
    assert not (tmp_path / "-").exists()


def test_show_says_how_many_records_a_short_id_matches(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Said "2 records matches"; an ambiguous prefix now asks for more of the id."""
    from tests.helpers.records import finished_run, fixture_library, store_at
    from tui.cli import main

    store = store_at(tmp_path / "records")
    first = finished_run(store, fixture_library())
    finished_run(store, fixture_library())
    root = ["--records-dir", str(store.root)]
    assert main(["show", "2", *root]) == 2
    assert capsys.readouterr().err == ('signoff: "2" matches 2 records; give more of the id '
                                       "('signoff history' lists them).\n")
    assert main(["show", "x", *root]) == 2
    assert "no record matches \"x\"" in capsys.readouterr().err
    assert main(["show", first.id, *root]) == 0
