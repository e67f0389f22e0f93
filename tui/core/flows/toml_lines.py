"""Provides line numbers for TOML key paths, which `tomllib` does not report.

Problems in a flow must say `FILE:LINE`, so the loader asks this map where a key (or
its nearest written ancestor) sits. It reads the text the way TOML is written in
practice: table headers, arrays of tables, dotted keys, multi-line strings and
multi-line arrays of inline tables. It never decides validity; tomllib does that.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _split_key(text: str) -> tuple[list[str], str]:
    """Split a dotted key at the start of `text`; return the parts and the rest."""
    parts: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            end = text.find(quote, i + 1)
            if end < 0:
                return parts, ""
            parts.append(text[i + 1 : end])
            i = end + 1
        else:
            match = _BARE.match(text, i)
            if not match:
                return parts, text[i:]
            parts.append(match.group())
            i = match.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        return parts, text[i:]


def _bracket_delta(value: str) -> int:
    """Net count of [ and { opened on this line, ignoring brackets inside strings."""
    depth = 0
    quote = ""
    i = 0
    while i < len(value):
        ch = value[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        i += 1
    return depth


class LineMap:
    """Where each key path was written; unknown paths fall back to their parent.

    The text is scanned on the first question, not on construction: a file without
    problems never asks, and scanning was a third of the time to load the library."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._lines: dict[KeyPath, int] = {}
        self._array_counts: dict[KeyPath, int] = {}

    def line(self, path: KeyPath) -> int:
        if self._text is not None:
            text, self._text = self._text, None
            self._scan(text)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return 1

    def _mark(self, path: KeyPath, line: int) -> None:
        for n in range(1, len(path) + 1):
            self._lines.setdefault(path[:n], line)

    def _resolve_header(self, parts: list[str]) -> KeyPath:
        """Give each array-of-tables prefix its current element index."""
        path: KeyPath = ()
        for part in parts:
            path = (*path, part)
            if path in self._array_counts:
                path = (*path, self._array_counts[path] - 1)
        return path

    def _scan(self, text: str) -> None:
        table: KeyPath = ()
        open_string = ""
        array_path: KeyPath | None = None
        array_depth = 0
        array_items = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if open_string:
                if line.count(open_string) % 2 == 1:
                    open_string = ""
                continue
            if array_path is not None:
                if line.startswith("{"):
                    self._mark((*array_path, array_items), number)
                    array_items += 1
                array_depth += _bracket_delta(line)
                if array_depth <= 0:
                    array_path = None
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith("[["):
                parts, _ = _split_key(line[2:])
                base = (*self._resolve_header(parts[:-1]), parts[-1]) if parts else ()
                self._array_counts[base] = self._array_counts.get(base, 0) + 1
                table = (*base, self._array_counts[base] - 1)
                self._mark(table, number)
                continue
            if line.startswith("["):
                parts, _ = _split_key(line[1:])
                table = self._resolve_header(parts)
                self._mark(table, number)
                continue
            parts, rest = _split_key(line)
            if not parts or not rest.startswith("="):
                continue
            key_path = (*table, *parts)
            self._mark(key_path, number)
            value = rest[1:].strip()
            for quote in ('"""', "'''"):
                if value.startswith(quote) and value.count(quote) == 1:
                    open_string = quote
            if value.startswith("{"):
                for match in re.finditer(r"([A-Za-z0-9_-]+)\s*=", value):
                    self._lines.setdefault((*key_path, match.group(1)), number)
            if value.startswith("["):
                depth = _bracket_delta(value)
                if depth > 0:
                    array_path, array_depth, array_items = key_path, depth, 0
                elif value.startswith("[{") or value.startswith("[ {"):
                    self._lines.setdefault((*key_path, 0), number)
