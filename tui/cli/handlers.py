"""Provides what each subcommand does: the wizard (app or plain mode), the record
commands, the flow commands and serve. Each returns the exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui import exit_codes
from tui.cli.setup import flow_folders, lang_of, options_from, wants_plain
from tui.i18n import t
from tui.runtime import collector

if TYPE_CHECKING:
    from tui.core.records.store import RecordStore


class UserError(Exception):
    """Something the person typed or pointed at is wrong: one sentence, exit 2."""


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


def _store(args: argparse.Namespace, signing: bool = True) -> RecordStore:
    """The records folder the command names. `signing`: the store may finish or sign
    (its key from config.toml); history only reads, and loads none of that."""
    from tui.core.records.store import RecordStore
    from tui.paths import index_dir, records_dir

    keys = None
    if signing:
        from tui.config import signing_keys

        keys = signing_keys()
    return RecordStore(records_dir(getattr(args, "records_dir", None)), keys=keys,
                       index_dir=index_dir())


def _cmd_records(args: argparse.Namespace) -> int:
    store = _store(args, signing=args.command != "history")
    if args.command == "history":  # before the other record commands' code is loaded
        from tui.commands.history import write_history

        _must_exist(store)
        write_history(store, args.json, sys.stdout, lang_of(args))
        return exit_codes.OK
    from tui.commands import records as cmd

    if args.command == "paths":
        from tui.paths import config_dir, user_flows_dir

        lang = lang_of(args)
        print(t("paths.records", lang, path=store.root))
        print(t("paths.config", lang, path=config_dir()))
        print(t("paths.flows", lang, path=user_flows_dir()))
        return exit_codes.OK
    if args.command == "keys":
        from tui.config import default_operator

        line, about = cmd.keys_show(store, getattr(args, "operator", "") or default_operator())
        print(line)
        print(about, file=sys.stderr)
        return exit_codes.OK
    if args.command in ("batch", "board"):
        return _cmd_offboarding(args, store)
    if args.command == "sync" or getattr(args, "team", None):
        return _cmd_team(args, store)
    if args.command in ("export", "verify", "show", "report", "due", "feedback"):
        _must_exist(store)
    if args.command == "show":
        from tui.core.reports.export import to_markdown
        from tui.i18n import words_for

        print(to_markdown([cmd.find(store, args.record_id)],
                          words=words_for(("md.",), lang_of(args)),
                          shown=cmd.shown_texts(store)), end="")
    elif args.command == "export":
        if args.format == "evidence":
            from tui.commands.evidence import export_evidence
            from tui.config import default_operator

            identity = getattr(args, "operator", "") or default_operator()
            export_evidence(store, out=args.out, identity=identity, since=args.since,
                            until=args.until, platform=args.platform, mode=args.mode,
                            subject=args.subject)
            return exit_codes.OK
        cmd.export(store, fmt=args.format, out=args.out, since=args.since,
                   until=args.until, platform=args.platform, mode=args.mode,
                   subject=args.subject, redact=args.redact, to=sys.stdout,
                   lang=lang_of(args))
    elif args.command == "report" and args.subject is not None:
        from tui.commands.subject_report import subject_report

        if args.format == "csv":
            raise UserError("report --subject writes Markdown or HTML (--format md or html)")
        sys.stdout.write(subject_report(store, subject=args.subject, fmt=args.format,
                                        lang=lang_of(args), out=args.out,
                                        practice=getattr(args, "practice", False)))
    elif args.command == "report":
        if args.format == "html" or args.out is not None:
            raise UserError("--format html and --out go with --subject NAME (one "
                            "leaver's report)")
        sys.stdout.write(cmd.report(store, by=args.by, mode=args.mode, since=args.since,
                                    until=args.until, fmt=args.format,
                                    lang=lang_of(args),
                                    class_name=getattr(args, "class_name", None)))
    elif args.command == "feedback":
        from tui.commands.feedback import feedback

        feedback(store, fmt=args.format, out=args.out, to=sys.stdout, lang=lang_of(args))
    elif args.command == "due":
        from tui.config import settings_or_defaults
        from tui.core.safe_text import literal

        settings, problem = settings_or_defaults()
        if problem:  # the README's promise: one warning, and the defaults
            sys.stderr.write(t("due.config_warning", lang_of(args),
                               problem=literal(problem, keep_newlines=False)) + "\n")
        print(cmd.due(store, settings, args.ics, lang_of(args)))
    else:
        ok, text = cmd.verify(store, lang_of(args), signers=args.signers, expect=args.expect)
        print(text)
        return exit_codes.OK if ok else exit_codes.PROBLEMS
    return exit_codes.OK


def _must_exist(store: RecordStore) -> None:
    """A command that reads records says so when the folder is not there: an empty
    answer would suggest a folder with no records (a typo in --records-dir)."""
    if not store.root.is_dir():
        raise UserError(f"there is no records folder {store.root} (nothing was saved there; "
                        "check --records-dir or SIGNOFF_RECORDS_DIR)")


def _cmd_team(args: argparse.Namespace, store: RecordStore) -> int:
    """`signoff sync DIR` and `signoff verify --team DIR --signers FILE`."""
    from tui.commands import team

    if args.command == "sync":
        from tui.config import default_operator

        print(team.sync(store, args.team,
                        identity=getattr(args, "operator", "") or default_operator(),
                        lang=lang_of(args)))
        return exit_codes.OK
    if args.signers is None:
        raise UserError("verify --team needs --signers FILE, the team's allowed_signers")
    ok, text = team.verify_team(args.team, args.signers, lang_of(args), args.expect)
    print(text)
    return exit_codes.OK if ok else exit_codes.PROBLEMS


def _cmd_offboarding(args: argparse.Namespace, store: RecordStore) -> int:
    """`signoff batch` and `signoff board`: the flows are needed to plan and to gate."""
    from tui.commands import offboarding as cmd
    from tui.core.flows.cache import load_library_cached
    from tui.paths import cache_dir

    library = load_library_cached(flow_folders(), cache_dir())
    lang = lang_of(args)
    if args.command == "board":
        # No folder yet: no leavers, said as --json was asked (a script parses it).
        rows = cmd.board_rows(store, library) if store.root.is_dir() else []
        print(cmd.board_text(rows, lang, args.json))
        return exit_codes.OK
    from tui.config import default_operator

    print(cmd.batch(store, library, (args.platform, args.surface, args.goal), args.file,
                    lang=lang, mode="practice" if getattr(args, "practice", False) else "real",
                    operator=getattr(args, "operator", "") or default_operator()))
    return exit_codes.OK


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

    store = _store(args)
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
    "flows": _cmd_flows, "run": run_wizard, "resume": run_wizard, "history": _cmd_records,
    "show": _cmd_records, "export": _cmd_records, "verify": _cmd_records,
    "paths": _cmd_records, "report": _cmd_records, "due": _cmd_records, "keys": _cmd_records,
    "feedback": _cmd_records,
    "batch": _cmd_records, "board": _cmd_records, "sync": _cmd_records,
}
