"""Provides `signoff serve`: the app in a browser through textual-serve, for training
rooms without terminals. Each browser tab gets its own signoff process.

It binds to the loopback address unless told otherwise, because anyone who can reach
the port can use the app and read the records folder it was started with.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys

from tui.options import Options

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(options: Options) -> str:
    """The command each browser tab runs: the app, with this server's choices."""
    parts = [sys.executable, "-m", "tui", "--lang", options.lang, "--records-dir",
             str(options.records_dir.resolve())]
    if options.mode == "practice":
        parts.append("--practice")
    if options.operator:
        parts += ["--operator", options.operator]
    return " ".join(shlex.quote(p) for p in parts)


def serve(options: Options, host: str, port: int) -> int:
    from textual_serve.server import Server

    if not is_loopback(host):
        sys.stderr.write(f"signoff: warning: serving on {host}:{port}: anyone who can reach "
                         "this port can use signoff and its records folder.\n")
    Server(app_command(options), host=host, port=port, title="signoff").serve()
    return 0
