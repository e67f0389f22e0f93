"""Provides TypedAnswers: the checklist's keys that ask the person to type something
(a skip reason, a note, what they saw instead of the step), each in a dialog.

Kept apart from ChecklistScreen so that screen reads as what is on it and how a tick
moves; these are the conversations a key starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from tui.app.screens.dialogs import TextModal, YesNoModal
from tui.app.widgets.step_list import StepList
from tui.core.run import MAX_SEEN, SaveState
from tui.core.secret_check import looks_like_code
from tui.i18n import t

if TYPE_CHECKING:
    from tui.app.screens.base import SignoffScreen
    from tui.core.run import Run

    Base = SignoffScreen
else:
    Base = object


class TypedAnswers(Base):
    """Mixed into ChecklistScreen, which provides the run and `_change`."""

    active_run: Run

    if TYPE_CHECKING:  # ChecklistScreen's
        def _change(self, do: Callable[[str], SaveState], advance: bool = False) -> None: ...
        def _entry_status(self) -> str | None: ...

    def _title(self) -> str:
        step_id = self.query_one(StepList).highlighted_step
        for step, _ in self.active_run.items():
            if step.id == step_id:
                return step.title.get(self.lang)
        return ""

    @work(exclusive=True, group="dialog")
    async def action_skip(self) -> None:
        if self._entry_status() == "skipped":
            self._change(lambda sid: self.active_run.set_status(sid, "pending"))
            return
        title = self._title()
        reason = await self.app.push_screen_wait(TextModal(
            self.lang, t("checklist.skip_title", self.lang),
            t("checklist.skip_prompt", self.lang, title=title)))
        step_id = self.query_one(StepList).highlighted_step
        if reason and step_id and not self.active_run.fits(step_id, reason=reason):
            self.notify(t("checklist.too_long", self.lang), severity="error", markup=False)
        elif reason:
            self._change(lambda sid: self.active_run.skip(sid, reason), advance=True)

    @work(exclusive=True, group="dialog")
    async def action_note(self) -> None:
        step_id = self.query_one(StepList).highlighted_step
        if step_id is None:
            return
        old = self.active_run.record.step(step_id).note
        note = await self.app.push_screen_wait(TextModal(
            self.lang, t("checklist.note_title", self.lang),
            t("checklist.note_prompt", self.lang, title=self._title()), value=old,
            required=False))
        if note and looks_like_code(note) and not await self.app.push_screen_wait(YesNoModal(
                self.lang, t("note.code_title", self.lang), t("note.code_warning", self.lang))):
            self.notify(t("plain.note_dropped", self.lang))
            return
        if note is not None and not self.active_run.fits(step_id, note=note):
            self.notify(t("checklist.too_long", self.lang), severity="error", markup=False)
        elif note is not None:
            self._change(lambda sid: self.active_run.note(sid, note))

    @work(exclusive=True, group="dialog")
    async def action_mismatch_details(self) -> None:
        """Flag the step and ask, each optional, which app version and system the person
        has and what they saw instead (for `signoff feedback`). Escape stops asking and
        keeps what was given; Escape at the first question changes nothing."""
        step_id = self.query_one(StepList).highlighted_step
        if step_id is None:
            return
        seen: list[str] = []
        for what in ("app", "os", "instead"):
            answer = await self.app.push_screen_wait(TextModal(
                self.lang, t("mismatch.title", self.lang), t(f"mismatch.ask_{what}", self.lang),
                required=False, max_length=MAX_SEEN))
            if answer is None:
                break
            seen.append(answer)
        if not seen:
            return
        app, os_name, instead = (*seen, "", "", "")[:3]
        self._change(lambda sid: self.active_run.mismatch(sid, True, app=app, os_name=os_name,
                                                          instead=instead))

