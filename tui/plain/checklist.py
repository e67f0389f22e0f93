"""Provides the plain mode's checklist: one step at a time, one letter per answer, and
the summary at the end.

What only the checklist uses (how a step is presented, the gates, the code check) is
imported where it is used: the plain mode asks its first question before any of it
is needed, and every module imported before that prompt is time a person waits for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui import exit_codes
from tui.core.records.folder import StoreError
from tui.plain.console import PlainIO

if TYPE_CHECKING:
    from tui.core.flows.model import Step
    from tui.core.present import StepView
    from tui.core.records.record import StepEntry
    from tui.core.run import Run


class PlainChecklist(PlainIO):
    def _saved_line(self, run: Run, short: bool = False) -> None:
        """Whether the last answer is on disk. The record id is said at the start and
        when stopping; after each tick `short` says "Saved." (`--verbose`: the id too)."""
        if run.unsaved:
            self.say(self._t("plain.not_saved", reason=str(run.unsaved)), style="bold")
        elif short and not self.options.verbose:
            self.say(self._t("plain.saved_short"))
        else:
            self.say(self._t("plain.saved", id=run.record.id))

    # -- the checklist ----------------------------------------------------------------
    def _view(self, step: Step) -> StepView:
        from tui.core.present import StepView
        from tui.glyphs import spell_out_view

        view = StepView.of(step, self.lang, ascii_only=self.glyphs != "unicode")
        return view if self.glyphs == "unicode" else spell_out_view(view, self.lang)

    def _show_step(self, n: int, total: int, step: Step, entry: StepEntry) -> None:
        """The step, once, in the order a screen reader should hear it: the warning
        before the instruction. The concise default leaves out what was said already
        (a pending step's status, the other language's menu: `o` says it, each
        source's heading); `--verbose` says it all."""
        view, verbose = self._view(step), self.options.verbose
        self.say()
        optional = f" ({self._t('field.optional')})" if view.optional else ""
        status = f"  [{self._t(f'status.{entry.status}')}]" \
            if verbose or entry.status != "pending" else ""
        self.say(f"{self._t('plain.step', n=n, total=total)}: {view.title}"
                 f"{optional}{status}", style="bold")
        if view.warning:  # before the instruction, as the app shows it: heard first
            self.say(f"{self._t('field.warning')}: {view.warning}", style="bold")
        if view.menu:
            self.say(f"{self._t('field.menu')}: {view.menu}")
            if view.menu_other and verbose:
                self._say_other(view)
        self.say(f"{self._t('field.why')}: {view.why}")
        self.say(f"{self._t('field.verify')}: {view.verify}")
        from tui.gate_text import after_line

        if self._last_run is not None and (after := after_line(self._last_run, step.id,
                                                                self.lang)):
            self.say(self._flow_text(after))
        self.say(f"{self._t('field.confidence')}: {self._t('confidence.' + view.confidence)}")
        if view.reviewed:
            self.say(f"{self._t('field.reviewed')}: {view.reviewed}")
        if view.recheck_hours is not None:
            self.say(f"{self._t('field.recheck')} ({self._t('hours', hours=view.recheck_hours)})"
                     f": {view.recheck}")
        if verbose:
            for source in view.sources:
                self.say(f"{self._t('field.sources')}: {source.url} ({source.checked})")
        elif view.sources:
            self.say(self._t("plain.sources"))
            for source in view.sources:
                self.say(f"  {source.url} ({source.checked})")
        if entry.reason:
            self.say(f"{self._t('plain.reason')}: {entry.reason}")
        if entry.note:
            self.say(f"{self._t('plain.note')}: {entry.note}")

    def _say_other(self, view: StepView) -> None:
        self.say(f"{self._t('field.menu_other')}: {view.menu_other}")

    def _keys(self, step: Step) -> str:
        """The keys, with `o` only where there is another language's menu to say."""
        if not self.options.verbose and self._view(step).menu_other:
            return self._t("plain.keys_other")
        return self._t("plain.keys")

    def _checklist(self, run: Run) -> int:
        from tui.core.secret_check import looks_like_code
        from tui.gate_text import run_refusal

        self._last_run = run
        items = run.items()
        index = next((i for i, (_, e) in enumerate(items) if e.status == "pending"), 0)
        # The step last printed in full: the concise form does not print it again for an
        # answer that stays on it (a note, a mark, a refusal, a key it does not know).
        shown = -1
        while True:
            if index >= len(items):
                missing = run.pending_required()
                waiting = {step.id for step, _ in run.waits()}
                if not missing or any(step.id in waiting for step in missing):
                    return self._summary(run)  # a wait keeps the run open (see Run.finish)
                first = next(i for i, (s, _) in enumerate(items) if s is missing[0])
                self.say()
                self.say(self._t("plain.still_pending", count=len(missing)))
                index, shown = first, -1
            step, entry = items[index]
            if shown != index or self.options.verbose:
                self._show_step(index + 1, len(items), step, entry)
                shown = index
            key = self.ask(self._keys(step) + " ").lower()
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
                if not run.fits(step.id, reason=reason):
                    self.say(self._t("plain.too_long"))
                    continue
                run.skip(step.id, reason)
                index += 1
            elif key == "n":
                text = self.ask(self._t("plain.ask_note") + " ")
                if looks_like_code(text) and self.ask(
                        self._t("plain.code_warning") + " ").lower() not in ("y", "yes", "是"):
                    self.say(self._t("plain.note_dropped"))
                    continue
                if not run.fits(step.id, note=text):
                    self.say(self._t("plain.too_long"))
                    continue
                run.note(step.id, text)
                if not self.options.verbose:
                    self._confirmed(run, "plain.note_saved")
                    continue
            elif key == "m":
                run.mismatch(step.id, not entry.mismatch)
                mark = "plain.mismatch_on" if entry.mismatch else "plain.mismatch_off"
                if self.options.verbose:
                    self.say(self._t(mark))
                else:
                    self._confirmed(run, mark)
                if entry.mismatch and self.ask(self._t("mismatch.ask_details") + " ").lower() \
                        in ("y", "yes", "是"):
                    seen = [self._seen(k) for k in ("app", "os", "instead")]
                    run.mismatch(step.id, True, app=seen[0], os_name=seen[1], instead=seen[2])
                    if any(seen):
                        self._confirmed(run, "mismatch.kept")
                if not self.options.verbose:
                    continue
            elif key == "o" and not self.options.verbose:
                view = self._view(step)
                if view.menu_other:
                    self._say_other(view)
                else:
                    self.say(self._t("plain.no_other"))
                continue
            elif key == "b":
                if index == 0:
                    self.say(self._t("plain.first_step"))
                index = max(0, index - 1)
                shown = -1
                continue
            elif key == "f":
                if self._finish_confirmed(run):
                    return self._summary(run)
                continue
            elif key == "q":
                return self._stopped(run)
            else:
                offered = self._keys(step) == self._t("plain.keys_other")
                self.say(self._t("plain.bad_key_other" if offered else "plain.bad_key"))
                continue
            self._saved_line(run, short=True)

    def _confirmed(self, run: Run, key: str) -> None:
        """One line for an answer that stays on the step: what changed, saved or not."""
        if run.unsaved:
            self._saved_line(run)
        else:
            self.say(self._t(key))

    def _seen(self, what: str) -> str:
        """One optional line for the maintainers (Enter skips), asked again until it is
        short enough for `signoff feedback`."""
        from tui.core.run import MAX_SEEN  # the run module is loaded by then

        while len(answer := self.ask(self._t(f"mismatch.ask_{what}") + " ")) > MAX_SEEN:
            self.say(self._t("mismatch.too_long", max=MAX_SEEN))
        return answer

    def _finish_confirmed(self, run: Run) -> bool:
        """`f` sits beside `d`: with required steps not done, finishing is asked first,
        since a finished run cannot be resumed."""
        pending = run.pending_required()
        waiting = {step.id for step, _ in run.waits()}
        if not pending or any(step.id in waiting for step in pending):
            return True  # done, or a step waits for time: finishing keeps the run open
        answer = self.ask(self._t("plain.finish_pending", count=len(pending)) + " ")
        if answer.lower() in ("y", "yes", "是"):
            return True
        self.say(self._t("plain.finish_cancelled"))
        return False

    def _stopped(self, run: Run) -> int:
        """Say what is really on disk: "saved" only when it is."""
        run.save()
        state = run.stop()
        if state == "saved":
            self._quietly(self._t("plain.stopped", id=run.record.id))
            return exit_codes.STOPPED
        reason = str(run.unsaved or "").rstrip(".")
        self._quietly(self._t(f"plain.stopped_{state}", id=run.record.id, reason=reason))
        return exit_codes.NOT_SAVED

    def _summary(self, run: Run) -> int:
        from tui.core.present import RecordView
        from tui.gate_text import run_waiting

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
        view = RecordView.of(record, self.lang, {step.id: step for step, _ in run.items()})
        for line in view.lines:
            if line.status == "skipped":
                self.say(f"  {self._t('status.skipped')}: {self._flow_text(line.title)} "
                         f"({line.reason})")
            elif line.status == "pending":
                self.say(f"  {self._t('status.pending')}: {self._flow_text(line.title)}")
        for recheck in view.rechecks:
            self.say(self._t("plain.recheck", when=recheck.due.strftime("%Y-%m-%d %H:%M"),
                             text=recheck.text))
        self.say(self._t("plain.record_path", path=str(run.store.path_for(record.id))))
        if record.chain is not None:
            from tui.core.records.head import witness

            head = witness(record.chain.seq, record.chain.hash)
            self.say(self._t("plain.head", head=head), style="bold")
            self.say(self._t("plain.head_hint", head=head))
        if record.key:
            self.say(self._t("plain.signed", fingerprint=record.key))
        elif record.unsigned:
            self.say(self._t("plain.unsigned", reason=record.unsigned.rstrip(".")), style="bold")
        return exit_codes.OK if record.outcome == "completed" else exit_codes.INCOMPLETE
