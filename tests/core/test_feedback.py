"""`signoff feedback`: every "did not match my app" flag with what the person said, for
the maintainers, without names, subjects, notes or skip reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.records import fixture_library, store_at
from tui.cli import main
from tui.core.engine import Wizard
from tui.core.run import MAX_SEEN, Run


def _records(folder: Path) -> str:
    """One run with two flags (one with details, hostile text included) and private
    text everywhere else; returns the flow hash."""
    library = fixture_library()
    store = store_at(folder)
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                    lang="en", operator="Ana Secret", subject="Bo Private")
    run.note("log-out", "note about Carol")
    run.skip("demo.check-devices", "reason naming Dave")
    run.mismatch("log-out", True, app="WhatsApp 2.24.1", os_name="iOS 18.2",
                 instead="no Log out item\x1b[31m red")
    run.mismatch("demo.check-devices")
    run.close()
    return library.flows["demo-web-shared-computer"].content_hash


PRIVATE = ("Ana Secret", "Bo Private", "Carol", "Dave", "\x1b")


def test_jsonl_has_what_a_maintainer_needs_and_nothing_personal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow_hash = _records(tmp_path / "records")
    assert main(["feedback", "--format", "jsonl", "--records-dir",
                 str(tmp_path / "records")]) == 0
    out = capsys.readouterr().out
    assert not any(word in out for word in PRIVATE), out
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0] == {"flow_id": "demo-web-shared-computer", "flow_hash": flow_hash,
                       "step_id": "log-out", "step_title": "Log out",
                       "app_version": "WhatsApp 2.24.1", "os": "iOS 18.2",
                       "saw_instead": "no Log out item\\x1b[31m red", "lang": "en",
                       "mode": "real", "signoff_version": rows[0]["signoff_version"]}
    assert [r["step_id"] for r in rows] == ["log-out", "demo.check-devices"]
    assert rows[1]["app_version"] == rows[1]["os"] == rows[1]["saw_instead"] == ""
    assert main(["feedback", "--format", "jsonl", "--records-dir",
                 str(tmp_path / "records")]) == 0
    assert capsys.readouterr().out == out, "the same from the record index"


def test_markdown_to_a_file_in_chinese(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    _records(tmp_path / "records")
    out = tmp_path / "feedback.md"
    assert main(["feedback", "--out", str(out), "--lang", "zh", "--records-dir",
                 str(tmp_path / "records")]) == 0
    assert capsys.readouterr().err == f"signoff：已把 2 条标记写入 {out}。\n"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# signoff 反馈：与应用不符的步骤\n")
    assert "## demo-web-shared-computer / log-out：Log out（1 条标记）" in text
    assert "- 应用 WhatsApp 2.24.1；系统 iOS 18.2；实际看到：no Log out item\\\\x1b\\[31m red" \
        in text
    assert not any(word in text for word in PRIVATE)


def test_no_flags_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store_at(tmp_path / "records")
    assert main(["feedback", "--records-dir", str(tmp_path / "records")]) == 0
    assert "No step was marked as not matching the app." in capsys.readouterr().out


@pytest.mark.parametrize("where", ["folder", "missing-records"])
def test_bad_input_is_one_sentence_and_exit_2(tmp_path: Path, where: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _records(tmp_path / "records")
    args = (["--out", str(tmp_path)] if where == "folder"
            else ["--records-dir", str(tmp_path / "nowhere")])
    assert main(["feedback", "--records-dir", str(tmp_path / "records"), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err


def test_what_was_seen_is_short_and_goes_with_the_flag(tmp_path: Path) -> None:
    store = store_at(tmp_path / "records")
    run = Run.start(store, Wizard(fixture_library(), ["demo", "web", "shared-computer", "no"]),
                    lang="en")
    with pytest.raises(ValueError, match="longer than 200"):
        run.mismatch("log-out", True, instead="x" * (MAX_SEEN + 1))
    run.mismatch("log-out", True, app="1.0")
    run.mismatch("log-out", False)
    entry = run.record.step("log-out")
    assert not entry.mismatch and entry.seen_app == ""
