"""Provides ChecklistScreen: the steps with their status and progress, the highlighted
step's detail, and one key each to tick, skip, note, flag a mismatch, go back, finish.

Every change goes through the Run. It is drawn at once and written on the Run's
background saver; this screen says "Saving" until the saver reports the change is on
disk, and only then "Saved"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import OptionList

from tui.app.messages import RunFinished
from tui.app.screens import saved_line
from tui.app.screens.after_output import AfterOutput
from tui.app.screens.base import SignoffScreen
from tui.app.screens.checklist_answers import TypedAnswers
from tui.app.screens.dialogs import YesNoModal
from tui.app.screens.presenting import StepNumber, allowed, more_below
from tui.app.widgets.breadcrumb import Breadcrumb, Trail, trail_of
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter
from tui.app.widgets.quiet_static import QuietStatic
from tui.app.widgets.step_detail import StepDetail
from tui.app.widgets.step_list import StepList
from tui.core.records.store import StoreError
from tui.core.run import Run, SaveState
from tui.core.safe_text import literal
from tui.gate_text import after_line, run_refusal, run_waiting
from tui.glyphs import symbols
from tui.i18n import t
from tui.runtime import collector

SAVED_PAUSE = 0.25
"""Seconds without another change before "Saving" turns into "Saved" on screen."""


class ChecklistScreen(TypedAnswers, AfterOutput, SignoffScreen):
    """The run being worked through."""

    BINDINGS = [
        Binding("space", "tick", "Tick", id="checklist.tick"),
        Binding("x", "tick", "Tick", show=False, id="checklist.tick_alt"),
        Binding("s", "skip", "Skip", id="checklist.skip"),
        Binding("n", "note", "Note", id="checklist.note"),
        Binding("m", "mismatch", "Not as in app", id="checklist.mismatch"),
        Binding("M", "mismatch_details", "Describe mismatch", show=False,
                id="checklist.describe"),
        Binding("b", "back", "Back", id="checklist.back"),
        Binding("escape", "back", "Back", show=False, id="checklist.back_alt"),
        Binding("f", "finish", "Finish", id="checklist.finish"),
        Binding("v", "present", "Present", id="checklist.present"),
        # The same key where the footer has no room for it (see presenting.allowed).
        Binding("v", "toggle_present", "Present", show=False, id="checklist.present_alt"),
        Binding("j", "move(1)", "Next step", show=False, id="checklist.down"),
        Binding("k", "move(-1)", "Previous step", show=False, id="checklist.up"),
        Binding("ctrl+d", "scroll_detail(1)", show=False, id="checklist.scroll_down"),
        Binding("ctrl+u", "scroll_detail(-1)", show=False, id="checklist.scroll_up"),
    ]

    trail: reactive[Trail] = reactive((), always_update=True)
    """The answers that led to this checklist."""

    @dataclass
    class Saved(Message):
        """The background saver finished a write (posted from its thread)."""

        error: StoreError | None

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.active_run = run
        self.wizard = run.wizard
        self._said: saved_line.Said = saved_line.ready(run.record.id)
        """What the bottom line says, in any language (saved_line.py)."""
        self._saving_said: saved_line.Said | None = None
        """What it will say once the change being written is on disk."""
        self._saved_timer: Timer | None = None
        self.refused = ""
        """The last refusal to tick a step before its prerequisites (tests read it)."""
        run.save_in_background(lambda error: self.post_message(self.Saved(error)),
                               wake_later=self.wake_saver_later)

    def compose(self) -> ComposeResult:
        ascii_only = self.signoff.plain_symbols
        yield PracticeBanner().data_bind(ChecklistScreen.practice, ChecklistScreen.lang)
        crumb = Breadcrumb(id="crumb")
        crumb.ascii_only = ascii_only
        yield crumb.data_bind(ChecklistScreen.trail)
        yield QuietStatic(id="unsaved")
        with Horizontal(id="checklist-body"):
            with Vertical(id="steps-pane"):
                yield StepNumber(id="step-number")
                yield StepList(id="steps")
                yield QuietStatic(id="progress")
                yield QuietStatic(id="legend")
                yield QuietStatic(id="more-hint")
            yield StepDetail(id="detail")
        yield QuietStatic(id="saved-line")
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.set_class(self.signoff.present, "-present")
        self.relabel()
        self.query_one(StepList).focus()
        self.call_after_refresh(collector.freeze_long_lived)  # this screen lives on

    @property
    def saved_text(self) -> str:
        """The bottom line as it is drawn now (tests read it)."""
        return self._said(self.lang)

    def relabel(self) -> None:
        trail = trail_of(self.wizard, self.lang)
        who = self.active_run.record.who
        if who and not self.has_class("-present"):  # whose run it is, first (not on a projector)
            trail = (("", t("checklist.for", self.lang, who=who)), *trail)
        self.trail = trail
        self.refresh_steps()

    def refresh_steps(self) -> None:
        run, lang, ascii_only = self.active_run, self.lang, self.signoff.plain_symbols
        items = run.items()
        presenting = self.has_class("-present")
        self.query_one(StepList).show(items, lang, ascii_only, compact=presenting)
        done, skipped, total = run.progress()
        width = 16
        full = round(width * done / total) if total else 0
        sym = symbols(ascii_only)
        bar = Text(sym.bar_full * full + sym.bar_empty * (width - full) + f" {done}/{total}\n")
        bar.append(t("checklist.counts", lang, done=done, skipped=skipped,
                     todo=total - done - skipped))
        self.query_one("#progress", QuietStatic).set_text(bar)
        legend = Text(t("checklist.legend", lang, done=sym.done, skipped=sym.skipped,
                        pending=sym.pending, mismatch=sym.mismatch), style="dim")
        if presenting:  # said here too: the footer is not where a room looks
            legend = Text(t("present.on", lang))
        self.query_one("#legend", QuietStatic).set_text(legend)
        self.detail_after_refresh()

    def show_saved(self) -> None:
        """The "Saved" line, and the red "NOT SAVED" line while saving fails."""
        run, lang = self.active_run, self.lang
        unsaved = self.query_one("#unsaved", QuietStatic)
        unsaved.display = run.unsaved is not None
        if run.unsaved is not None:
            unsaved.set_text(Text(t("present.not_saved", lang) if self.has_class("-present")
                                  else t("checklist.not_saved", lang, reason=str(run.unsaved))))
        self.query_one("#saved-line", QuietStatic).set_text(Text(literal(self.saved_text)))

    @on(OptionList.OptionHighlighted, "#steps")
    def detail_after_refresh(self) -> None:
        """Draw the detail pane and the "Saving" line in the frame after the list. A
        tick or a move is on screen at once (the row, the cursor, the progress); the
        next step's page follows a frame later (see StepDetail for what that costs),
        once the first frame is written (AfterOutput). The benchmark measures both
        (see README, Performance)."""
        self.detail_later()

    def show_detail(self) -> None:
        self.show_saved()
        step_id = self.query_one(StepList).highlighted_step
        items = self.active_run.items()
        for n, (step, entry) in enumerate(items, start=1):
            if step.id == step_id and self.has_class("-present"):
                self.query_one(StepNumber).show(n, len(items), self.lang)
            if step.id == step_id:
                self.query_one(StepDetail).show(
                    step, entry, self.lang, self.signoff.plain_symbols,
                    present=self.has_class("-present"),
                    after=after_line(self.active_run, step.id, self.lang))
        self.call_after_refresh(self.show_more_hint)
        self.call_after_refresh(self.prepare_next_tick)

    def prepare_next_tick(self) -> None:
        """Once the step's page is drawn, draw ahead the rows the next tick changes."""
        steps = self.query_one(StepList)
        step_id = steps.highlighted_step
        if step_id is not None:
            steps.prepare_next(self.active_run.items(), step_id,
                               self.active_run.next_to_do(step_id), self.lang,
                               self.signoff.plain_symbols, compact=self.has_class("-present"))

    def show_more_hint(self) -> None:
        """While presenting, say so when the step goes on below the pane."""
        hint = self.query_one("#more-hint", QuietStatic)
        hint.display = self.has_class("-present") and more_below(self.query_one(StepDetail))
        hint.set_text(Text(t("present.more", self.lang), style="reverse"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return allowed(action, self.has_class("-present"), self.app.size.width)

    def on_resize(self) -> None:
        super().on_resize()
        self.refresh_bindings()  # `v` joins the footer where it fits

    def _change(self, do: Callable[[str], SaveState], advance: bool = False) -> None:
        """Apply a change to the highlighted step; say "Saved" only once it is. With
        `advance`, move on to the next step still to do, as a person working down the
        list expects after ticking or skipping."""
        step_id = self.query_one(StepList).highlighted_step
        if step_id is None:
            return
        saved = do(step_id)
        entry = self.active_run.record.step(step_id)
        step = next((s for s, _ in self.active_run.items() if s.id == step_id), None)
        if saved == "saved":
            self._said = saved_line.change("checklist.saved", step, entry.status)
        elif saved == "queued":  # not `saving`: the write may be done already
            self._saving_said = saved_line.change("checklist.saved", step, entry.status)
            self._said = saved_line.change("checklist.saving", step, entry.status)
        if advance and entry.status in ("done", "skipped"):
            following = self.active_run.next_to_do(step_id)
            if following is not None:  # before the redraw: the detail pane is drawn once
                self.query_one(StepList).move_to(following)
        self.refresh_steps()

    def on_checklist_screen_saved(self, message: Saved) -> None:
        """Say "Saved" only for the newest change: while a newer one is still being
        written, the line keeps saying "Saving". A failure is shown at once. Success is
        shown with the next change, or SAVED_PAUSE after the last write if none comes:
        a frame of its own would land in the middle of fast typing and hold the next
        key's frame back (Textual draws at most one frame per 1/60 s). The pause is
        counted again from each write, so steady ticking draws no such frame at all;
        counted from the first write, it fell every quarter second among the ticks."""
        if self.active_run.saving:
            return
        if message.error is None and self._saving_said is not None:
            self._said = self._saving_said
        elif message.error is not None:
            self._said = saved_line.nothing  # the red line above says what failed
        self._saving_said = None
        if message.error is not None:
            self.show_saved()
            return
        if self._saved_timer is not None:
            self._saved_timer.stop()
        self._saved_timer = self.set_timer(SAVED_PAUSE, self._show_saved_later)

    @property
    def settled(self) -> bool:
        """Every change is on disk and the line says so. Tests and the screenshot script
        wait for this rather than for a guessed pause: under load the write, the
        "Saved" message and the SAVED_PAUSE timer can each come late."""
        return (not self.active_run.saving and self._saving_said is None
                and self._saved_timer is None and not self._detail_due)

    def _show_saved_later(self) -> None:
        self._saved_timer = None
        self.show_saved()

    def _entry_status(self) -> str | None:
        step_id = self.query_one(StepList).highlighted_step
        return self.active_run.record.step(step_id).status if step_id else None

    @on(OptionList.OptionSelected, "#steps")
    def action_tick(self) -> None:
        if self._entry_status() == "done":
            self._change(lambda sid: self.active_run.set_status(sid, "pending"))
        elif (why := self._refusal()) is not None:
            self.refused = why
            step_id = self.query_one(StepList).highlighted_step
            self._said = saved_line.refusal(self.active_run, step_id or "", why)
            self.show_saved()
            self.notify(why, severity="warning")
        else:
            self._change(self.active_run.tick, advance=True)

    def _refusal(self) -> str | None:
        """Why the highlighted step cannot be ticked yet (its prerequisites), or None."""
        step_id = self.query_one(StepList).highlighted_step
        return run_refusal(self.active_run, step_id, self.lang) if step_id else None

    def action_present(self) -> None:
        """The presenter view for a projector: the step large, the list compact, and
        nothing personal (record id, notes, reasons, operator) on screen."""
        self.signoff.present = not self.has_class("-present")
        self.set_class(self.signoff.present, "-present")
        self.refresh_bindings()
        self.refresh_steps()

    def action_toggle_present(self) -> None:
        self.action_present()

    def action_mismatch(self) -> None:
        """Flag the step at once (or unflag it); M then adds what the person saw."""
        self._change(lambda sid: self.active_run.mismatch(
            sid, not self.active_run.record.step(sid).mismatch))

    def action_move(self, delta: int) -> None:
        steps = self.query_one(StepList)
        steps.action_cursor_down() if delta > 0 else steps.action_cursor_up()

    def action_scroll_detail(self, direction: int) -> None:
        scroll = self.query_one(StepDetail)
        scroll.scroll_relative(y=direction * max(1, scroll.size.height // 2), animate=False)
        self.call_after_refresh(self.show_more_hint)

    def action_back(self) -> None:
        """Up one level to the last question; the run and its ticks stay."""
        self.wizard.back()
        self.dismiss()

    @work(exclusive=True, group="dialog")
    async def action_finish(self) -> None:
        run, lang = self.active_run, self.lang
        pending = run.pending_required()
        waiting = run_waiting(run, run.record.id, lang)
        if pending and not waiting and not await self.app.push_screen_wait(YesNoModal(
                lang, t("checklist.finish_title", lang),
                t("checklist.finish_pending", lang, count=len(pending)))):
            return
        try:
            record = run.finish()
        except StoreError as exc:
            self.notify(t("checklist.not_saved", lang, reason=str(exc)), severity="error")
            return
        if record.outcome == "in-progress":  # a required step waits for time (Run.finish)
            self.app.notify(waiting, timeout=10)
        self.post_message(RunFinished(record))
