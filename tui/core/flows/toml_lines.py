"""Provides line numbers for TOML key paths, which `tomllib` does not report.

Problems in a flow must say `FILE:LINE`, so the loader asks this map where a key, an
array element (or its nearest written ancestor) sits. The map is built by one pass of a
small TOML scanner over the whole text, not line by line: a value may span lines (a
multi-line string, an array of inline tables, an inline table with a multi-line string
in it), and only a scanner that reads strings, arrays and inline tables the way TOML
does knows where the next key really starts. Lines are counted at LF only, as TOML
counts them; U+2028 and friends are text. The scanner never decides validity (tomllib
does that, before anyone asks for a line) and is iterative, so no nesting depth can
make it recurse; text it does not understand costs precision, never an exception.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}#\r\n]")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\",
            "e": "\x1b"}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|x([0-9A-Fa-f]{2})|(.))")


def _unescape(raw: str) -> str:
    """A basic string's escapes decoded, as a quoted key names its table."""
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2) or match.group(3)
        if code:
            return chr(int(code, 16))
        return _ESCAPES.get(match.group(4), match.group(4))
    return _ESCAPE.sub(one, raw)


@dataclass
class _Open:
    """An array or inline table the scanner is inside of."""

    path: KeyPath
    array: bool
    items: int = 0


class LineMap:
    """Where each key path was written; unknown paths fall back to their parent.

    The text is scanned on the first question, not on construction: a file without
    problems never asks, and scanning was a third of the time to load the library."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lines: dict[KeyPath, int] = {}

    def line(self, path: KeyPath) -> int:
        if self._text is not None:
            text, self._text = self._text, None
            self._lines = _Scanner(text).scan()
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return 1


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 1 if text.startswith("\ufeff") else 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[KeyPath, int] = {}
        self.array_counts: dict[KeyPath, int] = {}
        self.open: list[_Open] = []

    # -- positions ------------------------------------------------------------------------
    def line_at(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1

    def mark(self, path: KeyPath, pos: int) -> None:
        """The path and each ancestor not placed yet. An ancestor placed earlier had
        all of its own ancestors placed with it, so the walk up stops there."""
        line = self.line_at(pos)
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return
            self.lines[path[:n]] = line

    def peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.text[at] if at < len(self.text) else ""

    def skip_blank(self, *, newlines: bool) -> None:
        """Spaces and comments, and line ends where the grammar allows them."""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in " \t" or (newlines and ch in "\r\n"):
                self.pos += 1
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def next_line(self) -> None:
        """Give up on this line: what follows a newline is read afresh."""
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1
        self.open.clear()

    # -- the document -------------------------------------------------------------------
    def scan(self) -> dict[KeyPath, int]:
        table: KeyPath = ()
        while True:
            before, depth = self.pos, len(self.open)
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            if self.open:
                self.inside(self.open[-1])
            elif self.peek() == "[":
                table = self.header(table)
            else:
                self.key_value(table)
            if self.pos == before and len(self.open) == depth:
                self.next_line()  # nothing understood: never loop on it

    def header(self, table: KeyPath) -> KeyPath:
        start = self.pos
        is_array = self.peek(1) == "["
        self.pos += 2 if is_array else 1
        parts = self.key()
        if not parts:
            self.next_line()
            return table
        if is_array:
            base = (*self.resolve(parts[:-1]), parts[-1])
            self.array_counts[base] = self.array_counts.get(base, 0) + 1
            table = (*base, self.array_counts[base] - 1)
        else:
            table = self.resolve(parts)
        self.mark(table, start)
        self.skip_blank(newlines=False)
        while self.peek() == "]":
            self.pos += 1
        return table

    def resolve(self, parts: list[str]) -> KeyPath:
        """Give each array-of-tables prefix its current element index."""
        path: KeyPath = ()
        for part in parts:
            path = (*path, part)
            if path in self.array_counts:
                path = (*path, self.array_counts[path] - 1)
        return path

    def key_value(self, table: KeyPath) -> None:
        parts = self.key()
        if not parts:
            return
        self.skip_blank(newlines=False)
        if self.peek() != "=":
            self.next_line()
            return
        self.pos += 1
        self.skip_blank(newlines=False)
        self.value((*table, *parts))

    def inside(self, where: _Open) -> None:
        ch = self.peek()
        if ch in "]}":
            self.pos += 1
            self.open.pop()
        elif ch == ",":
            self.pos += 1
        elif where.array:
            where.items += 1
            self.value((*where.path, where.items - 1))
        else:
            self.key_value(where.path)

    # -- keys and values ----------------------------------------------------------------
    def key(self) -> list[str]:
        """A dotted key's parts, or [] where no key starts."""
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            ch = self.peek()
            if ch in "\"'":
                start = self.pos
                self.string()
                raw = self.text[start + 1:self.pos - 1]
                parts.append(_unescape(raw) if ch == '"' else raw)
            else:
                match = _BARE.match(self.text, self.pos)
                if not match:
                    return parts
                parts.append(match.group())
                self.pos = match.end()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def value(self, path: KeyPath) -> None:
        self.mark(path, self.pos)
        ch = self.peek()
        if ch in "[{":
            self.pos += 1
            self.open.append(_Open(path, array=ch == "["))
        elif ch in "\"'":
            self.string()
        else:
            end = _SCALAR_END.search(self.text, self.pos)
            self.pos = len(self.text) if end is None else end.start()

    def string(self) -> None:
        """Past one string of any of TOML's four kinds."""
        text, quote = self.text, self.peek()
        if text.startswith(quote * 3, self.pos):
            at = self.pos + 3
            while at < len(text):
                if quote == '"' and text[at] == "\\":
                    at += 2
                elif text.startswith(quote * 3, at):
                    run = 3
                    while run < 5 and text.startswith(quote, at + run):
                        run += 1
                    self.pos = at + run
                    return
                else:
                    at += 1
            self.pos = len(text)
            return
        at = self.pos + 1
        while at < len(text) and text[at] != quote and text[at] != "\n":
            at += 2 if quote == '"' and text[at] == "\\" else 1
        self.pos = min(at + 1, len(text))
