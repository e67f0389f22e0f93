"""Provides StepList: the checklist's steps, grouped by phase, each with its status."""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from rich.text import Text
from textual.reactive import reactive
from textual.widgets.option_list import Option

from tui.app.line_breaks import Breakable
from tui.app.textual_patches import RowCachedOptionList
from tui.core.flows.model import Step
from tui.core.records.record import Status, StepEntry
from tui.core.safe_text import literal
from tui.glyphs import status_symbol, symbols
from tui.i18n import MESSAGES, t


class StepList(RowCachedOptionList):
    """The steps of a run. Option ids are step ids; phase headings are disabled
    options, so the cursor only ever rests on a step."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """As in OptionList, but moving the cursor redraws the two rows it left and reached,
    not the whole list (see watch_highlighted)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._made: dict[str, dict[tuple[object, ...], Breakable]] = {}
        """Each step's rows, by step id and what each was made from (see _row): the
        one shown, and the one a tick or untick would show (see prepare_next)."""

    def watch_highlighted(  # type: ignore[override]  # Textual passes (old, new) to it
            self, old: int | None, new: int | None) -> None:
        self.refresh_rows(old, new)
        super().watch_highlighted(new)

    def show(self, items: list[tuple[Step, StepEntry]], lang: str, ascii_only: bool,
             compact: bool = False) -> None:
        """Redraw every row, keeping the cursor on the same step. `compact` (the
        presenter view): status and title only, no phase headings."""
        keep = self.highlighted_step
        options: list[Option] = []
        phase = None
        for step, entry in items:
            if step.phase != phase and not compact:
                phase = step.phase
                key = f"phase.{phase}"
                heading = t(key, lang) if key in MESSAGES else phase
                options.append(Option(Text(heading, style="bold underline"), disabled=True))
            options.append(Option(self._row(step, entry, lang, ascii_only, compact),
                                  id=step.id))
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

    def _row(self, step: Step, entry: StepEntry, lang: str, ascii_only: bool,
             compact: bool) -> Breakable:
        """One step's row. A row is made again only when what it shows changed: a tick
        changes one row, and making all of them (text, spans, line breaking) cost more
        than drawing the one that changed."""
        title = step.title.get(lang)
        key = (title, step.optional, entry.status, entry.mismatch, lang, ascii_only, compact)
        made = self._made.setdefault(step.id, {})
        found = made.get(key)
        if found is not None:
            return found
        sym = symbols(ascii_only)
        row = Text(f"{status_symbol(entry.status, ascii_only)}\u00a0")
        row.append(literal(title, keep_newlines=False),
                   style="dim" if entry.status == "skipped" else "")
        if step.optional and not compact:
            row.append(f" ({t('field.optional', lang)})", style="italic")
        if entry.mismatch and not compact:
            row.append(f" {sym.mismatch}", style="bold")
        prompt = Breakable(row)
        made[key] = prompt
        if len(made) > 4:  # a language or view switch: the oldest go
            del made[next(iter(made))]
        return prompt

    def prepare_next(self, items: list[tuple[Step, StepEntry]], step_id: str,
                     following: str | None, lang: str, ascii_only: bool,
                     compact: bool = False) -> None:
        """Draw ahead the rows the next tick or untick of the highlighted step `step_id`
        will change (see RowCachedOptionList.prepare_row): ticked, a pending step shows
        its done row and the cursor moves on to `following`, the next step still to do
        (Run.next_to_do); unticked, a done step shows its pending row, highlighted.
        Call it while the screen waits for a key."""
        step, entry = next(((s, e) for s, e in items if s.id == step_id), (None, None))
        if step is None or entry is None or entry.status not in ("pending", "done"):
            return
        after: Status = "done" if entry.status == "pending" else "pending"
        prompt = self._row(step, replace(entry, status=after), lang, ascii_only, compact)
        self.prepare_row(self.get_option_index(step_id), prompt,
                         highlighted=after == "pending")
        if after == "done" and following is not None:
            self.prepare_highlight(self.get_option_index(following))

    def _same_rows(self, options: list[Option]) -> bool:
        """When the same steps are shown in the same order (a tick, a skip, a note),
        redraw only the rows whose text changed. OptionList's own replace_option_prompt
        throws away every row's rendering and redraws the whole list on every keypress."""
        rows = getattr(self, "_rows", None)
        if rows is None or [i for i, _ in rows] != [o.id for o in options]:
            return False
        if any(o.id is None and rows[n][1] != o.prompt for n, o in enumerate(options)):
            return False  # a phase heading changed (the language did): redraw them all
        for n, option in enumerate(options):
            if option.id is not None and rows[n][1] is not option.prompt \
                    and rows[n][1] != option.prompt:
                self.replace_row(n, cast(Breakable, option.prompt))
        self._rows = [(o.id, o.prompt) for o in options]
        return True

    def move_to(self, step_id: str) -> None:
        self.highlighted = self.get_option_index(step_id)

    @property
    def highlighted_step(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id
