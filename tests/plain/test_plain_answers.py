"""The plain mode in-process, over the fixture flows: what it does with undecodable
input, the end of input or Ctrl-C before a run, a closed output, `f` with steps left,
and the order a screen reader hears a step in."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import store_at
from tui import exit_codes
from tui.options import Options
from tui.plain import run_plain

DEMO = ("demo", "web", "shared-computer")


def _plain(tmp_path: Path, typed: str, run: tuple[str, str, str] | None = DEMO,
           operator: str = "ana", out: io.StringIO | None = None) -> tuple[int, str]:
    screen = out or io.StringIO()
    options = Options(lang="en", records_dir=tmp_path / "records", flow_dirs=(FIXTURE_FLOWS,),
                      operator=operator, run=run)
    console = Console(file=screen, width=100, highlight=False, markup=False, emoji=False)
    code = run_plain(options, io.StringIO(typed), console, store_at(tmp_path / "records"))
    return code, screen.getvalue()


def _record(tmp_path: Path) -> dict[str, object]:
    (path,) = (tmp_path / "records").glob("2*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_bytes_that_are_not_utf8_in_a_note_and_a_reason_are_kept_replaced(
        tmp_path: Path) -> None:
    typed = "1\n1\nn\nnote \udcff here\ns\nreason \udcfe\nq\n"
    code, out = _plain(tmp_path, typed)
    assert code == exit_codes.STOPPED, out
    assert "not UTF-8" in out
    steps = _record(tmp_path)["steps"]
    assert isinstance(steps, list)
    assert steps[0]["note"] == "note \ufffd here" and steps[0]["reason"] == "reason \ufffd"


def test_an_operator_that_is_not_utf8_is_recorded_replaced_not_lost(tmp_path: Path) -> None:
    code, out = _plain(tmp_path, "1\n1\nd\nq\n", operator="ana \udcff")
    assert code == exit_codes.STOPPED, out
    assert _record(tmp_path)["operator"] == "ana \ufffd"


def test_operator_argument_that_is_not_utf8_is_one_sentence(
        capsys: pytest.CaptureFixture[str]) -> None:
    from tui import cli

    assert cli.main(["--plain", "--operator", "ana\udcff", "history"]) == exit_codes.USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--operator" in err and "UTF-8" in err


@pytest.mark.parametrize("typed", ["", "1\n"], ids=["at-once", "after-one-answer"])
def test_end_of_input_before_a_run_begins_is_130_not_saved(tmp_path: Path,
                                                          typed: str) -> None:
    code, out = _plain(tmp_path, typed)
    assert code == exit_codes.INTERRUPTED == 130
    assert "nothing was recorded" in out
    assert not list((tmp_path / "records").glob("2*.toml"))


def test_ctrl_c_before_a_run_begins_is_130(tmp_path: Path) -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            raise KeyboardInterrupt

    options = Options(lang="en", records_dir=tmp_path / "records", flow_dirs=(FIXTURE_FLOWS,),
                      operator="ana", run=DEMO)
    console = Console(file=io.StringIO(), highlight=False, markup=False)
    assert run_plain(options, Interrupting(), console) == 130


def test_a_closed_output_is_one_message_on_stderr_and_the_run_is_saved(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    class ClosedAfterAWhile(io.StringIO):
        writes = 0

        def write(self, text: str) -> int:
            self.writes += 1
            if self.writes > 25:
                raise BrokenPipeError(32, "Broken pipe")
            return super().write(text)

    import os

    monkeypatch.setattr(os, "dup2", lambda *args: None)  # leave pytest's stdout alone
    code, _ = _plain(tmp_path, "1\n1\nd\nd\nd\nd\n", out=ClosedAfterAWhile())
    err = capsys.readouterr().err
    assert code == exit_codes.STOPPED
    assert err.count("\n") == 1 and "output was closed" in err and "signoff resume" in err
    assert _record(tmp_path)["outcome"] == "in-progress"


def test_the_warning_is_heard_before_the_instruction(tmp_path: Path) -> None:
    code, out = _plain(tmp_path, "DELETE\nq\n", run=("demo", "android", "delete-account"))
    assert code == exit_codes.STOPPED, out
    step = out[out.index("Step 1/1"):]
    assert step.index("Warning: Everything is lost.") < step.index("Why: You asked for it.")


def test_f_asks_and_no_keeps_the_run_going(tmp_path: Path) -> None:
    code, out = _plain(tmp_path, "1\n1\nf\nn\nq\n")
    assert "required step(s) are not done. Finish anyway?" in out
    assert "Not finished" in out
    assert code == exit_codes.STOPPED
    assert _record(tmp_path)["outcome"] == "in-progress"


def test_f_confirmed_with_steps_left_exits_incomplete(tmp_path: Path) -> None:
    code, out = _plain(tmp_path, "1\n1\nf\ny\n")
    assert code == exit_codes.INCOMPLETE != exit_codes.OK, out
    assert _record(tmp_path)["outcome"] == "incomplete"


def test_f_with_every_required_step_done_finishes_at_once(tmp_path: Path) -> None:
    code, out = _plain(tmp_path, "1\n1\nd\nd\nf\n")
    assert code == exit_codes.OK, out
    assert "Finish anyway" not in out
    assert _record(tmp_path)["outcome"] == "completed"
