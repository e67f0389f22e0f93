#!/usr/bin/env python3
"""Writes tests/data/console_glyphs.txt: the code points the Linux text console's
default font can show, read from the font's own Unicode table.

Debian's console font is set by console-setup (/etc/default/console-setup:
CODESET="guess", FONTFACE="Fixed", FONTSIZE="8x16"), which for an English or other
Latin UTF-8 locale loads Lat15-Fixed16.psf.gz from the console-setup-linux package.

    apt-get install -y console-setup-linux
    .venv/bin/python scripts/console_glyphs.py [FONT.psf.gz]

The suite never needs the package: tests/terminal/test_font_map.py checks every
character signoff may draw on TERM=linux against the committed list, and against
the font itself when it is installed.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

DEFAULT_FONT = Path("/usr/share/consolefonts/Lat15-Fixed16.psf.gz")
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "console_glyphs.txt"


def unicode_map(data: bytes) -> set[int]:
    """Every single code point in a PSF1 or PSF2 font's Unicode table (sequences of
    several code points, e.g. a letter plus a combining accent, are left out)."""
    points: set[int] = set()
    if data[:4] == b"\x72\xb5\x4a\x86":  # PSF2
        header_size = int.from_bytes(data[8:12], "little")
        flags = int.from_bytes(data[12:16], "little")
        length = int.from_bytes(data[16:20], "little")
        charsize = int.from_bytes(data[20:24], "little")
        if not flags & 1:
            raise ValueError("this PSF2 font has no Unicode table")
        table = data[header_size + length * charsize:]
        for entry in table.split(b"\xff")[:length]:
            singles = entry.split(b"\xfe")[0]
            points.update(ord(c) for c in singles.decode("utf-8"))
        return points
    if data[:2] == b"\x36\x04":  # PSF1
        mode, charsize = data[2], data[3]
        length = 512 if mode & 1 else 256
        if not mode & 6:
            raise ValueError("this PSF1 font has no Unicode table")
        table = data[4 + length * charsize:]
        words = [int.from_bytes(table[i:i + 2], "little") for i in range(0, len(table), 2)]
        in_sequence = False
        for word in words:
            if word == 0xFFFF:
                in_sequence = False
            elif word == 0xFFFE:
                in_sequence = True
            elif not in_sequence:
                points.add(word)
        return points
    raise ValueError("not a PSF font")


def read_font(path: Path) -> set[int]:
    raw = path.read_bytes()
    return unicode_map(gzip.decompress(raw) if path.suffix == ".gz" else raw)


def package_version(path: Path) -> str:
    try:
        owner = subprocess.run(["dpkg", "-S", str(path)], capture_output=True, text=True,
                               check=True).stdout.split(":")[0]
        version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", owner],
                                 capture_output=True, text=True, check=True).stdout
        return f"{owner} {version}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown package"


def main(argv: list[str]) -> int:
    font = Path(argv[1]) if len(argv) > 1 else DEFAULT_FONT
    points = sorted(read_font(font))
    lines = [f"# font: {font.name}", f"# package: {package_version(font)}",
             f"# code points: {len(points)}",
             "# one code point a line: U+XXXX and the character (made by "
             "scripts/console_glyphs.py)"]
    lines += [f"U+{p:04X} {chr(p) if chr(p).isprintable() else ''}".rstrip() for p in points]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(points)} code points from {font}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
