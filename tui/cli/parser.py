"""Provides the `signoff` command line: every subcommand and option, in argparse (stdlib:
enough for a dozen subcommands, and fast to start)."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from tui import __version__, exit_codes


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
                     description="Sign out of WhatsApp, WeChat, WeCom, Telegram, Signal, "
                     "Feishu / Lark, DingTalk and QQ safely, step by step, "
                     "with a tamper-evident record of what was done. With no command, "
                     "starts the wizard.")
    parser.add_argument("--version", action="version", version=f"signoff {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", parents=[common], help="go straight to a checklist")
    run.add_argument("platform")
    run.add_argument("surface")
    run.add_argument("goal")
    run.add_argument("--subject", metavar="NAME",
                     help="whom the run is for (the departing employee); not asked then")
    run.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                     help="an HR field of the subject the goal keeps, e.g. employee_id=E042 "
                     "(repeat for more)")
    batch = sub.add_parser("batch", parents=[common],
                           help="open one run per leaver from a CSV file")
    batch.add_argument("platform")
    batch.add_argument("surface")
    batch.add_argument("goal")
    batch.add_argument("file", metavar="FILE.csv",
                       help="columns: name, the goal's fields (employee_id, department, "
                       "ticket, last_day) and the flow's question ids with answer ids")
    board = sub.add_parser("board", parents=[common],
                           help="one line per leaver: what is next, and when")
    board.add_argument("--json", action="store_true", help="machine-readable output")
    resume = sub.add_parser("resume", parents=[common], help="continue an interrupted run")
    resume.add_argument("record_id", metavar="ID", nargs="?",
                        help="the run to continue (default: the latest interrupted one)")
    history = sub.add_parser("history", parents=[common], help="list records")
    history.add_argument("--json", action="store_true", help="machine-readable output")
    show = sub.add_parser("show", parents=[common], help="show one record")
    show.add_argument("record_id", metavar="ID")
    export = sub.add_parser("export", parents=[common], help="export records")
    export.add_argument("--format", choices=["md", "csv", "jsonl", "evidence"], default="md",
                        help="evidence: a folder (--out DIR) an auditor checks with ssh-keygen")
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of the screen")
    export.add_argument("--since", metavar="DATE", help="runs started on or after DATE")
    export.add_argument("--until", metavar="DATE", help="runs started on or before DATE")
    export.add_argument("--platform", metavar="P")
    export.add_argument("--mode", choices=["real", "practice"])
    export.add_argument("--subject", metavar="S",
                        help="runs whose subject or employee id contains S")
    export.add_argument("--redact", action="store_true",
                        help="leave out notes, reasons, operator and subject")
    verify = sub.add_parser("verify", parents=[common],
                            help="prove no record was changed or removed, and who signed them")
    verify.add_argument("--signers", metavar="FILE",
                        help="allowed_signers file of the keys to trust (default: the local key)")
    verify.add_argument("--expect", metavar="SEQ:HASH",
                        help="a head written down earlier that the chain must still hold")
    verify.add_argument("--team", metavar="DIR",
                        help="check a team repository (see sync) per operator; needs --signers")
    sync = sub.add_parser("sync", parents=[common],
                          help="commit your finished records to the team's git repository")
    sync.add_argument("team", metavar="DIR",
                      help="a clone of the team repository (git clone URL DIR)")
    keys = sub.add_parser("keys", parents=[common], help="the key that signs records")
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION",
                                   parser_class=_Parser, required=True)
    keys_sub.add_parser("show", parents=[common],
                        help="print the public key as an allowed_signers line")
    report = sub.add_parser("report", parents=[common], help="class or personal summary")
    report.add_argument("--by", choices=["operator", "flow", "subject"], default="operator",
                        help="one row per operator, per flow or per subject (leaver)")
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
    serve.add_argument("--public-url", metavar="URL",
                       help="the address people open, e.g. http://room-pc.local:8000 "
                       "(default: this machine's address when --host is 0.0.0.0)")
    serve.add_argument("--max-sessions", type=int, default=20, metavar="N",
                       help="how many browser tabs may be open at once (default 20)")

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
