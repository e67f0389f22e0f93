"""Provides the `signoff` command: argparse subcommands, and the choice of front end.

argparse (stdlib) is enough for a dozen subcommands and keeps start-up fast; Textual
is imported only when the full-screen app is really started, so the plain mode and
every non-UI command stay light.

Exit codes: 0 success, 1 a check found problems (lint, verify), 2 bad usage or bad
input, 3 a run was stopped and saved for resuming.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tui import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_STOPPED = 0, 1, 2, 3


class UserError(Exception):
    """Something the person typed or pointed at is wrong: one sentence, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"signoff: {message}. Try 'signoff --help'.\n")
        raise SystemExit(EXIT_USAGE)


def _global_options() -> _Parser:
    """Options accepted before or after the subcommand (`signoff --lang zh flows show X`
    and `signoff flows show X --lang zh` both work)."""
    common = _Parser(add_help=False)
    s = argparse.SUPPRESS
    common.add_argument("--lang", choices=["en", "zh"], default=s,
                        help="language of the interface and flows (default: from the locale)")
    common.add_argument("--records-dir", metavar="DIR", default=s,
                        help="where records are kept (or set SIGNOFF_RECORDS_DIR)")
    common.add_argument("--practice", action="store_true", default=s,
                        help="practice run: recorded apart from real ones")
    common.add_argument("--operator", metavar="NAME", default=s, help="who is doing the run")
    common.add_argument("--ascii", action="store_true", default=s,
                        help="draw with ASCII only")
    common.add_argument("--plain", action="store_true", default=s,
                        help="line-by-line mode for simple terminals, screen readers and pipes")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = _Parser(prog="signoff", parents=[common],
                     description="Sign out of WhatsApp, WeChat and WeCom safely, step by step, "
                     "with a tamper-evident record of what was done.")
    parser.add_argument("--version", action="version", version=f"signoff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    flows = sub.add_parser("flows", parents=[common], help="list, show, lint the flow library")
    flows_sub = flows.add_subparsers(dest="flows_command", metavar="ACTION",
                                     parser_class=_Parser, required=True)
    listing = flows_sub.add_parser("list", parents=[common], help="list the flows")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show = flows_sub.add_parser("show", parents=[common], help="show one flow in full")
    show.add_argument("flow_id", metavar="ID")
    lint = flows_sub.add_parser("lint", parents=[common], help="check flow files")
    lint.add_argument("paths", nargs="*", metavar="PATH",
                      help="folders or files to check (default: built-in and user flows)")
    flows_sub.add_parser("matrix", parents=[common], help="which platform/surface/goal exist")
    return parser


def _lang(args: argparse.Namespace) -> str:
    from tui.i18n import detect_lang

    return getattr(args, "lang", None) or detect_lang()


def _flow_folders() -> list[Path]:
    from tui.paths import builtin_flows_dir, user_flows_dir

    return [builtin_flows_dir(), user_flows_dir()]


def _cmd_flows(args: argparse.Namespace) -> int:
    from tui.commands import flows as cmd
    from tui.core.loader import load_library

    lang = _lang(args)
    if args.flows_command == "lint":
        paths = [Path(p) for p in args.paths]
        for path in paths:
            if not path.exists():
                raise UserError(f"{path} does not exist")
        folders = _flow_folders()[:1] + [p for p in paths if p.is_dir()] if paths \
            else _flow_folders()
        files = [p for p in paths if p.is_file()]
        library = load_library(folders, extra_files=files)
        report = cmd.lint_report(library, paths)
        for line in report:
            print(line)
        count = len(library.flows)
        if report:
            print(f"{len(report)} problem(s) found.", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"OK: {count} flows, no problems.")
        return EXIT_OK
    library = load_library(_flow_folders())
    for problem in library.problems:
        print(f"signoff: warning: {problem}", file=sys.stderr)
    if args.flows_command == "list":
        print(cmd.list_flows(library, lang, args.json))
    elif args.flows_command == "show":
        flow = library.flows.get(args.flow_id)
        if flow is None:
            raise UserError(f'there is no flow "{args.flow_id}"; '
                            "\'signoff flows list\' shows the ids")
        print(cmd.show_flow(flow, lang))
    else:
        print(cmd.matrix(library, lang))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"flows": _cmd_flows}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        sys.stderr.write("signoff: name a command; 'signoff --help' lists them.\n")
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        sys.stderr.write(f"signoff: {exc}.\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("signoff: interrupted.\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
