"""Provides what each subcommand does: the wizard (app or plain mode), the flow
commands, serve, handouts, the room view and completion, and the table of every
subcommand; the record commands are in cli.record_commands. Each returns the exit
status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui import exit_codes
from tui.cli.errors import UserError as UserError
from tui.cli.record_commands import cmd_records, open_store
from tui.cli.setup import flow_folders, lang_of, options_from, wants_plain
from tui.i18n import t
from tui.runtime import collector

if TYPE_CHECKING:
    from tui.core.records.store import RecordStore


def _cmd_flows(args: argparse.Namespace) -> int:
    from tui.commands import flows as cmd

    lang = lang_of(args)
    if args.flows_command == "lint":
        from pathlib import Path

        from tui.core.flows.loader import load_library

        paths = [Path(p) for p in args.paths]
        for path in paths:
            if not path.exists():
                raise UserError(f"{path} does not exist")
        folders = flow_folders()[:1] + [p for p in paths if p.is_dir()] if paths \
            else flow_folders()
        files = [p for p in paths if p.is_file()]
        library = load_library(folders, extra_files=files)
        report = cmd.lint_report(library, paths)
        for line in report:
            print(line)
        count = len(library.flows)
        if report:
            print(t("lint.problems", lang, count=len(report)), file=sys.stderr)
            return exit_codes.PROBLEMS
        print(t("lint.ok", lang, count=count))
        return exit_codes.OK
    from tui.core.flows.cache import load_library_cached
    from tui.paths import cache_dir

    library = load_library_cached(flow_folders(), cache_dir())
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


def run_wizard(args: argparse.Namespace) -> int:
    """`signoff`, `signoff run …`, `signoff resume [ID]`: one of the two front ends."""
    from dataclasses import replace

    plain = wants_plain(args)
    if args.command == "run" and (args.field or args.subject):
        args.fields = _run_fields(args)
    options = options_from(args, app=not plain)
    store: RecordStore | None = None
    if args.command == "resume":  # one store for the whole process, handed on
        from tui.commands.records import find
        from tui.config import signing_keys
        from tui.core.records.store import RecordStore
        from tui.paths import index_dir

        store = RecordStore(options.records_dir, keys=signing_keys(),
                       index_dir=index_dir())
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


def _run_fields(args: argparse.Namespace) -> tuple[tuple[str, str], ...]:
    """`run --field` checked against the goal's subject_fields before anything starts."""
    from tui.core.flows.cache import load_library_cached
    from tui.core.subjects import FieldError, parse_fields
    from tui.paths import cache_dir

    goal = load_library_cached(flow_folders(), cache_dir()).goals.get(args.goal)
    if goal is None:
        return ()  # the wizard says the flow does not exist
    if args.subject is not None and not args.subject.strip():
        raise UserError("--subject is empty; give the departing employee's name")
    try:
        return tuple(parse_fields(args.field, goal).items())
    except FieldError as exc:
        raise UserError(str(exc)) from None


def _cmd_serve(args: argparse.Namespace) -> int:
    collector.start_up_done()
    from tui.commands.serve import ServeError, serve

    if not 0 < args.port < 65536:
        raise UserError(f"--port {args.port} is not a port number (1-65535)")
    if args.max_sessions < 1:
        raise UserError(f"--max-sessions {args.max_sessions} must be 1 or more")
    try:
        return serve(options_from(args), args.host, args.port, args.public_url,
                     args.max_sessions)
    except ServeError as exc:
        raise UserError(str(exc)) from None


def _cmd_handout(args: argparse.Namespace) -> int:
    from datetime import date
    from pathlib import Path

    from tui.cli.setup import flow_folders
    from tui.commands.handout import HandoutError, handout, parse_answers

    lang = lang_of(args)
    try:
        text = handout(flow_folders(), (args.platform, args.surface, args.goal),
                       parse_answers(args.answers), lang, args.format, date.today())
    except HandoutError as exc:
        raise UserError(str(exc)) from None
    if args.out:
        from tui.commands.out_file import write_out_file

        write_out_file(Path(args.out), text.encode("utf-8"))
        print(t("ho.written", lang, path=args.out), file=sys.stderr)
    else:
        sys.stdout.write(text)
    return exit_codes.OK


def _cmd_class(args: argparse.Namespace) -> int:
    """The room view: needs a records folder to watch, and a terminal (or a served tab)."""
    from tui.app.room.app import run_room

    store = open_store(args)
    if not store.root.is_dir():
        raise UserError(f"there is no records folder {store.root} (nothing was saved there; "
                        "check --records-dir or SIGNOFF_RECORDS_DIR)")
    collector.start_up_done()  # the room view runs for the whole class
    return run_room(store, args.room, lang_of(args))


def _cmd_completion(args: argparse.Namespace) -> int:
    """The script shtab makes from this very parser, so it cannot fall behind it."""
    import shtab

    from tui.cli.parser import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return exit_codes.OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "completion": _cmd_completion,
    "serve": _cmd_serve, "class": _cmd_class, "handout": _cmd_handout,
    "flows": _cmd_flows, "run": run_wizard, "resume": run_wizard, "history": cmd_records,
    "show": cmd_records, "export": cmd_records, "verify": cmd_records,
    "paths": cmd_records, "report": cmd_records, "due": cmd_records, "keys": cmd_records,
    "feedback": cmd_records,
    "batch": cmd_records, "board": cmd_records, "sync": cmd_records,
}
