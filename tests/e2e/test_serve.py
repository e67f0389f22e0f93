"""`signoff serve` for real: the server on loopback, the page in headless Chromium, and
the start screen read back from what the browser received over its websocket."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyte
import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium "
                                "(scripts/test installs it when it can)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


async def _browse(debug_port: int, url: str, screenshot: Path) -> str:
    """Open `url` through the DevTools protocol; feed every websocket frame the page
    receives into a terminal emulator until the start screen shows; return the screen."""
    import aiohttp

    screen = pyte.Screen(120, 40)
    stream = pyte.ByteStream(screen)
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            try:
                async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as resp:
                    targets: list[dict[str, Any]] = await resp.json()
                if any(t.get("type") == "page" for t in targets):
                    break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        page = next(t for t in targets if t.get("type") == "page")
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 1000))

            async def call(method: str, **params: Any) -> int:
                ident = next(ids)
                await ws.send_json({"id": ident, "method": method, "params": params})
                return ident

            await call("Network.enable")
            await call("Page.navigate", url=url)
            deadline = time.monotonic() + 30
            text = ""
            while time.monotonic() < deadline:
                try:
                    msg = await ws.receive_json(timeout=1)
                except TimeoutError:
                    continue
                if msg.get("method") == "Network.webSocketFrameReceived":
                    frame = msg["params"]["response"]
                    if frame["opcode"] == 2:
                        stream.feed(base64.b64decode(frame["payloadData"]))
                    text = "\n".join(screen.display)
                    if "Interrupted runs" in text:
                        break
            shot = await call("Page.captureScreenshot", format="png")
            while True:
                msg = await ws.receive_json(timeout=10)
                if msg.get("id") == shot:
                    screenshot.write_bytes(base64.b64decode(msg["result"]["data"]))
                    break
            return text


def test_serve_shows_the_start_screen_in_a_browser(tmp_path: Path) -> None:
    port, debug_port = _free_port(), _free_port()
    env = {**os.environ, "SIGNOFF_RECORDS_DIR": str(tmp_path / "records"),
           "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(port)],
                              cwd=REPO, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1280,800",
         f"--remote-debugging-port={debug_port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert server.stdout is not None
        printed = server.stdout.readline()
        url = printed.split("open ", 1)[1].strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token="), printed
        _wait_for_port(port)
        _wait_for_port(debug_port)
        shot = tmp_path / "serve.png"
        text = asyncio.run(_browse(debug_port, url, shot))
        assert "signoff" in text and "Interrupted runs" in text, text
        assert "start a new run" in text
        assert shot.stat().st_size > 1000
        if os.environ.get("SIGNOFF_KEEP_SCREENSHOT"):
            shutil.copy(shot, os.environ["SIGNOFF_KEEP_SCREENSHOT"])
    finally:
        browser.terminate()
        server.terminate()
        browser.wait(timeout=10)
        server.wait(timeout=10)


def test_serve_warns_when_not_on_loopback() -> None:
    from tui.commands.serve import app_command, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    from tui.options import Options

    command = app_command(Options(lang="zh", records_dir=Path("/tmp/r x"), flow_dirs=(),
                                  mode="practice", operator="Ann O'Neil"))
    assert "--practice" in command and "'/tmp/r x'" in command and "--lang zh" in command
    assert json.dumps(command)
