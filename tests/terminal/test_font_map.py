"""What signoff may draw on the Linux text console, checked against the console's
real fonts: Debian's default (Lat15-Fixed16 from console-setup-linux, its Unicode map
committed in tests/data/console_glyphs.txt) and the kernel's built-in CP437 font."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tui.glyphs import ALLOWED, ASCII, CONSOLE_BOX, fold, fold_char
from tui.i18n import MESSAGES

REPO = Path(__file__).resolve().parents[2]
GLYPHS = REPO / "tests" / "data" / "console_glyphs.txt"


def committed() -> tuple[dict[str, str], set[int]]:
    header: dict[str, str] = {}
    points: set[int] = set()
    for line in GLYPHS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# ") and ": " in line:
            key, value = line[2:].split(": ", 1)
            header[key] = value
        elif line.startswith("U+"):
            points.add(int(line.split()[0][2:], 16))
    return header, points


def test_the_committed_list_names_its_font() -> None:
    header, points = committed()
    assert header["font"] == "Lat15-Fixed16.psf.gz"
    assert header["package"].startswith("console-setup-linux ")
    assert int(header["code points"]) == len(points) > 256


def test_everything_drawn_on_the_console_is_in_its_fonts() -> None:
    _, points = committed()
    console = ALLOWED["console"]
    assert console is not None
    missing = sorted(c for c in console if ord(c) not in points)
    assert not missing, f"not in Lat15-Fixed16: {missing}"
    for char in console:  # the kernel's built-in font has the CP437 repertoire
        char.encode("cp437")
    assert set(CONSOLE_BOX) <= console
    assert all(sym.isascii() for sym in vars(ASCII).values())


def test_the_list_matches_the_installed_font() -> None:
    font = Path("/usr/share/consolefonts/Lat15-Fixed16.psf.gz")
    if not font.exists():
        pytest.skip("console-setup-linux is not installed")
    spec = importlib.util.spec_from_file_location("console_glyphs",
                                                  REPO / "scripts" / "console_glyphs.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.read_font(font) == committed()[1]


def every_text() -> str:
    """Every character signoff's own words and the flow library can put on screen."""
    chars = {c for entry in MESSAGES.values() for text in entry.values() for c in text}
    for path in (REPO / "flows").rglob("*.toml"):
        chars.update(path.read_text(encoding="utf-8"))
    return "".join(sorted(chars))


@pytest.mark.parametrize("profile", ["console", "ascii"])
def test_folding_keeps_to_the_profile_and_the_width(profile: str) -> None:
    allowed = ALLOWED[profile]  # type: ignore[index]
    assert allowed is not None
    text = every_text() + "╭╮╰╯━┃▔▁▊▎█░…⏎↑↓🔎é"
    folded = fold(text, profile)  # type: ignore[arg-type]
    assert set(folded) - set("\n\r\t") <= allowed
    from rich.cells import cell_len

    for char in text:
        if char.isprintable() and not char.isascii():
            assert cell_len(fold_char(char, profile)) == cell_len(char), char


def test_look_alikes() -> None:
    assert fold("╭─╮ “quoted” — ✓ 微信 …", "ascii") == "+-+ \"quoted\" - x ???? ."
    assert fold("╭─╮ ┃ ━", "console") == "┌─┐ │ ─"
    assert fold("\x1b[1mbold\x1b[0m", "ascii") == "\x1b[1mbold\x1b[0m"
