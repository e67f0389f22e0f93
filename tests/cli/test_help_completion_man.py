"""The command line describes itself (#17 item 16, second half): each subcommand's
--help says what it does without repeating the global options, `signoff completion
bash|zsh` prints a script made from the parser, and the man page generated from the
parser names every command and option."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui import cli
from tui.cli.manpage import render
from tui.cli.parser import GLOBAL_OPTIONS, build_parser


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
              ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*prefix, name), child
                yield from _commands(child, (*prefix, name))


COMMANDS = list(_commands(build_parser()))
GLOBALS = [flags[0] for flags, _ in GLOBAL_OPTIONS]


def _help(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        cli.main([*path, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=" ".join)
def test_a_subcommands_help_describes_it_and_names_the_globals_once(
        path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    parser = dict(COMMANDS)[path]
    out = _help(path, capsys)
    assert parser.description and parser.description.split()[0] in out, out
    option_rows = [line.split()[0] for line in out.splitlines() if line.startswith("  -")]
    assert not set(option_rows) & set(GLOBALS), "global options listed again"
    assert out.count("--records-dir") == 1, "named once, in the line about global options"


def test_global_options_still_work_after_the_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["paths", "--records-dir", str(tmp_path / "r"), "--lang", "zh"]) == 0
    assert str(tmp_path / "r") in capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_knows_every_command(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for path, parser in COMMANDS:
        assert path[-1] in script, path
        for action in parser._actions:
            if action.help != argparse.SUPPRESS:
                assert all(option in script for option in action.option_strings), action
    program = shutil.which(shell)
    if program is not None:  # the script is valid for that shell
        check = subprocess.run([program, "-n"], input=script, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_completion_for_another_shell_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["completion", "fish"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice" in err


def test_the_man_page_names_every_command_and_option() -> None:
    page = render(build_parser())
    for path, parser in COMMANDS:
        assert f".SS signoff {' '.join(path)}\n" in page, path
        for action in parser._actions:
            for option in action.option_strings:
                if action.help != argparse.SUPPRESS and option not in ("-h", "--help"):
                    assert option.replace("-", "\\-") in page, (path, option)
    for option in GLOBALS:
        assert f".B {option.replace('-', chr(92) + '-')}" in page
    assert ".SH EXIT STATUS" in page and ".B 130" in page


def test_scripts_manpage_writes_a_page_groff_reads_without_warnings(tmp_path: Path) -> None:
    target = tmp_path / "signoff.1"
    done = subprocess.run(["bash", str(REPO / "scripts" / "manpage"), str(target)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith(".TH SIGNOFF 1 ") and ".SS signoff flows lint" in page
    groff = shutil.which("groff")
    if groff is None:
        pytest.skip("groff is not installed")
    check = subprocess.run([groff, "-man", "-ww", "-z", str(target)], capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr
