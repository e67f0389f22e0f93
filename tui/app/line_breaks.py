"""Provides Breakable: text that breaks its lines as Chinese is set, for any widget.

Textual breaks lines at spaces only, and cuts a word longer than the line where the
line ends. Chinese has no spaces, so a whole sentence is one "word": a status mark
before it was left alone on its line ("○" above the step it belongs to), and the cut
put closing punctuation ("）", "。", "：") at the start of the next line.

Here a line may break between any two Chinese characters, and at spaces; never before
closing punctuation, never after opening punctuation or a non-breaking space (which
signoff puts after a status mark); a word in Latin letters stays whole unless it is
longer than the line. Lines without wide characters are left to Textual, so English
text breaks exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

NO_START = frozenset("，。、；：？！）」』】》〉〕…～·％’”,.;:!?)]}%")
"""Characters a line must not begin with (closing punctuation)."""
NO_END = frozenset("（「『【《〈〔‘“([{\u00a0")
"""Characters a line must not end with (opening punctuation, a non-breaking space)."""


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    width: int
    space: bool


def _units(line: str) -> list[_Unit]:
    """Spaces, Latin words, and each wide character (or wide punctuation) on its own."""
    units: list[_Unit] = []
    word = -1
    for at, ch in enumerate(line):
        space = ch in " \t"
        single = not space and (cell_len(ch) == 2 or (ch in NO_START and ord(ch) > 0x2000)
                                or (ch in NO_END and ord(ch) > 0x2000))
        if word >= 0 and (space or single):
            units.append(_Unit(word, at, cell_len(line[word:at]), False))
            word = -1
        if space:
            if units and units[-1].space and units[-1].end == at:
                last = units.pop()
                units.append(_Unit(last.start, at + 1, last.width + 1, True))
            else:
                units.append(_Unit(at, at + 1, 1, True))
        elif single:
            units.append(_Unit(at, at + 1, cell_len(ch), False))
        elif word < 0:
            word = at
    if word >= 0:
        units.append(_Unit(word, len(line), cell_len(line[word:]), False))
    return units


def _glued(line: str, before: _Unit, after: _Unit) -> bool:
    """No line break may come between these two units."""
    if before.space or after.space:
        return False
    return line[after.start] in NO_START or line[before.end - 1] in NO_END


def break_points(line: str, width: int) -> list[int]:
    """Where lines of `line` begin (after the first), for lines of `width` cells."""
    units, breaks = _units(line), []
    first, used, i = 0, 0, 0
    while i < len(units):
        unit = units[i]
        if unit.space or used + unit.width <= width:
            used += unit.width
            i += 1
        elif i == first:  # a word longer than the whole line: cut it at the edge
            used = 0
            for at in range(unit.start, unit.end):
                cells = cell_len(line[at])
                if used + cells > width and at > unit.start:
                    breaks.append(at)
                    used = 0
                used += cells
            i += 1
            first = i
        else:
            j = i
            while j - 1 > first and _glued(line, units[j - 1], units[j]):
                j -= 1
            if _glued(line, units[j - 1], units[j]):
                j = i  # glued back to the line's start: break where it overflows
            breaks.append(units[j].start)
            first, used, i = j, 0, j
    return breaks


def break_lines(text: Text, width: int) -> Text:
    """The text with a newline wherever a line of wide characters must break."""
    if width <= 0 or cell_len(text.plain) == len(text.plain):
        return text
    out: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        if cell_len(plain) == len(plain) or cell_len(plain) <= width:
            out.append(paragraph)
            continue
        lines = paragraph.divide(break_points(plain, width))
        for line in lines:
            line.rstrip()
        out.extend(lines)
    return Text("\n").join(out)


class Breakable(Visual):
    """A Rich Text that breaks as above at whatever width it is drawn."""

    def __init__(self, text: Text) -> None:
        self.text = text
        self._at: dict[int, Content] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Breakable) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        """The plain text, as str() of the Rich Text it wraps gives."""
        return self.text.plain

    def content(self, width: int) -> Content:
        found = self._at.get(width)
        if found is None:
            found = self._at[width] = Content.from_rich_text(break_lines(self.text, width))
        return found

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content(0).get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content(width).get_height(rules, width)

    def plain_at(self, width: int) -> str:
        """The text as drawn at this width, for mouse selection's offsets."""
        return self.content(width).plain
