"""Provides StepDetail: everything a person needs to do the highlighted step.

It draws its lines itself (Textual's line API) rather than being a Static inside a
VerticalScroll. With the Static, moving to another step changed the Static's height:
Textual then laid out the whole screen, re-wrapped the text twice and redrew the
container, the Static and the scrollbar, about 20 ms a keypress on a 2-core machine,
often twice (the layout pass set the size again and asked for another). Here a new
step is wrapped once into lines that are kept; the widget's own size never changes,
so there is no layout pass (only when the scrollbar appears or goes), and a frame
copies the visible lines.

The lines are made by the same pipeline a Static uses (Visual.to_strips), so they look
the same; Chinese lines break as Chinese is set (line_breaks.py).
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual

from tui.app.line_breaks import Breakable
from tui.app.textual_patches import resize_without_layout
from tui.core.flows.model import Step
from tui.core.present import StepView
from tui.core.records.record import StepEntry
from tui.core.safe_text import literal
from tui.glyphs import spell_out_view, status_symbol, symbols
from tui.i18n import t


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class StepDetail(ScrollView):
    """Menu path (in both UI languages where they differ), why, how to verify,
    warning, confidence, re-check window and sources. Flow text is shown literally.

    The head (title, status, time, reason, note) changes with every tick; the body
    (warning, where, why, verify, sources) only with the step."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._visual = Breakable(self._text)
        self._step_key: tuple[str, str, bool, bool] | None = None
        """Which page is shown (step, language, ASCII, presenter view): a new one
        starts at its top."""
        self._lines: list[Strip] = []
        self._wrapped_at = -1
        """The width `_lines` were wrapped to."""

    @property
    def text(self) -> str:
        """The whole detail as plain text, head then body (for tests and tools)."""
        return self._text.plain

    def show(self, step: Step, entry: StepEntry, lang: str, ascii_only: bool,
             present: bool = False, after: str = "") -> None:
        """`after` is the line naming the step's prerequisites in this run, if any."""
        view = StepView.of(step, lang, ascii_only=ascii_only)
        if ascii_only:  # Chinese labels in words, not "??" (#17 item 14)
            view = spell_out_view(view, lang)
        if present:
            text = Text()
            text.append(view.title, style="bold reverse")
            body = self.presented_body(view, lang, ascii_only)
        else:
            text, body = self.head(view, entry, lang, ascii_only), \
                self.body(view, lang, ascii_only, after)
        text.append("\n")
        text.append_text(body)
        key = (step.id, lang, ascii_only, present)
        if key == self._step_key and text == self._text:
            return
        new_page, self._step_key, self._text = key != self._step_key, key, text
        self._wrap()
        if new_page:
            self.scroll_to(0, 0, animate=False, immediate=True)

    # -- drawing ------------------------------------------------------------------------
    def _wrap(self) -> None:
        """Wrap the text to the width there is, as a VerticalScroll would: the full width,
        or the width beside the scrollbar when the text is taller than the pane."""
        width, height = self.content_region.size
        if width <= 0:
            self._wrapped_at = -1  # not laid out yet: on_resize wraps it
            return
        narrow = max(1, width - self.styles.scrollbar_size_vertical)
        if self.styles.overflow_y == "hidden":
            narrow = width
        # Most pages are taller than the pane, so try the width beside the scrollbar
        # first when the last page was too; wrap again only if the guess was wrong.
        guess = narrow if self._wrapped_at == narrow else width
        lines = self._strips(guess)
        if (len(lines) > height) != (guess == narrow) and narrow != width:
            guess = width if guess == narrow else narrow
            lines = self._strips(guess)
        width = guess
        self._lines, self._wrapped_at = lines, width
        size = Size(width, len(lines))
        if size != self.virtual_size:
            # Not `self.virtual_size = size`: that reactive asks for a layout of the whole
            # screen, which nothing here needs. The scrollbar is updated directly; if it
            # has to appear or go, that change asks for the layout itself.
            resize_without_layout(self, size)
        self.refresh()

    def _strips(self, width: int) -> list[Strip]:
        self._visual = Breakable(self._text)
        return Visual.to_strips(self, self._visual, width, None, self.visual_style)

    def on_resize(self) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return Strip.blank(max(self._wrapped_at, 0), self.visual_style.rich_style)

    # -- mouse text selection -----------------------------------------------------------
    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """From the text as drawn: a Chinese line break is a newline there."""
        return selection.extract(self._visual.plain_at(self._wrapped_at)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._wrap()  # the lines are drawn with the selection's highlight, or without

    # -- the text -----------------------------------------------------------------------
    @staticmethod
    def head(view: StepView, entry: StepEntry, lang: str, ascii_only: bool) -> Text:
        sym = symbols(ascii_only)
        out = Text()
        out.append(view.title + "\n", style="bold")
        status = t(f"status.{entry.status}", lang)
        out.append(f"{t('detail.status', lang)}: {status_symbol(entry.status, ascii_only)} "
                   f"{status}")
        if entry.at and entry.status != "pending":
            out.append(" " + t("detail.at", lang, when=when(entry.at)))
        if entry.reason:
            out.append(f"\n{t('detail.reason', lang)}: {literal(entry.reason)}")
        if entry.note:
            out.append(f"\n{t('detail.note', lang)}: {literal(entry.note)}")
        if entry.mismatch:
            out.append(f"\n{sym.mismatch} {t('detail.mismatch', lang)}", style="bold")
        return out

    def body(self, view: StepView, lang: str, ascii_only: bool, after: str = "") -> Text:
        out = Text()
        self._warning(out, view, lang, ascii_only)
        if after:
            out.append(f"\n{literal(after)}\n", style="bold")
        self._menu_why_verify(out, view, lang)
        if view.recheck_hours is not None:
            after = t("hours", lang, hours=view.recheck_hours)
            out.append(f"\n{t('field.recheck', lang)} ({after})\n", style="bold underline")
            out.append(view.recheck + "\n")
        out.append(f"\n{t('field.confidence', lang)}: ", style="bold")
        out.append(t(f"confidence.{view.confidence}", lang) + "\n")
        if view.reviewed:
            out.append(f"{t('field.reviewed', lang)}: ", style="bold")
            out.append(view.reviewed + "\n")
        if view.sources:
            out.append(f"\n{t('field.sources', lang)}\n", style="bold underline")
            for source in view.sources:
                out.append(f"- {source.url} ({t('detail.checked', lang, date=source.checked)})\n")
        return out

    @staticmethod
    def _warning(out: Text, view: StepView, lang: str, ascii_only: bool) -> None:
        if view.needs_warning:
            out.append(f"\n{symbols(ascii_only).warning} {t('field.warning', lang)}: ",
                       style="bold reverse")
            out.append((view.warning or t("detail.irreversible", lang)) + "\n", style="bold")

    @staticmethod
    def _menu_why_verify(out: Text, view: StepView, lang: str) -> None:
        if view.menu:
            out.append(f"\n{t('field.menu', lang)}\n", style="bold underline")
            out.append(view.menu + "\n")
            if view.menu_other:
                out.append(f"{t('field.menu_other', lang)}: ", style="italic")
                out.append(view.menu_other + "\n")
        for key, text in (("field.why", view.why), ("field.verify", view.verify)):
            out.append(f"\n{t(key, lang)}\n", style="bold underline")
            out.append(text + "\n")

    def presented_body(self, view: StepView, lang: str, ascii_only: bool) -> Text:
        """The presenter view below the title: the step's own text only (warning,
        where, why, verify), with room around it; never a status time, note or reason."""
        out = Text()
        self._warning(out, view, lang, ascii_only)
        self._menu_why_verify(out, view, lang)
        return out
