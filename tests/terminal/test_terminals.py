"""The real app in a pseudo-terminal, read back through the pyte terminal emulator:
what a person sees on the Linux console, without colour, under LANG=C, with --ascii,
at 80x24 and below the minimum size; keys that work over SSH and tmux (no Escape or
function key needed); nothing redrawn while nothing changes."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal.screen import REPO, Terminal, environment
from tui.glyphs import ALLOWED

pytestmark = pytest.mark.timeout(60)
RUN = ["run", "whatsapp", "web", "shared-computer"]
CONSOLE = ALLOWED["console"] or frozenset()
ASCII = ALLOWED["ascii"] or frozenset()
SIXTEEN = {"default", "black", "red", "green", "brown", "blue", "magenta", "cyan", "white"}
SIXTEEN |= {f"bright{c}" for c in SIXTEEN - {"default"}}


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[object]:
    started: list[Terminal] = []

    def start(args: list[str], size: tuple[int, int] = (80, 24), **env: str) -> Terminal:
        terminal = Terminal(args, environment(tmp_path, **env), *size)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


def drawn(terminal: Terminal) -> set[str]:
    return {c.data for c in terminal.chars()} - {""}


def flat(terminal: Terminal) -> str:
    return " ".join(terminal.text().split())


def toast(terminal: Terminal) -> str:
    """The text of a notification: the lines' right-hand parts after its left edge."""
    parts = [line[line.index("| ", 20) + 2:] for line in terminal.lines()
             if "| " in line[20:]]
    return " ".join(" ".join(parts).split())


def to_checklist(terminal: Terminal) -> None:
    terminal.wait_for("Do you have the phone")
    terminal.press("1")
    terminal.wait_for("Tick")


def test_linux_console(spawn) -> None:  # type: ignore[no-untyped-def]
    """TERM=linux with a Chinese locale: English, console glyphs, 16 colours."""
    start = spawn([], term="linux", lang="zh_CN.UTF-8")
    screen = start.wait_for("New run")
    assert "Sign out of chat and work accounts safely" in screen
    assert "Language: English" in screen
    assert drawn(start) <= CONSOLE
    assert "┌" in screen  # the single-line box set is used, not ASCII look-alikes

    run = spawn(RUN, term="linux", lang="zh_CN.UTF-8")
    to_checklist(run)
    run.press("space")
    screen = run.wait_for("1/4")
    assert "x Open WhatsApp Web again" in screen
    assert "x done  ~ skipped  o to do" in screen
    assert drawn(run) <= CONSOLE
    colours = {c.fg for c in run.chars()} | {c.bg for c in run.chars()}
    assert colours <= SIXTEEN, colours
    assert "Mismatch" in screen and "中文" not in screen and "^l" not in screen


def test_linux_console_says_once_that_chinese_cannot_be_shown(spawn) -> None:  # type: ignore[no-untyped-def]
    app = spawn(["--lang", "zh"], term="linux")
    app.wait_for("New run")
    app.wait_for("Chinese")
    assert "The Linux text console cannot display Chinese, so signoff is in English here; " \
        "for Chinese use a terminal emulator" in toast(app)
    assert "Language: English" in app.text()
    assert drawn(app) <= CONSOLE
    app.press("ctrl+l")  # the language switch explains instead of garbling the screen
    app.wait_for("New run")
    assert "Language: English" in app.text()


def test_no_color(spawn) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR: not one colour, and the cursor and every state still show."""
    app = spawn(RUN, NO_COLOR="1")
    to_checklist(app)
    app.press("space")
    screen = app.wait_for("1/4").replace("\xa0", " ")
    assert {c.fg for c in app.chars()} | {c.bg for c in app.chars()} == {"default"}
    assert "✓ Open WhatsApp Web again" in screen
    assert "○ Log out from the menu" in screen
    cursor = [r for r in range(24) if any(app.screen.buffer[r][c].reverse
                                          and app.screen.buffer[r][c].data.isalpha()
                                          for c in range(80))]
    cursor_text = " ".join(app.lines()[r] for r in cursor)
    assert "Log out from the menu" in cursor_text  # the highlighted step, in reverse video
    app.press("s")
    app.wait_for("Why are you skipping")
    app.press("ctrl+g")  # closes the dialog without Escape
    screen = app.wait_for("Tick")
    assert "Why are you skipping" not in screen


def test_lang_c_is_ascii(spawn) -> None:  # type: ignore[no-untyped-def]
    app = spawn(RUN, lang="C")
    to_checklist(app)
    app.press("space")
    screen = app.wait_for("1/4")
    assert drawn(app) <= ASCII
    assert "+----" in screen and "####------------ 1/4" in screen
    assert re.search(r"[#:]{2}\s*$", app.lines()[3])  # an ASCII scrollbar


def test_ascii_everywhere(spawn) -> None:  # type: ignore[no-untyped-def]
    """--ascii on a UTF-8 terminal: the start screen, checklist, dialogs, summary, help."""
    app = spawn(["--ascii"])
    app.wait_for("New run")
    assert drawn(app) <= ASCII
    app.press("?")
    app.wait_for("Everywhere")
    assert drawn(app) <= ASCII
    app.press("b")
    app.wait_for("New run")
    app.press("ctrl+p")
    app.wait_for("Search for commands")
    app.press("ctrl+g")  # the palette closes without Escape too
    screen = app.wait_for("New run")
    assert "Search for commands" not in screen

    run = spawn(["--ascii", *RUN])
    to_checklist(run)
    for _ in range(4):
        run.press("space")
    run.wait_for("4/4")
    assert drawn(run) <= ASCII
    run.press("f")
    screen = run.wait_for("Record saved")
    assert "Run finished: completed" in screen
    run.press("e")
    screen = run.wait_for("Export 1 record")
    assert "(*) md" in screen and "[ ] Leave out names and notes" in screen
    assert drawn(run) <= ASCII
    run.press("ctrl+g")
    run.wait_for("Record saved")


def test_80x24_and_below_the_minimum(spawn) -> None:  # type: ignore[no-untyped-def]
    app = spawn([], size=(80, 24))
    screen = app.wait_for("New run")
    assert "Make the window" not in screen
    small = spawn(["--ascii"], size=(50, 15))
    screen = small.wait_for("Make the window")
    assert "at least 60x20 (now 50x15)" in flat(small)
    assert drawn(small) <= ASCII


def test_nothing_is_redrawn_while_nothing_changes(spawn) -> None:  # type: ignore[no-untyped-def]
    app = spawn(RUN, term="linux")
    to_checklist(app)
    app.settle(quiet=0.5)
    assert app.read(1.5) == 0


def test_plain_mode_under_lang_c(tmp_path: Path) -> None:
    """Plain mode with a C locale and --lang zh: one sentence, then ASCII English."""
    env = environment(tmp_path, lang="C")
    done = subprocess.run([sys.executable, "-m", "tui", "--plain", "--lang", "zh", *RUN],
                          input=b"1\nq\n", capture_output=True, env=env, cwd=REPO,
                          timeout=30)
    out = done.stdout.decode("utf-8")
    assert out.isascii(), [c for c in out if not c.isascii()]
    assert out.count("cannot display Chinese") == 1
    assert "Step 1/4" in out and done.returncode == 3
