"""Provides what the record commands do (history, show, export, verify, report, due,
feedback, paths, keys, batch, board, sync): each opens the records folder the
command line names and returns the exit status."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui import exit_codes
from tui.cli.errors import UserError
from tui.cli.setup import flow_folders, lang_of
from tui.i18n import t

if TYPE_CHECKING:
    from tui.core.records.store import RecordStore


def open_store(args: argparse.Namespace, signing: bool = True) -> RecordStore:
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


def cmd_records(args: argparse.Namespace) -> int:
    store = open_store(args, signing=args.command != "history")
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
