"""`signoff serve`'s guard against other pages and other processes: a real server, a
real HTTP and websocket client (aiohttp), and the refusals a browser or a script would
meet. Also the one-sentence errors for a bad host, a busy or a privileged port."""

from __future__ import annotations

import asyncio
import errno
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int, str]]:
    """A real `signoff serve --max-sessions 1`: (base URL, port, token)."""
    port = _free_port()
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
           "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(port),
                               "--max-sessions", "1"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=([\w-]+)", line)
        assert found, line
        yield found[1], port, found[2]
    finally:
        server.terminate()
        server.wait(timeout=10)


async def _probe(base: str, port: int, token: str) -> dict[str, int]:
    import aiohttp

    seen: dict[str, int] = {}
    ws_url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as anon:
        async with anon.get(f"{base}/") as resp:
            seen["page without token"] = resp.status
        async with anon.get(f"{base}/?token=wrong") as resp:
            seen["page with wrong token"] = resp.status
        async with anon.get(f"{base}/?token={token}",
                            headers={"Host": f"evil.example:{port}"}) as resp:
            seen["page for another Host"] = resp.status
        try:
            async with anon.ws_connect(ws_url, origin=base):
                seen["ws without token"] = 101
        except aiohttp.WSServerHandshakeError as exc:
            seen["ws without token"] = exc.status
    # unsafe=True: aiohttp keeps no cookies from IP addresses unless told (browsers do)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as user:
        async with user.get(f"{base}/?token={token}", allow_redirects=False) as resp:
            seen["page with token"] = resp.status
            assert resp.headers["Location"] == "/"
        async with user.get(f"{base}/") as resp:
            seen["page with cookie"] = resp.status
            assert token not in await resp.text()
        try:
            async with user.ws_connect(ws_url, origin="http://evil.example"):
                seen["ws from a foreign Origin"] = 101
        except aiohttp.WSServerHandshakeError as exc:
            seen["ws from a foreign Origin"] = exc.status
        async with user.ws_connect(ws_url, origin=base) as first:
            seen["first ws"] = 101
            try:
                async with user.ws_connect(ws_url, origin=base):
                    seen["ws over the cap"] = 101
            except aiohttp.WSServerHandshakeError as exc:
                seen["ws over the cap"] = exc.status
            await first.close()
    return seen


@pytest.mark.slow
def test_serve_refuses_foreign_origins_missing_tokens_and_sessions_over_the_cap(
        served: tuple[str, int, str]) -> None:
    seen = asyncio.run(_probe(*served))
    assert seen == {
        "page without token": 403, "page with wrong token": 403,
        "page for another Host": 403, "ws without token": 403,
        "page with token": 303, "page with cookie": 200,
        "ws from a foreign Origin": 403, "first ws": 101, "ws over the cap": 503,
    }


def test_serve_on_every_address_names_one_people_can_reach() -> None:
    from tui.commands.serve import public_url_for

    url = public_url_for("0.0.0.0", 8000, None, "en")
    assert "0.0.0.0" not in url and url.startswith("http://") and url.endswith(":8000")
    given = public_url_for("0.0.0.0", 8000, "https://room.example/", "en")
    assert given == "https://room.example"


def test_the_guard_accepts_the_public_host_and_its_origin() -> None:
    from aiohttp.test_utils import make_mocked_request

    from tui.commands.serve_guard import COOKIE, new_guard

    guard = new_guard("http://192.0.2.7:8000", loopback=False, port=8000, max_sessions=2)
    ok = make_mocked_request("GET", "/ws", headers={
        "Host": "192.0.2.7:8000", "Origin": "http://192.0.2.7:8000",
        "Cookie": f"{COOKIE}={guard.token}"})
    assert guard.refusal(ok) is None
    rebound = make_mocked_request("GET", f"/?token={guard.token}",
                                  headers={"Host": "attacker.example:8000"})
    assert guard.refusal(rebound) == "unknown Host"
    assert "0.0.0.0" not in guard.url_to_open() and guard.token in guard.url_to_open()


def test_a_bad_host_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--host", "no-such-host.invalid"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-host.invalid" in err and "Traceback" not in err


def test_a_busy_port_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already in use" in err


def test_a_privileged_port_is_one_sentence(monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    def denied(self: socket.socket, address: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(socket.socket, "bind", denied)
    assert cli.main(["serve", "--port", "80"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "port 80" in err and "administrator" in err


def test_on_every_address_this_machine_may_use_its_loopback_names() -> None:
    from aiohttp.test_utils import make_mocked_request

    from tui.commands.serve_guard import new_guard

    guard = new_guard("http://192.0.2.7:8000", loopback=True, port=8000, max_sessions=2)
    local = make_mocked_request("GET", f"/?token={guard.token}", headers={
        "Host": "127.0.0.1:8000", "Origin": "http://127.0.0.1:8000"})
    assert guard.refusal(local) is None
    foreign = make_mocked_request("GET", f"/?token={guard.token}", headers={
        "Host": "127.0.0.1:8000", "Origin": "http://evil.example"})
    assert guard.refusal(foreign) == "foreign Origin"


@pytest.mark.parametrize(("lang", "said"), [
    ("en", ["signoff serve: open ", "signoff serve: trainer's view (keep it to yourself): ",
            "Press Ctrl+C to stop."]),
    ("zh", ["signoff serve：请打开 ", "signoff serve：培训师视图（请勿分享）：",
            "按 Ctrl+C 停止。"]),
])
def test_serve_says_its_urls_in_its_language(
        capsys: pytest.CaptureFixture[str], lang: str, said: list[str]) -> None:
    """`serve --lang zh` gave its tabs Chinese but printed its own lines in English."""
    import asyncio

    from tui.commands.serve_guard import GuardedServer, new_guard

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        guard = new_guard(f"http://127.0.0.1:{port}", True, port, 2, trainer=True)
        server = GuardedServer("true", guard, sock, title="signoff",
                               trainer_command="true", lang=lang)
        asyncio.run(server.on_startup(None))  # type: ignore[arg-type]
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0] == said[0] + guard.url_to_open()
    assert lines[1] == said[1] + guard.trainer_url()
    assert lines[2] == said[2]
