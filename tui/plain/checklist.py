"""Provides the plain mode's checklist: one step at a time, one letter per answer, and
the summary at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui import exit_codes
from tui.core.flows.model import Step
from tui.core.records.record import StepEntry
from tui.core.records.store import StoreError
from tui.core.secret_check import looks_like_code
from tui.gate_text import after_line, run_refusal, run_waiting
from tui.plain.console import PlainIO

if TYPE_CHECKING:
    from tui.core.run import Run


class PlainChecklist(PlainIO):
    def _saved_line(self, run: Run) -> None:
        if run.unsaved:
            self.say(self._t("plain.not_saved", reason=str(run.unsaved)), style="bold")
        else:
            self.say(self._t("plain.saved", id=run.record.id))

    # -- the checklist ----------------------------------------------------------------
    def _show_step(self, n: int, total: int, step: Step, entry: StepEntry) -> None:
        other = "en" if self.lang == "zh" else "zh"
        self.say()
        optional = f" ({self._t('field.optional')})" if step.optional else ""
        status = self._t(f"status.{entry.status}")
        self.say(f"{self._t('plain.step', n=n, total=total)}: {step.title.get(self.lang)}"
                 f"{optional}  [{status}]", style="bold")
        if step.menu:
            self.say(f"{self._t('field.menu')}: {step.menu.get(self.lang)}")
            shown = self.glyphs == "unicode" or step.menu.get(other).isascii()
            if step.menu.get(other) != step.menu.get(self.lang) and shown:
                self.say(f"{self._t('field.menu_other')}: {step.menu.get(other)}")
        self.say(f"{self._t('field.why')}: {step.why.get(self.lang)}")
        self.say(f"{self._t('field.verify')}: {step.verify.get(self.lang)}")
        if step.warning:
            self.say(f"{self._t('field.warning')}: {step.warning.get(self.lang)}", style="bold")
        if self._last_run is not None and (after := after_line(self._last_run, step.id,
                                                                self.lang)):
            self.say(after)
        self.say(f"{self._t('field.confidence')}: {self._t('confidence.' + step.confidence)}")
        if step.reviewed is not None:
            self.say(f"{self._t('field.reviewed')}: {step.reviewed.isoformat()}")
        if step.recheck:
            self.say(f"{self._t('field.recheck')} ({self._t('hours', hours=step.recheck.hours)})"
                     f": {step.recheck.text.get(self.lang)}")
        for source in step.sources:
            self.say(f"{self._t('field.sources')}: {source.url} ({source.checked.isoformat()})")
        if entry.reason:
            self.say(f"{self._t('plain.reason')}: {entry.reason}")
        if entry.note:
            self.say(f"{self._t('plain.note')}: {entry.note}")

    def _checklist(self, run: Run) -> int:
        self._last_run = run
        items = run.items()
        index = next((i for i, (_, e) in enumerate(items) if e.status == "pending"), 0)
        while True:
            if index >= len(items):
                missing = run.pending_required()
                waiting = {step.id for step, _ in run.waits()}
                if not missing or any(step.id in waiting for step in missing):
                    return self._summary(run)  # a wait keeps the run open (see Run.finish)
                first = next(i for i, (s, _) in enumerate(items) if s is missing[0])
                self.say()
                self.say(self._t("plain.still_pending", count=len(missing)))
                index = first
            step, entry = items[index]
            self._show_step(index + 1, len(items), step, entry)
            key = self.ask(self._t("plain.keys") + " ").lower()
            if key == "d":
                if (why := run_refusal(run, step.id, self.lang)) is not None:
                    self.say(why, style="bold")
                    continue
                run.tick(step.id)
                index += 1
            elif key == "s":
                reason = ""
                while not reason:
                    reason = self.ask(self._t("plain.ask_reason") + " ")
                    if not reason:
                        self.say(self._t("plain.reason_needed"))
                run.skip(step.id, reason)
                index += 1
            elif key == "n":
                text = self.ask(self._t("plain.ask_note") + " ")
                if looks_like_code(text) and self.ask(
                        self._t("plain.code_warning") + " ").lower() not in ("y", "yes", "是"):
                    self.say(self._t("plain.note_dropped"))
                    continue
                run.note(step.id, text)
            elif key == "m":
                run.mismatch(step.id, not entry.mismatch)
                self.say(self._t("plain.mismatch_on" if entry.mismatch else "plain.mismatch_off"))
            elif key == "b":
                if index == 0:
                    self.say(self._t("plain.first_step"))
                index = max(0, index - 1)
                continue
            elif key == "f":
                return self._summary(run)
            elif key == "q":
                return self._stopped(run)
            else:
                self.say(self._t("plain.bad_key"))
                continue
            self._saved_line(run)

    def _stopped(self, run: Run) -> int:
        run.save()
        self._quietly(self._t("plain.stopped", id=run.record.id))
        return exit_codes.STOPPED

    def _summary(self, run: Run) -> int:
        waiting = run_waiting(run, run.record.id, self.lang)
        try:
            record = run.finish()
        except StoreError as exc:
            self.say(self._t("plain.not_saved", reason=str(exc)), style="bold")
            return self._stopped(run)
        if record.outcome == "in-progress":  # a step waits for time: the run stays open
            self.say()
            self.say(waiting, style="bold")
            return exit_codes.STOPPED
        done, skipped, total = run.progress()
        self.say()
        self.say(self._t("plain.summary", outcome=self._t(f"outcome.{record.outcome}")),
                 style="bold")
        self.say(self._t("plain.counts", done=done, skipped=skipped, total=total))
        for step, entry in run.items():
            if entry.status == "skipped":
                self.say(f"  {self._t('status.skipped')}: {step.title.get(self.lang)} "
                         f"({entry.reason})")
            elif entry.status == "pending":
                self.say(f"  {self._t('status.pending')}: {step.title.get(self.lang)}")
        for step, due in run.rechecks():
            assert step.recheck is not None
            self.say(self._t("plain.recheck", when=due.strftime("%Y-%m-%d %H:%M"),
                             text=step.recheck.text.get(self.lang)))
        self.say(self._t("plain.record_path", path=str(run.store.path_for(record.id))))
        return exit_codes.OK
