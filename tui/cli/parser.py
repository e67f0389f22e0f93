"""Provides the `signoff` command line: every subcommand and option, in argparse (stdlib:
enough for a dozen subcommands, and fast to start)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, NoReturn

from tui import __version__, exit_codes
from tui.cli.lazy_subparsers import LazySubParsers

FILES = {"bash": "_shtab_compgen_files", "zsh": "_files"}
DIRECTORIES = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/"}
"""What shtab completes an option's value with (its FILE and DIRECTORY, written out:
the parser is built on every start, and importing shtab is for `completion` only)."""


def _paths(action: argparse.Action, kind: dict[str, str] = FILES) -> None:
    setattr(action, "complete", kind)  # noqa: B010  (read by shtab)


def _out(value: str) -> str | None:
    """`--out -` is the screen, as in most commands that write files; without this it
    quietly became a file named "-" in the current folder."""
    return None if value == "-" else value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"signoff: {message}. Try 'signoff --help'.\n")
        raise SystemExit(exit_codes.USAGE)


GLOBAL_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, object]], ...] = (
    (("--lang",), {"choices": ["en", "zh"],
                   "help": "language of the interface and flows (default: from the locale)"}),
    (("--records-dir",), {"metavar": "DIR",
                          "help": "where records are kept (or set SIGNOFF_RECORDS_DIR)"}),
    (("--practice",), {"action": "store_true",
                       "help": "practice run: recorded apart from real ones"}),
    (("--operator",), {"metavar": "NAME", "help": "who is doing the run"}),
    (("--class",), {"dest": "class_name", "metavar": "NAME",
                    "help": "a class session: label every record with NAME, ask each "
                    "trainee's name; report --class NAME reports that session alone"}),
    (("--present",), {"action": "store_true",
                      "help": "presenter view for a projector: the step large, nothing personal"}),
    (("--ascii",), {"action": "store_true", "help": "draw with ASCII only"}),
    (("--plain",), {"action": "store_true",
                    "help": "line-by-line mode for simple terminals, screen readers and pipes"}),
    (("--verbose",), {"action": "store_true",
                      "help": "plain mode: say everything every time (option ids, the whole "
                      "step after a note, the record id after each tick, the other "
                      "language's menu)"}),
)
"""Options accepted before or after the subcommand."""

GLOBAL_EPILOG = ("The global options (--lang, --records-dir, --practice, --operator, --class, "
                 "--present, --ascii, --plain, --verbose) work here too; 'signoff --help' "
                 "describes them.")


def _global_options(shown: bool) -> _Parser:
    """Options accepted before or after the subcommand (`signoff --lang zh flows show X`
    and `signoff flows show X --lang zh` both work). Described once, in `signoff
    --help` (`shown`); a subcommand's help names them in one line, not each again."""
    common = _Parser(add_help=False)
    for flags, settings in GLOBAL_OPTIONS:
        kwargs = dict(settings)
        if not shown:
            kwargs["help"] = argparse.SUPPRESS
        action = common.add_argument(*flags, default=argparse.SUPPRESS,
                                     **kwargs)  # type: ignore[arg-type]
        if flags == ("--records-dir",):
            _paths(action, DIRECTORIES)
    # serve's, one per browser: never typed by a person, never in any help
    common.add_argument("--seat", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return common

Command = Callable[[Any, str, str, str], _Parser]
"""Adds a subcommand to a group of them: (group, name, summary, description)."""


def _run_options(p: _Parser, command: Command) -> None:
    p.add_argument("platform", metavar="PLATFORM",
                   help="whatsapp, wechat, wecom, telegram, signal, ...")
    p.add_argument("surface", metavar="SURFACE", help="web, windows, macos, android, ios, admin")
    p.add_argument("goal", metavar="GOAL", help="e.g. shared-computer, lost-device, leaving-job")
    p.add_argument("--subject", metavar="NAME",
                   help="whom the run is for (the departing employee); not asked then")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                   help="an HR field of the subject the goal keeps, e.g. employee_id=E042 "
                   "(repeat for more)")


def _batch_options(p: _Parser, command: Command) -> None:
    p.add_argument("platform")
    p.add_argument("surface")
    p.add_argument("goal")
    _paths(p.add_argument("file", metavar="FILE.csv",
                          help="columns: name, the goal's fields (employee_id, "
                          "department, ticket, last_day) and the flow's question ids "
                          "with answer ids"))


def _board_options(p: _Parser, command: Command) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _resume_options(p: _Parser, command: Command) -> None:
    p.add_argument("record_id", metavar="ID", nargs="?",
                   help="the run to continue (default: the latest interrupted one)")


def _history_options(p: _Parser, command: Command) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _show_options(p: _Parser, command: Command) -> None:
    p.add_argument("record_id", metavar="ID", help="the record's id, or a prefix of it")


def _export_options(p: _Parser, command: Command) -> None:
    p.add_argument("--format", choices=["md", "csv", "jsonl", "xlsx", "evidence"],
                   default="md",
                   help="Markdown, CSV, JSON Lines, an Excel workbook (xlsx: needs "
                   "--out; opens with its Chinese intact in LibreOffice too), or "
                   "evidence: a folder (--out DIR) an auditor checks with ssh-keygen")
    _paths(p.add_argument("--out", type=_out, metavar="FILE",
                          help="write to FILE (a folder for evidence) instead of the "
                          "screen"))
    p.add_argument("--since", metavar="DATE", help="runs started on or after DATE")
    p.add_argument("--until", metavar="DATE", help="runs started on or before DATE")
    p.add_argument("--platform", metavar="P", help="runs on platform P (e.g. wechat)")
    p.add_argument("--mode", choices=["real", "practice"], help="real or practice runs only")
    p.add_argument("--subject", metavar="S",
                   help="runs whose subject or employee id contains S")
    p.add_argument("--redact", action="store_true",
                   help="leave out notes, reasons, operator and subject")


def _verify_options(p: _Parser, command: Command) -> None:
    _paths(p.add_argument("--signers", metavar="FILE", help="allowed_signers file of "
                          "the keys to trust (default: the local key)"))
    p.add_argument("--expect", metavar="SEQ:HASH",
                   help="a head written down earlier that the chain must still hold")
    _paths(p.add_argument("--team", metavar="DIR",
                          help="check a team repository (see sync) per operator; "
                          "needs --signers"), DIRECTORIES)


def _sync_options(p: _Parser, command: Command) -> None:
    _paths(p.add_argument("team", metavar="DIR",
                          help="a clone of the team repository (git clone URL DIR)"),
        DIRECTORIES)


def _keys_options(p: _Parser, command: Command) -> None:
    keys_sub = p.add_subparsers(dest="keys_command", metavar="ACTION",
                                parser_class=_Parser, required=True)
    command(keys_sub, "show", "print the public key as an allowed_signers line",
            "Print the public key as an allowed_signers line, for 'verify --signers' "
            "on another machine.")


def _report_options(p: _Parser, command: Command) -> None:
    p.add_argument("--by", choices=["operator", "flow", "subject"], default="operator",
                   help="one row per operator (default), per flow or per subject "
                   "(leaver)")
    p.add_argument("--mode", choices=["real", "practice"], help="real or practice runs only")
    p.add_argument("--since", metavar="DATE", help="runs started on or after DATE")
    p.add_argument("--until", metavar="DATE", help="runs started on or before DATE")
    p.add_argument("--format", choices=["md", "csv", "html"], default="md",
                   help="Markdown (default), CSV, or HTML to print (with --subject)")
    p.add_argument("--subject", metavar="NAME_OR_ID",
                   help="one subject's audit report: the name or employee id, whole "
                   "(real runs; add --practice for practice runs too)")
    _paths(p.add_argument("--out", type=_out, metavar="FILE",
                          help="with --subject: write to FILE instead of the screen"))


def _feedback_options(p: _Parser, command: Command) -> None:
    _paths(p.add_argument("--out", type=_out, metavar="FILE",
                          help="write to FILE instead of the screen"))
    p.add_argument("--format", choices=["md", "jsonl"], default="md",
                   help="Markdown (default) or JSON Lines")


def _handout_options(p: _Parser, command: Command) -> None:
    p.add_argument("platform")
    p.add_argument("surface")
    p.add_argument("goal")
    p.add_argument("--answers", nargs="*", default=[], metavar="KEY=VALUE",
                   help="answers to the flow's own questions, e.g. phone=yes")
    p.add_argument("--format", choices=["html", "md"], default="html",
                   help="HTML to print (default) or Markdown")
    _paths(p.add_argument("--out", type=_out, metavar="FILE",
                          help="write to FILE instead of the screen"))


def _class_options(p: _Parser, command: Command) -> None:
    p.add_argument("room", metavar="NAME", help="the class, as given to --class")


def _due_options(p: _Parser, command: Command) -> None:
    _paths(p.add_argument("--ics", metavar="FILE",
                          help="also write calendar reminders to FILE"))


def _serve_options(p: _Parser, command: Command) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address people open, e.g. http://room-pc.local:8000 "
                   "(default: this machine's address when --host is 0.0.0.0)")
    p.add_argument("--max-sessions", type=int, default=20, metavar="N",
                   help="how many browser tabs may be open at once (default 20)")


def _flows_options(p: _Parser, command: Command) -> None:
    flows_sub = p.add_subparsers(dest="flows_command", metavar="ACTION",
                                 parser_class=_Parser, required=True)
    listing = command(flows_sub, "list", "list the flows", "List every flow with its id.")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    show_flow = command(flows_sub, "show", "show one flow in full",
                        "Show one flow in full: its questions and every step.")
    show_flow.add_argument("flow_id", metavar="ID", help="the flow's id ('signoff flows list')")
    lint = command(flows_sub, "lint", "check flow files",
                   "Check flow files for mistakes, each with its file and line. Exit 1 "
                   "when there are problems.")
    _paths(lint.add_argument("paths", nargs="*", metavar="PATH",
                             help="folders or files to check (default: built-in and user "
                             "flows)"))
    command(flows_sub, "matrix", "which platform/surface/goal exist",
            "A table of which platform, surface and goal have a flow.")


def _completion_options(p: _Parser, command: Command) -> None:
    p.add_argument("shell", choices=["bash", "zsh"], help="the shell to complete for")


_COMMANDS: tuple[tuple[str, str, str, Callable[[_Parser, Command], None] | None], ...] = (
    ("run", "go straight to a checklist",
     "Start a run without the questions: PLATFORM SURFACE GOAL name the "
     "checklist, e.g. 'signoff run whatsapp web shared-computer' ('signoff "
     "flows matrix' lists them).", _run_options),
    ("batch", "open one run per leaver from a CSV file",
     "Open one run per row of a CSV file (an offboarding batch): every row is "
     "checked first, and a bad row, named by its line, opens nothing; a leaver "
     "already opened is not opened twice.", _batch_options),
    ("board", "one line per leaver: what is next, and when",
     "The offboarding board: one line per leaver with the step to do now, "
     "what it waits for and until when, or done.", _board_options),
    ("resume", "continue an interrupted run",
     "Continue a run that was stopped (q, a closed window, a dropped "
     "connection) from its first step not done.", _resume_options),
    ("history", "list records",
     "List the records, newest last; damaged files are named on stderr.", _history_options),
    ("show", "show one record",
     "One record as a readable report (Markdown); an unambiguous prefix of "
     "its id is enough.", _show_options),
    ("export", "export records",
     "Export records for an auditor or a spreadsheet, with the chain head "
     "at the top so 'verify --expect' can check them later.", _export_options),
    ("verify", "prove no record was changed or removed, and who signed "
     "them", "Check the hash chain of every record, the head file and each "
     "record's signature. Exit 1 when anything does not hold.", _verify_options),
    ("sync", "commit your finished records to the team's git repository",
     "Copy your finished records, their signatures and your chain head into "
     "your own folder of a clone of the team's git repository, commit them "
     "signed with your records' key, and push.", _sync_options),
    ("keys", "the key that signs records",
     "The Ed25519 key that signs each finished record (made on first need).", _keys_options),
    ("report", "class or personal summary, or one leaver's audit report",
     "Runs, completed, minutes, skipped steps with reasons and 'did not "
     "match my app' flags, by operator or by flow; practice and real apart. "
     "With --subject, one leaver's report for an HR auditor: every run and "
     "step with who, when, status and reason, the flow version, the "
     "signing keys, the chain head and the verify verdict (HTML prints on "
     "A4).", _report_options),
    ("feedback", "the 'did not match my app' flags, for maintainers",
     "Write every 'did not match my app' flag in the records, with what "
     "the person saw instead, for the flow maintainers: no names, notes, "
     "skip reasons or record ids.", _feedback_options),
    ("handout", "a flow's checklist to print and hand out",
     "Write a flow's checklist to print and hand out: every step with a box, "
     "where, why, how to check, warnings and sources, the flow's hash and the "
     "date (HTML prints on A4, a page per phase).", _handout_options),
    ("class", "the trainer's live view of a class session's room",
     "The trainer's live view of a class session: one row per trainee, "
     "updated as they tick.", _class_options),
    ("due", "which routine reviews are due",
     "Which routine reviews are due per platform you used, and open runs "
     "that wait for time.", _due_options),
    ("paths", "print where records and flows live",
     "Print where records, the config file and your own flows live.", None),
    ("serve", "the app in a web browser",
     "Serve the app to web browsers, for a training room: each tab gets its "
     "own signoff. Prints the one URL to open (with its access token).", _serve_options),
    ("flows", "list, show, lint the flow library",
     "The flow library: the built-in flows and your own.", _flows_options),
    ("completion", "print a shell completion script",
     "Print a completion script for bash or zsh, generated from this "
     "parser. bash: 'signoff completion bash > "
     "~/.local/share/bash-completion/completions/signoff'; zsh: "
     "'signoff completion zsh > ~/.zfunc/_signoff' (with ~/.zfunc in "
     "fpath).", _completion_options),
)
"""Each subcommand: its name, its line in the list of commands, the sentences at the
top of its own --help, and what adds its options."""


def build_parser() -> argparse.ArgumentParser:
    common: list[_Parser] = []
    """The global options each subcommand repeats, made once the first one is built."""

    def command(group: argparse._SubParsersAction[_Parser], name: str, summary: str,
                description: str) -> _Parser:
        """A subcommand: `summary` in the list of commands, `description` (sentences
        saying what it does and why) at the top of its own --help."""
        return group.add_parser(name, parents=shared(), help=summary,
                                description=description, epilog=GLOBAL_EPILOG)

    def shared() -> list[_Parser]:
        if not common:
            common.append(_global_options(shown=False))
        return common

    parser = _Parser(prog="signoff", parents=[_global_options(shown=True)],
                     description="Sign out of WhatsApp, WeChat, WeCom, Telegram, Signal, "
                     "Feishu / Lark, DingTalk and QQ safely, step by step, "
                     "with a tamper-evident record of what was done. With no command, "
                     "starts the wizard.",
                     epilog="'signoff COMMAND --help' describes a command.")
    parser.add_argument("--version", action="version", version=f"signoff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                                action=LazySubParsers)
    assert isinstance(sub, LazySubParsers)
    for name, summary, description, options in _COMMANDS:
        def make(prog: str, description: str = description,
                 options: Callable[[_Parser, Command], None] | None = options) -> _Parser:
            made = _Parser(prog=prog, parents=shared(), description=description,
                           epilog=GLOBAL_EPILOG)
            if options is not None:
                options(made, command)
            return made

        sub.add_later(name, make, help=summary)
    return parser
