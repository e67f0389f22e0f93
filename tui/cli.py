"""Provides the `signoff` command: argparse subcommands, and the choice of front end.

argparse (stdlib) is enough for a dozen subcommands and keeps start-up fast; Textual
is imported only when the full-screen app is really started, so the plain mode and
every non-UI command stay light.

Exit codes are in tui.exit_codes and the README.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn

from tui import __version__, exit_codes
from tui.runtime import collector

if TYPE_CHECKING:
    from pathlib import Path

    from tui.core.records.store import RecordStore
    from tui.options import Options



class UserError(Exception):
    """Something the person typed or pointed at is wrong: one sentence, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"signoff: {message}. Try 'signoff --help'.\n")
        raise SystemExit(exit_codes.USAGE)


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
    common.add_argument("--present", action="store_true", default=s,
                        help="presenter view for a projector: the step large, nothing personal")
    common.add_argument("--ascii", action="store_true", default=s,
                        help="draw with ASCII only")
    common.add_argument("--plain", action="store_true", default=s,
                        help="line-by-line mode for simple terminals, screen readers and pipes")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _global_options()
    parser = _Parser(prog="signoff", parents=[common],
                     description="Sign out of WhatsApp, WeChat and WeCom safely, step by step, "
                     "with a tamper-evident record of what was done. With no command, "
                     "starts the wizard.")
    parser.add_argument("--version", action="version", version=f"signoff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", parents=[common], help="go straight to a checklist")
    run.add_argument("platform")
    run.add_argument("surface")
    run.add_argument("goal")
    resume = sub.add_parser("resume", parents=[common], help="continue an interrupted run")
    resume.add_argument("record_id", metavar="ID", nargs="?",
                        help="the run to continue (default: the latest interrupted one)")
    history = sub.add_parser("history", parents=[common], help="list records")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    show = sub.add_parser("show", parents=[common], help="show one record")
    show.add_argument("record_id", metavar="ID")
    export = sub.add_parser("export", parents=[common], help="export records")
    export.add_argument("--format", choices=["md", "csv", "jsonl"], default="md")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of the screen")
    export.add_argument("--since", metavar="DATE", help="runs started on or after DATE")
    export.add_argument("--until", metavar="DATE", help="runs started on or before DATE")
    export.add_argument("--platform", metavar="P")
    export.add_argument("--mode", choices=["real", "practice"])
    export.add_argument("--subject", metavar="S", help="runs whose subject contains S")
    export.add_argument("--redact", action="store_true",
                        help="leave out notes, reasons, operator and subject")
    sub.add_parser("verify", parents=[common], help="prove no record was changed or removed")
    report = sub.add_parser("report", parents=[common], help="class or personal summary")
    report.add_argument("--by", choices=["operator", "flow"], default="operator")
    report.add_argument("--mode", choices=["real", "practice"])
    report.add_argument("--since", metavar="DATE")
    report.add_argument("--until", metavar="DATE")
    report.add_argument("--format", choices=["md", "csv"], default="md")
    due = sub.add_parser("due", parents=[common], help="which routine reviews are due")
    due.add_argument("--ics", metavar="FILE", help="also write calendar reminders to FILE")
    sub.add_parser("paths", parents=[common], help="print where records and flows live")
    serve = sub.add_parser("serve", parents=[common], help="the app in a web browser")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000)

    flows = sub.add_parser("flows", parents=[common], help="list, show, lint the flow library")
    flows_sub = flows.add_subparsers(dest="flows_command", metavar="ACTION",
                                     parser_class=_Parser, required=True)
    listing = flows_sub.add_parser("list", parents=[common], help="list the flows")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show_flow = flows_sub.add_parser("show", parents=[common], help="show one flow in full")
    show_flow.add_argument("flow_id", metavar="ID")
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

    lang = _lang(args)
    if args.flows_command == "lint":
        from pathlib import Path

        from tui.core.flows.loader import load_library

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
            return exit_codes.PROBLEMS
        print(f"OK: {count} flows, no problems.")
        return exit_codes.OK
    from tui.core.flows.cache import load_library_cached
    from tui.paths import cache_dir

    library = load_library_cached(_flow_folders(), cache_dir())
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
    return exit_codes.OK


def locale_is_utf8(environ: Mapping[str, str], coerced: bool = False) -> bool:
    """Whether the locale (LC_ALL, then LC_CTYPE, then LANG) says the terminal speaks
    UTF-8. No locale at all is the C locale: ASCII. `coerced`: Python replaced a C
    locale with C.UTF-8 at start-up (PEP 538), so its LC_CTYPE is not the person's."""
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(var, "")
        if var == "LC_CTYPE" and coerced:
            continue
        if value:
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return False


def _python_coerced_locale() -> bool:
    """Python turns on UTF-8 mode by itself only when it found the C or POSIX locale."""
    return bool(sys.flags.utf8_mode) and "PYTHONUTF8" not in os.environ \
        and "utf8" not in sys._xoptions


def _terminal(args: argparse.Namespace, lang: str) -> tuple[bool, bool, str, tuple[str, ...]]:
    """(ascii, console, language, warnings) for this terminal. The Linux text console
    and ASCII terminals cannot show Chinese: English, and one sentence if zh was asked."""
    console = os.environ.get("TERM", "") == "linux"
    ascii_only = bool(getattr(args, "ascii", False)) or not locale_is_utf8(
        os.environ, _python_coerced_locale())
    warnings: tuple[str, ...] = ()
    if (console or ascii_only) and lang == "zh":
        if getattr(args, "lang", None) == "zh":
            from tui.i18n import t

            warnings = (t("app.no_chinese_console" if console and not ascii_only
                          else "app.no_chinese_ascii", "en"),)
        lang = "en"
    return ascii_only, console, lang, warnings


def _options(args: argparse.Namespace, *, app: bool = True) -> Options:
    """What the front end needs. Only the app reads config.toml (for its key map): the
    plain mode has no keys to remap, so it neither waits for nor trips over that file."""
    from tui.options import Options
    from tui.paths import records_dir

    ascii_only, console, lang, warnings = _terminal(args, _lang(args))
    keymap: tuple[tuple[str, str], ...] = ()
    if app:
        from tui.config import load_settings

        keymap = tuple(load_settings().keys.items())
    return Options(
        lang=lang, records_dir=records_dir(getattr(args, "records_dir", None)),
        flow_dirs=tuple(_flow_folders()),
        mode="practice" if getattr(args, "practice", False) else "real",
        operator=getattr(args, "operator", "") or "", ascii=ascii_only, console=console,
        present=bool(getattr(args, "present", False)),
        no_color="NO_COLOR" in os.environ,
        run=(args.platform, args.surface, args.goal) if args.command == "run" else None,
        resume=getattr(args, "record_id", None) if args.command == "resume" else None,
        keymap=keymap, warnings=warnings,
    )


def _wants_plain(args: argparse.Namespace) -> bool:
    """Plain when asked, or when there is no terminal to draw on (a browser tab under
    `signoff serve` has no terminal but draws through Textual's web driver)."""
    if getattr(args, "plain", False):
        return True
    if os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver"):
        return False
    if os.environ.get("TERM", "") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


def _cmd_wizard(args: argparse.Namespace) -> int:
    """`signoff`, `signoff run …`, `signoff resume [ID]`: one of the two front ends."""
    from dataclasses import replace

    plain = _wants_plain(args)
    options = _options(args, app=not plain)
    store: RecordStore | None = None
    if args.command == "resume":  # one store for the whole process, handed on
        from tui.commands.records import find
        from tui.core.records.store import RecordStore

        store = RecordStore(options.records_dir)
        if options.resume is None:
            waiting = store.in_progress()
            if not waiting:
                raise UserError("there is no interrupted run to resume")
            options = replace(options, resume=waiting[-1].id)
        else:
            options = replace(options, resume=find(store, options.resume).id)
    if plain:
        from tui.plain import run_plain

        return run_plain(options, sys.stdin, store=store)
    collector.start_up_done()
    from tui.app.signoff_app import run_app

    return run_app(options, store)


def _store(args: argparse.Namespace) -> RecordStore:
    from tui.core.records.store import RecordStore
    from tui.paths import records_dir

    return RecordStore(records_dir(getattr(args, "records_dir", None)))


def _cmd_records(args: argparse.Namespace) -> int:
    from tui.commands import records as cmd

    store = _store(args)
    if args.command == "paths":
        from tui.paths import config_dir, user_flows_dir

        print(f"records: {store.root}")
        print(f"config:  {config_dir()}")
        print(f"flows:   {user_flows_dir()}")
        return exit_codes.OK
    if args.command == "history":
        print(cmd.history(store, args.json))
    elif args.command == "show":
        from tui.core.reports.export import to_markdown

        print(to_markdown([cmd.find(store, args.record_id)]), end="")
    elif args.command == "export":
        cmd.export(store, fmt=args.format, out=args.out, since=args.since,
                   until=args.until, platform=args.platform, mode=args.mode,
                   subject=args.subject, redact=args.redact, to=sys.stdout)
    elif args.command == "report":
        sys.stdout.write(cmd.report(store, by=args.by, mode=args.mode, since=args.since,
                                    until=args.until, fmt=args.format))
    elif args.command == "due":
        from tui.config import load_settings

        print(cmd.due(store, load_settings(), args.ics))
    else:
        ok, text = cmd.verify(store)
        print(text)
        return exit_codes.OK if ok else exit_codes.PROBLEMS
    return exit_codes.OK


def _cmd_serve(args: argparse.Namespace) -> int:
    collector.start_up_done()
    from tui.commands.serve import serve

    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port} is not a port number (1-65535)")
    return serve(_options(args), args.host, args.port)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "serve": _cmd_serve,
    "flows": _cmd_flows, "run": _cmd_wizard, "resume": _cmd_wizard, "history": _cmd_records,
    "show": _cmd_records, "export": _cmd_records, "verify": _cmd_records,
    "paths": _cmd_records, "report": _cmd_records, "due": _cmd_records,
}


def _one_line(text: str) -> str:
    """Error text echoes what the person typed: show it, never let it act on the
    terminal (escapes, bidi overrides) or break the one-line rule."""
    from tui.core.safe_text import literal

    return literal(text, keep_newlines=False)


_ONE_SENTENCE = (("tui.commands.records", "CommandError"), ("tui.core.records.store", "StoreError"),
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
    try:
        if args.command is None:
            return _cmd_wizard(args)
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        sys.stderr.write("signoff: interrupted.\n")
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        return exit_codes.OK
    except Exception as exc:
        if isinstance(exc, UserError) or any(_raised_as(exc, *c) for c in _ONE_SENTENCE):
            sys.stderr.write(f"signoff: {_one_line(str(exc)).rstrip('.')}.\n")
            return exit_codes.USAGE
        if _raised_as(exc, "tui.core.records.record", "RecordDamaged"):
            from tui.core.records.record import RecordDamaged  # loaded already: it raised

            assert isinstance(exc, RecordDamaged)
            sys.stderr.write(f"signoff: damaged record {_one_line(exc.name)}: "
                             f"{_one_line(exc.reason)}.\n")
            return exit_codes.USAGE
        raise
