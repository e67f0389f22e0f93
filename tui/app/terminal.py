"""Provides what the app needs on terminals that cannot draw everything: a driver that
folds the output to the terminal's glyph profile and an ASCII scrollbar (the check
boxes and radio buttons drawn as [x] and (*) are in tui.app.toggles, imported with the
dialogs that use them).

The screens already draw with the profile's own symbols and borders; the driver is the
last guard, so nothing outside the profile (an ellipsis Rich adds when it cuts a cell,
a flow's typographic quote, a library glyph) ever reaches the terminal.
"""

from __future__ import annotations

from dataclasses import replace
from math import ceil
from typing import TYPE_CHECKING, Any

from rich.color import Color
from rich.segment import Segment, Segments
from rich.style import Style
from textual.app import App
from textual.binding import Binding
from textual.color import Color as TextualColor
from textual.driver import Driver
from textual.filter import LineFilter, NoColor
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.theme import BUILTIN_THEMES, Theme

from tui.app.textual_patches import current_app, replace_filters

if TYPE_CHECKING:
    from tui.glyphs import Profile  # (the glyph tables: where a terminal needs folding)
    from tui.options import Options


def folding_driver(base: type[Driver], profile: Profile) -> type[Driver]:
    """`base` with every write folded to `profile` (cell widths are kept)."""
    from tui.glyphs import fold

    class FoldingDriver(base):  # type: ignore[valid-type,misc]
        def write(self, data: str) -> None:
            super().write(fold(data, profile))

    FoldingDriver.__name__ = f"Folding{base.__name__}"
    return FoldingDriver


_BACK, _BAR = Color.parse("#555555"), Color.parse("bright_magenta")


class AsciiScrollBarRender(ScrollBarRender):
    """A scrollbar of ASCII: the thumb is `#` and the track `:`, so it reads without
    colour and without block glyphs."""

    @classmethod
    def render_bar(cls, size: int = 25, virtual_size: float = 50, window_size: float = 20,
                   position: float = 0, thickness: int = 1, vertical: bool = True,
                   back_color: Color = _BACK, bar_color: Color = _BAR) -> Segments:
        width = thickness if vertical else 1
        track = Style()
        thumb = Style(color=bar_color, bold=True,
                      meta={"@mouse.down": "grab"})
        cells = [Segment(":" * width, track)] * int(size)
        if window_size and size and virtual_size and size != virtual_size:
            thumb_size = max(1, ceil(window_size * size / virtual_size))
            room = max(0, int(size) - thumb_size)
            ratio = position / max(1, virtual_size - window_size)
            start = min(room, round(room * ratio))
            cells[start:start + thumb_size] = [Segment("#" * width, thumb)] * thumb_size
        if vertical:
            return Segments(cells, new_lines=True)
        return Segments(([*cells, Segment.line()]) * thickness, new_lines=False)


KEY_NAMES = {"up": "up", "down": "down", "left": "left", "right": "right", "enter": "enter",
             "tab": "tab", "backspace": "bksp", "escape": "esc", "space": "space",
             "question_mark": "?", "slash": "/"}


class TerminalMixin:
    """For the App: the glyph profile, colour and keys of the terminal it runs on."""

    options: Options

    @property
    def glyphs(self) -> Profile:
        return self.options.glyphs

    @property
    def plain_symbols(self) -> bool:
        """Status symbols from ASCII (x ~ o #) rather than ✓ ↷ ○ ≠."""
        return self.glyphs != "unicode"

    @property
    def limited(self) -> bool:
        """Glyphs or colour are limited: states are drawn as text ([x], #, reverse)."""
        return self.glyphs != "unicode" or self.options.no_color

    def terminal_classes(self) -> list[str]:
        """App classes the stylesheet keys on: -ascii, -console, -mono."""
        return [name for name, on in (("-ascii", self.glyphs == "ascii"),
                                      ("-console", self.glyphs == "console"),
                                      ("-mono", self.options.no_color)) if on]

    def key_display(self, binding: Binding, default: str) -> str:
        """Key names in words where arrows and ⏎ cannot be drawn."""
        if self.glyphs == "unicode" or binding.key_display:
            return default
        modifiers, key = binding.parse_key()
        name = KEY_NAMES.get(key, default if default.isascii() else key)
        return "+".join([*modifiers, name]) if modifiers and name == key else name


class ProfileScrollBarRender(ScrollBarRender):
    """Textual's scrollbar, or the ASCII one while a limited SignoffApp is drawing."""

    @classmethod
    def render_bar(cls, size: int = 25, virtual_size: float = 50, window_size: float = 20,
                   position: float = 0, thickness: int = 1, vertical: bool = True,
                   back_color: Color = _BACK, bar_color: Color = _BAR) -> Segments:
        render = AsciiScrollBarRender.render_bar if getattr(
            current_app(), "limited", False) else ScrollBarRender.render_bar
        return render(size, virtual_size, window_size, position, thickness, vertical,
                      back_color, bar_color)


def install_scrollbar() -> None:
    """Scrollbars are made deep inside Textual; the renderer is a class attribute."""
    ScrollBar.renderer = ProfileScrollBarRender


def mono_theme() -> Theme:
    """Textual's ANSI theme with every cursor and selection in reverse video, so it still
    shows once NO_COLOR has taken the colours away."""
    base = BUILTIN_THEMES["ansi-dark"]
    variables = {**base.variables, "block-cursor-text-style": "bold reverse",
                 "block-cursor-blurred-text-style": "reverse",
                 "input-cursor-text-style": "reverse", "button-focus-text-style": "bold reverse"}
    return replace(base, name="signoff-mono", variables=variables)


class ReverseNoColor(LineFilter):
    """NO_COLOR without losing the cursor: colours are dropped, and text that stood on a
    coloured background (the highlighted row, a selection, a focused button) is shown
    in reverse video instead. Textual's own NoColor would leave it indistinguishable."""

    def apply(self, segments: list[Segment], background: TextualColor) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if style is not None:
                marked = style.reverse or (style.bgcolor is not None
                                           and not style.bgcolor.is_default)
                style = Style(bold=style.bold, italic=style.italic, underline=style.underline,
                              reverse=marked or None, strike=style.strike,
                              meta=style.meta or None)
            out.append(Segment(text, style, control))
        return out


def use_reverse_no_color(app: App[Any]) -> None:
    """Swap Textual's NoColor filter for ReverseNoColor in the app's filter list."""
    replace_filters(app, lambda f: ReverseNoColor() if isinstance(f, NoColor) else f)
