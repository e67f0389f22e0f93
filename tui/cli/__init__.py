"""Provides the `signoff` command: argparse subcommands, and the choice of front end.

argparse (stdlib) is enough for a dozen subcommands and keeps start-up fast; Textual
is imported only when the full-screen app is really started, so the plain mode and
every non-UI command stay light.

Exit codes are in tui.exit_codes and the README.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui import exit_codes
from tui.cli.handlers import COMMANDS, UserError, run_wizard
from tui.cli.parser import build_parser
from tui.runtime import collector

__all__ = ["COMMANDS", "build_parser", "main"]
"""The package's face: `signoff` runs `main`; the parser is in cli.parser, what each
command does in cli.handlers (the record commands in cli.record_commands), how the
terminal and options are worked out in cli.setup."""


def _one_line(text: str) -> str:
    """Error text echoes what the person typed: show it, never let it act on the
    terminal (escapes, bidi overrides) or break the one-line rule."""
    from tui.core.safe_text import literal

    return literal(text, keep_newlines=False)


_ONE_SENTENCE = (("tui.commands.errors", "CommandError"), ("tui.core.records.store", "StoreError"),
                 ("tui.config", "ConfigError"))
"""Errors that are the person's to fix: their message is the whole report, exit 2."""


def _raised_as(exc: BaseException, module: str, name: str) -> bool:
    """Whether `exc` is module.name, without importing the module: nothing can have
    raised a class from a module that was never imported. Importing them all up front
    made every command (and the plain mode) pay for the record commands."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(exc, getattr(loaded, name))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command, without cyclic garbage collection until a long-lived front end
    starts (see tui.runtime.collector)."""
    was_on = collector.pause_for_start_up()
    try:
        return _main(argv)
    finally:
        collector.restore(was_on)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    operator = getattr(args, "operator", None)
    if operator and any("\ud800" <= c <= "\udfff" for c in operator):
        # Bytes that are not UTF-8 (argv is decoded with surrogateescape) cannot be
        # written into a record: say so before anything starts, rather than fail later.
        from tui.cli.setup import lang_of
        from tui.i18n import t

        sys.stderr.write(t("cli.operator_not_utf8", lang_of(args)) + "\n")
        return exit_codes.USAGE
    try:
        if args.command is None:
            return run_wizard(args)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write("signoff: interrupted.\n")
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        return exit_codes.OK
    except Exception as exc:
        if isinstance(exc, UserError) or any(_raised_as(exc, *c) for c in _ONE_SENTENCE):
            said = _one_line(str(exc)).rstrip(".")
            stop = "" if said.endswith("。") else "."  # a Chinese sentence has its own
            sys.stderr.write(f"signoff: {said}{stop}\n")
            return exit_codes.USAGE
        if _raised_as(exc, "tui.core.records.record", "RecordDamaged"):
            from tui.core.records.record import RecordDamaged  # loaded already: it raised

            assert isinstance(exc, RecordDamaged)
            sys.stderr.write(f"signoff: damaged record {_one_line(exc.name)}: "
                             f"{_one_line(exc.reason)}.\n")
            return exit_codes.USAGE
        raise
