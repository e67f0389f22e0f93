"""Provides `signoff serve`: the app in a browser through textual-serve, for training
rooms without terminals. Each browser tab gets its own signoff process.

It binds to the loopback address unless told otherwise, because whoever holds the
printed URL (with its token) can use the app and read the records folder it was
started with. The token, Host and Origin checks and the session cap are in
tui.commands.serve_guard.
"""

from __future__ import annotations

import errno
import ipaddress
import shlex
import socket
import sys
from urllib.parse import urlsplit

from tui.i18n import t
from tui.options import Options

LOOPBACK = "127.0.0.1"
MAX_SESSIONS = 20
"""Default cap on open tabs: a training room, not a denial of service on the host."""


class ServeError(Exception):
    """The server cannot start as asked: one sentence, exit 2."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_unspecified(host: str) -> bool:
    """0.0.0.0 or ::: every address of this machine, which no browser can open."""
    try:
        return ipaddress.ip_address(host).is_unspecified
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
    if options.class_name:  # each tab asks its trainee's name and lists only their runs
        parts += ["--class", options.class_name]
    if options.present:
        parts.append("--present")
    if options.ascii:
        parts.append("--ascii")
    return " ".join(shlex.quote(p) for p in parts)


def room_command(options: Options) -> str:
    """The command a trainer's tab runs: the room view of the class ("" outside one)."""
    if not options.class_name:
        return ""
    parts = [sys.executable, "-m", "tui", "class", options.class_name, "--lang", options.lang,
             "--records-dir", str(options.records_dir.resolve())]
    return " ".join(shlex.quote(p) for p in parts)


def this_hosts_address() -> str:
    """The address other machines most likely reach this one at: the source address
    of the default route (a UDP connect sends nothing), else the hostname's address."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
            address = str(probe.getsockname()[0])
            if not ipaddress.ip_address(address).is_unspecified:
                return address
        except OSError:
            pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return LOOPBACK


def public_url_for(host: str, port: int, public_url: str | None, lang: str) -> str:
    """The URL people open: --public-url as given, else one naming a reachable host."""
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ServeError(t("serve.bad_public_url", lang, url=public_url))
        return f"{parts.scheme}://{parts.netloc}"
    name = this_hosts_address() if is_unspecified(host) else host
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}"


def bind(host: str, port: int, lang: str) -> socket.socket:
    """The listening socket, or one sentence on why there cannot be one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError):
        raise ServeError(t("serve.bad_host", lang, host=host)) from None
    # IPv4 first: "localhost" often resolves to ::1 first, and browsers try 127.0.0.1.
    infos.sort(key=lambda info: info[0] != socket.AF_INET)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(t("serve.port_busy", lang, port=port)) from None
        if exc.errno == errno.EACCES:
            raise ServeError(t("serve.port_denied", lang, port=port)) from None
        raise ServeError(t("serve.bad_host", lang, host=host)) from None
    return sock


def serve(options: Options, host: str, port: int, public_url: str | None = None,
          max_sessions: int = MAX_SESSIONS) -> int:
    from tui.commands.serve_guard import GuardedServer, new_guard

    lang = options.lang
    sock = bind(host, port, lang)
    port = int(sock.getsockname()[1])
    url = public_url_for(host, port, public_url, lang)
    if not is_loopback(host):
        sys.stderr.write(t("serve.not_loopback", lang, host=host, port=port) + "\n")
    # Listening on every address includes loopback: this machine may use its own names.
    guard = new_guard(url, is_loopback(host) or is_unspecified(host), port, max_sessions,
                      trainer=bool(options.class_name))
    GuardedServer(app_command(options), guard, sock, title="signoff",
                  trainer_command=room_command(options), lang=lang).serve()
    return 0
