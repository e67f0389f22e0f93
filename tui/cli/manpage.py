"""Provides signoff(1), the man page, generated from the argparse parser itself, so every
command and option in it is the one the program accepts (`scripts/manpage` writes it;
`python -m tui.cli.manpage FILE` does the same).

A small generator rather than a dependency: the page needs the parser's commands,
descriptions and options, the exit codes and the files, and nothing else."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from datetime import date

from tui import __version__

EXIT_STATUS = (
    ("0", "success; a run completed and its record was saved"),
    ("1", "a check found problems (flows lint, verify)"),
    ("2", "bad usage or bad input: one sentence on stderr says what"),
    ("3", "a run was stopped and saved; signoff resume ID continues it"),
    ("4", "an irreversible goal was not confirmed; nothing was recorded"),
    ("5", "a run was finished with required steps not done; saved as incomplete"),
    ("6", "a run was stopped but could not be saved"),
    ("130", "interrupted before a run began; nothing was recorded"),
)
ENVIRONMENT = (
    ("SIGNOFF_RECORDS_DIR", "where records are kept (as --records-dir)"),
    ("SIGNOFF_CONFIG_DIR", "where config.toml and your own flows are"),
    ("LANG, LC_ALL, LC_MESSAGES", "zh* gives Chinese; a locale that is not UTF-8 gives ASCII"),
    ("TERM", "linux: the Linux console's glyphs; dumb: the plain mode"),
    ("NO_COLOR", "no colour at all"),
)


def _roff(text: str) -> str:
    """Text as roff reads it literally: backslashes escaped, hyphens as minus signs (so
    options can be searched and pasted), no line taken for a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line
                     for line in text.splitlines())


def _subcommands(parser: argparse.ArgumentParser
                 ) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {a.dest: a.help or "" for a in action._choices_actions}
            for name, child in action.choices.items():
                yield name, summaries.get(name, ""), child


def _options(parser: argparse.ArgumentParser) -> Iterator[str]:
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(
                action, argparse._SubParsersAction | argparse._HelpAction):
            continue
        metavar = action.metavar or (
            "{" + ",".join(map(str, action.choices)) + "}" if action.choices else None)
        if action.option_strings:
            name = ", ".join(action.option_strings)
            if action.nargs != 0:
                name += f" {metavar or action.dest.upper()}"
        else:
            name = str(metavar or action.dest.upper())
        yield f".TP\n.B {_roff(name)}\n{_roff(str(action.help or ''))}"


def _commands(parser: argparse.ArgumentParser, prefix: str) -> Iterator[str]:
    for name, summary, child in _subcommands(parser):
        full = f"{prefix} {name}".strip()
        yield f".SS {_roff(full)}"
        usage = child.format_usage().removeprefix("usage: ").strip()
        yield f".nf\n{_roff(' '.join(usage.split()))}\n.fi"
        yield ".PP"
        yield _roff(child.description or summary)
        yield from _options(child)
        yield from _commands(child, full)


def render(parser: argparse.ArgumentParser, today: date | None = None) -> str:
    """The whole page in man(7) macros."""
    day = (today or date.today()).isoformat()
    names = ", ".join(name for name, _, _ in _subcommands(parser))
    lines = [
        f'.TH SIGNOFF 1 "{day}" "signoff {__version__}" "User Commands"',
        ".SH NAME", "signoff \\- sign out of messaging apps safely, step by step, with a record",
        ".SH SYNOPSIS", ".B signoff", "[\\fIGLOBAL OPTIONS\\fR] [\\fICOMMAND\\fR] [\\fIARGS\\fR]",
        ".SH DESCRIPTION", _roff(parser.description or ""), ".PP",
        _roff(f"Commands: {names}. Each one's own options follow; the global options "
              "may be given before or after the command."),
        ".SH GLOBAL OPTIONS", *_options(parser),
        ".SH COMMANDS", *_commands(parser, "signoff"),
        ".SH EXIT STATUS",
        *(f".TP\n.B {code}\n{_roff(text)}" for code, text in EXIT_STATUS),
        ".SH ENVIRONMENT",
        *(f".TP\n.B {_roff(name)}\n{_roff(text)}" for name, text in ENVIRONMENT),
        ".SH SEE ALSO", "signoff paths (where records, config and flows live); "
        "the README of the source distribution.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from pathlib import Path

    from tui.cli.parser import build_parser

    args = sys.argv[1:] if argv is None else argv
    page = render(build_parser())
    if not args or args[0] == "-":
        sys.stdout.write(page)
    else:
        Path(args[0]).write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
