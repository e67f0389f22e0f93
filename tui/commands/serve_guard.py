"""Provides the guard in front of textual-serve: a per-server token, Host and Origin
checks and a cap on sessions.

textual-serve on its own lets anyone who can open a websocket to the port drive a new
signoff process, and browsers let any web page open `ws://127.0.0.1:PORT`. So every
request for the page, a download or the websocket must carry the token (in the URL
printed at start, then in a cookie the page sets), name this server in `Host` (against
DNS rebinding) and, when a browser sends `Origin`, come from this server's own origin.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from tui.i18n import t

COOKIE = "signoff_serve"
"""The cookie that carries the token after the first visit (HttpOnly, SameSite=Strict)."""
TRAINER_COOKIE = "signoff_trainer"
"""The trainer's token, after the trainer's URL was opened: its tabs show the room."""
SEAT_COOKIE = "signoff_seat"
"""A class session's per-browser identity, random, set with the token: each tab is
started with its hash (`--seat`), so a trainee's lists show their own browser's runs."""


def seat_of(request: web.Request) -> str:
    """The hash of the browser's seat cookie ("" without one): what records keep."""
    cookie = request.cookies.get(SEAT_COOKIE, "")
    if not cookie:
        return ""
    import hashlib

    return hashlib.sha256(cookie.encode()).hexdigest()[:16]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Guard:
    """What a request must show to be served."""

    token: str
    """Random per server start: nobody who was not shown the printed URL can guess it."""
    public_url: str
    """The URL people open, without the token (scheme, host and port only)."""
    hosts: frozenset[str]
    """Host header values accepted: the public one and, on loopback, its other names."""
    max_sessions: int
    """How many browser tabs (each one a signoff process) may be open at once."""
    trainer_token: str = ""
    """A class session's second token (`serve --class`): its holder's tabs show the
    room, every trainee's progress, which a trainee's token never opens."""

    @property
    def origins(self) -> frozenset[str]:
        """This server's own origins: its hosts by the public URL's scheme, and by http
        (a proxy may serve https while this machine's own browser comes in plainly)."""
        schemes = {urlsplit(self.public_url).scheme or "http", "http"}
        return frozenset(f"{scheme}://{host}" for host in self.hosts for scheme in schemes)

    def url_to_open(self) -> str:
        return f"{self.public_url}/?token={self.token}"

    def trainer_url(self) -> str:
        return f"{self.public_url}/?trainer={self.trainer_token}"

    def is_trainer(self, request: web.Request) -> bool:
        offered = request.query.get("trainer") or request.cookies.get(TRAINER_COOKIE, "")
        return bool(self.trainer_token) and hmac.compare_digest(
            offered.encode(), self.trainer_token.encode())

    def refusal(self, request: web.Request) -> str | None:
        """Why `request` is refused, or None when it may be served."""
        if request.host.lower() not in self.hosts:
            return "unknown Host"
        origin = request.headers.get("Origin")
        if origin is not None and origin.rstrip("/").lower() not in self.origins:
            return "foreign Origin"
        offered = request.query.get("token") or request.cookies.get(COOKIE, "")
        if not hmac.compare_digest(offered.encode(), self.token.encode()) \
                and not self.is_trainer(request):
            return "missing or wrong token"
        return None


def new_guard(public_url: str, loopback: bool, port: int, max_sessions: int,
              trainer: bool = False) -> Guard:
    """A guard with a fresh token for a server reached at `public_url` (and a second one
    for the trainer of a class session)."""
    host = urlsplit(public_url).netloc.lower()
    hosts = {host}
    if loopback:
        hosts |= {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}
    return Guard(secrets.token_urlsafe(24), public_url.rstrip("/"), frozenset(hosts),
                 max_sessions, secrets.token_urlsafe(24) if trainer else "")


class GuardedServer(Server):
    """textual-serve's Server with every route behind the Guard, listening on a socket
    bound before start (so a busy or privileged port is one sentence, not a traceback)."""

    def __init__(self, command: str, guard: Guard, sock: socket.socket,
                 title: str, trainer_command: str = "", lang: str = "en") -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(command, host=host, port=port, title=title,
                         public_url=guard.public_url)
        self.guard = guard
        self.lang = lang
        """The language of what the server prints (serve's --lang, as its tabs get)."""
        self.trainer_command = trainer_command
        self.sock = sock
        self.sessions = 0

    async def _make_app(self) -> web.Application:
        app: web.Application = await super()._make_app()
        app.middlewares.append(self._check)
        return app

    @web.middleware
    async def _check(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        why = self.guard.refusal(request)
        if why is not None and not request.path.startswith("/static/"):
            raise web.HTTPForbidden(text=f"signoff serve: {why}.\n")
        if why is not None and request.host.lower() not in self.guard.hosts:
            raise web.HTTPForbidden(text="signoff serve: unknown Host.\n")
        if request.path == "/" and "token" in request.query:
            # Keep the token out of the address bar (and off a projected screen).
            found = web.HTTPSeeOther("/")
            found.set_cookie(COOKIE, self.guard.token, httponly=True, samesite="Strict",
                             path="/")
            found.del_cookie(TRAINER_COOKIE, path="/")  # this browser is a trainee's now
            if self.trainer_command and not request.cookies.get(SEAT_COOKIE):
                found.set_cookie(SEAT_COOKIE, secrets.token_urlsafe(16), httponly=True,
                                 samesite="Strict", path="/", max_age=7 * 24 * 3600)
            raise found
        if request.path == "/" and "trainer" in request.query:
            found = web.HTTPSeeOther("/")
            found.set_cookie(TRAINER_COOKIE, self.guard.trainer_token, httponly=True,
                             samesite="Strict", path="/")
            raise found
        if request.path == "/ws":
            return await self._session(request, handler)
        return await handler(request)

    async def _session(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.sessions >= self.guard.max_sessions:
            raise web.HTTPServiceUnavailable(
                text=f"signoff serve: already {self.sessions} sessions open; close a tab.\n")
        self.sessions += 1
        try:
            if self.trainer_command and self.guard.is_trainer(request):
                return await self._run(request, self.trainer_command)
            if self.trainer_command and (seat := seat_of(request)):
                return await self._run(request, f"{self.command} --seat {seat}")
            return await handler(request)
        finally:
            self.sessions -= 1

    async def _run(self, request: web.Request, command: str) -> web.StreamResponse:
        """textual-serve's websocket handler with a command of this tab's own (it reads
        one command from the server for every tab; a class's tabs need their seat, the
        trainer's the room view)."""
        from textual_serve.app_service import AppService
        from textual_serve.server import to_int

        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        await websocket.prepare(request)
        service = AppService(command, write_bytes=websocket.send_bytes,
                             write_str=websocket.send_str,
                             close=websocket.close,  # type: ignore[arg-type]  # as upstream
                             download_manager=self.download_manager, debug=self.debug)
        try:
            await service.start(width, height)
            await self._process_messages(websocket, service)
        finally:
            await service.stop()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Print the one URL to open (with its token), not textual-serve's banner."""
        print(t("serve.open", self.lang, url=self.guard.url_to_open()), flush=True)
        if self.trainer_command:
            print(t("serve.trainer", self.lang, url=self.guard.trainer_url()), flush=True)
        print(t("serve.stop", self.lang), flush=True)

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        web.run_app(self._make_app(), sock=self.sock, loop=loop, print=lambda *a: None)
