"""Provides StepList: the checklist's steps, grouped by phase, each with its status."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.flows.model import Step
from tui.core.records.record import StepEntry
from tui.core.safe_text import literal
from tui.glyphs import status_symbol, symbols
from tui.i18n import MESSAGES, t


class StepList(OptionList):
    """The steps of a run. Option ids are step ids; phase headings are disabled
    options, so the cursor only ever rests on a step."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """As in OptionList, but moving the cursor redraws the two rows it left and reached,
    not the whole list (see watch_highlighted)."""

    _last_sizes: tuple[Size, Size, Size] | None = None

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Ignore a layout pass that leaves the list exactly as it was. Textual's
        ScrollView (8.2.8) takes every layout pass anywhere on the screen for a resize:
        it redraws the scrollbar and sends a Resize, on which OptionList throws away
        every row's rendering, so a change in the detail pane redrew this whole list."""
        sizes = (size, virtual_size, container_size)
        if sizes == self._last_sizes:
            return False
        self._last_sizes = sizes
        return super()._size_updated(size, virtual_size, container_size, layout)

    def watch_highlighted(  # type: ignore[override]  # Textual passes (old, new) to it
            self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index in self._index_to_line:
                self.refresh_lines(self._index_to_line[index], self._heights[index])
        super().watch_highlighted(new)

    def show(self, items: list[tuple[Step, StepEntry]], lang: str, ascii_only: bool,
             compact: bool = False) -> None:
        """Redraw every row, keeping the cursor on the same step. `compact` (the
        presenter view): status and title only, no phase headings."""
        keep = self.highlighted_step
        sym = symbols(ascii_only)
        options: list[Option] = []
        phase = None
        for step, entry in items:
            if step.phase != phase and not compact:
                phase = step.phase
                key = f"phase.{phase}"
                heading = t(key, lang) if key in MESSAGES else phase
                options.append(Option(Text(heading, style="bold underline"), disabled=True))
            row = Text(f"{status_symbol(entry.status, ascii_only)}\u00a0")
            row.append(literal(step.title.get(lang), keep_newlines=False),
                       style="dim" if entry.status == "skipped" else "")
            if step.optional and not compact:
                row.append(f" ({t('field.optional', lang)})", style="italic")
            if entry.mismatch and not compact:
                row.append(f" {sym.mismatch}", style="bold")
            options.append(Option(row, id=step.id))
        if self._same_rows(options):
            return
        self._rows = [(o.id, o.prompt) for o in options]
        self.clear_options()
        self.add_options(options)
        target = keep if keep is not None else next((s.id for s, e in items
                                                     if e.status == "pending"), None)
        if target is None and items:
            target = items[0][0].id
        if target is not None:
            self.highlighted = self.get_option_index(target)

    def _same_rows(self, options: list[Option]) -> bool:
        """When the same steps are shown in the same order (a tick, a skip, a note),
        redraw only the rows whose text changed. OptionList's own replace_option_prompt
        throws away every row's rendering and redraws the whole list on every keypress."""
        rows = getattr(self, "_rows", None)
        if rows is None or [i for i, _ in rows] != [o.id for o in options]:
            return False
        for n, option in enumerate(options):
            if option.id is not None and rows[n][1] != option.prompt:
                self._replace_row(n, cast(Text, option.prompt))
        self._rows = [(o.id, o.prompt) for o in options]
        return True

    def _replace_row(self, index: int, prompt: Text) -> None:
        """Replace one row's text and redraw its lines only; when its height changes
        (a longer title wraps), fall back to the full redraw. This reaches into
        OptionList's caches (Textual is pinned; the checklist tests fail if they move)."""
        option = self.get_option_at_index(index)
        height = self._heights.get(index)
        option._set_prompt(prompt)
        cache = self._option_render_cache
        for key in [k for k in cache.keys() if k[0] is option]:  # noqa: SIM118 - no __iter__
            cache.discard(key)
        style = self.get_visual_style("option-list--option")
        if height is None or len(self._get_option_render(option, style)) != height:
            self._clear_caches()
            return
        self.refresh_lines(self._index_to_line[index], height)

    def move_to(self, step_id: str) -> None:
        self.highlighted = self.get_option_index(step_id)

    @property
    def highlighted_step(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id
