"""Runs the real `signoff` in a pseudo-terminal and reads the screen a person would
see through pyte, a VT100/xterm emulator: start it with a TERM, a locale and a
size, press keys, wait for text, read the characters and their attributes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pyte

REPO = Path(__file__).resolve().parents[2]

KEYS = {"enter": "\r", "escape": "\x1b", "space": " ", "tab": "\t", "down": "\x1b[B",
        "up": "\x1b[A", "ctrl+g": "\x07", "ctrl+l": "\x0c", "ctrl+x": "\x18",
        "ctrl+p": "\x10", "ctrl+c": "\x03"}


class Terminal:
    """`python -m tui ARGS` on a pty of `width` x `height`, seen through pyte."""

    def __init__(self, args: list[str], env: dict[str, str], width: int = 80,
                 height: int = 24) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.proc = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=slave,
                                     stdout=slave, stderr=slave, env=env, cwd=REPO,
                                     start_new_session=True)
        os.close(slave)
        self.fd = master

    def read(self, seconds: float) -> int:
        """Feed everything the program writes for `seconds`; returns the byte count."""
        end, count = time.monotonic() + seconds, 0
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            count += len(data)
            self.raw += data
            self.stream.feed(data)
        return count

    def wait_for(self, text: str, timeout: float = 15) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.text():
                self.settle()
                return self.text()
            self.read(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.text()}")

    def settle(self, quiet: float = 0.3, timeout: float = 5) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.read(quiet):
            pass

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, KEYS.get(key, key).encode())
            self.read(0.15)

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def text(self) -> str:
        return "\n".join(self.lines())

    def chars(self) -> Iterator[pyte.screens.Char]:
        for row in range(self.screen.lines):
            line = self.screen.buffer[row]
            for col in range(self.screen.columns):
                yield line[col]

    def close(self) -> int | None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        os.close(self.fd)
        return self.proc.returncode


def environment(tmp: Path, term: str = "xterm-256color", lang: str = "en_US.UTF-8",
                **extra: str) -> dict[str, str]:
    """A clean environment: no inherited locale, colour or Textual settings."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp), "TERM": term,
           "SIGNOFF_CONFIG_DIR": str(tmp / "config"),
           "SIGNOFF_RECORDS_DIR": str(tmp / "records"), "COLUMNS": "", "LINES": ""}
    env.pop("COLUMNS")
    env.pop("LINES")
    if lang:
        env["LANG"] = lang
    env.update(extra)
    return env
