"""The command line makes a subcommand's parser only when it is needed
(tui.cli.lazy_subparsers), and reads exactly as when every parser is made at once: the
same help texts, completion scripts, man page, parsed options and errors."""

from __future__ import annotations

import argparse
import contextlib
import io
from datetime import date

import pytest
import shtab

from tui.cli import manpage
from tui.cli.parser import build_parser

CASES = [
    [], ["--help"], ["--plain"], ["--version"], ["nope"], ["run"], ["resume"],
    ["run", "a", "b", "c", "--field", "x=y"], ["keys"], ["keys", "show"], ["flows", "zz"],
    ["--operator", "run"], ["--lang", "zh", "history", "--json"],
    ["history", "--json", "--lang", "en"], ["export", "--format", "bad"],
    ["keys", "show", "--help"], ["flows", "lint", "--help"],
    *([name, "--help"] for name in ("run", "batch", "board", "resume", "history", "show",
                                   "export", "verify", "sync", "keys", "report", "feedback",
                                   "handout", "class", "due", "paths", "serve", "flows",
                                   "completion")),
]


def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[
        argparse.ArgumentParser]:
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub


def made_at_once() -> argparse.ArgumentParser:
    parser = build_parser()
    dict(subcommands(parser).choices.items())  # makes every subcommand's parser
    return parser


def outcome(parser: argparse.ArgumentParser, args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result = repr(sorted(vars(parser.parse_args(args)).items()))
        except SystemExit as exc:
            result = f"exit {exc.code}"
    return f"{result}\n{out.getvalue()}\n{err.getvalue()}"


def test_no_subcommand_parser_is_made_for_the_wizard() -> None:
    parser = build_parser()
    parser.parse_args(["--plain"])
    made = dict.values(subcommands(parser).choices)  # as stored, not made on lookup
    assert all(value is None for value in made)


def test_only_the_chosen_subcommands_parser_is_made() -> None:
    parser = build_parser()
    assert parser.parse_args(["history", "--json"]).json
    stored = dict(dict.items(subcommands(parser).choices))
    assert [name for name, value in stored.items() if value is not None] == ["history"]


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_parsing_and_help_read_as_with_every_parser_made(
        args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert outcome(build_parser(), args) == outcome(made_at_once(), args)


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_scripts_are_the_same(shell: str) -> None:
    assert shtab.complete(build_parser(), shell=shell) == shtab.complete(made_at_once(),
                                                                          shell=shell)


def test_the_man_page_is_the_same() -> None:
    day = date(2026, 1, 1)
    assert manpage.render(build_parser(), day) == manpage.render(made_at_once(), day)
