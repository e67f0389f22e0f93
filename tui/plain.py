"""Provides the plain line-by-line wizard: the same engine and store as the app, for
serial consoles, screen readers, dumb terminals and pipes.

It prints one block per state change and reads one line per answer, so a script (or a
braille display) can follow it: questions are numbered lists answered by number or id,
steps take one letter. Nothing it prints depends on colour or box drawing, and every
text from a flow or a person goes through `literal()` and is printed with markup off.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.text import Text

from tui import exit_codes
from tui.core.engine import Prompt, Wizard
from tui.core.flows.cache import load_library_cached
from tui.core.flows.model import Library, Step
from tui.core.records.record import StepEntry
from tui.core.records.store import RecordStore, StoreError
from tui.core.safe_text import literal
from tui.core.secret_check import looks_like_code
from tui.glyphs import Profile, fold
from tui.i18n import t
from tui.options import Options
from tui.paths import cache_dir
from tui.runtime import collector

if TYPE_CHECKING:
    from tui.core.run import FlowChange, Run


class EndOfInput(Exception):
    """Standard input closed: treated like `q`, progress saved."""


class HungUp(Exception):
    """SIGHUP (the SSH connection dropped) or SIGTERM: stop like `q`, progress saved."""


def _hang_up(signum: int, frame: object) -> None:
    raise HungUp(signum)


class PlainWizard:
    def __init__(self, options: Options, stdin: TextIO, console: Console,
                 store: RecordStore | None = None) -> None:
        self.options = options
        self.store = store or RecordStore(options.records_dir)
        self.lang = options.lang
        self.stdin = stdin
        self.console = console
        self._last_run: Run | None = None
        self.glyphs: Profile = "ascii" if options.glyphs != "unicode" else "unicode"
        """A serial line or the Linux console: everything printed is folded to ASCII."""

    # -- output and input -------------------------------------------------------------
    def say(self, text: str = "", style: str = "") -> None:
        self.console.print(Text(fold(literal(text), self.glyphs), style=style),
                           highlight=False)

    def ask(self, prompt: str) -> str:
        self.console.print(Text(fold(prompt, self.glyphs)), end="", highlight=False)
        self.console.file.flush()
        collector.start_up_done()  # a question is on screen: the session has begun
        line = self.stdin.readline()
        if not line:
            self.say()
            raise EndOfInput
        return line.strip()

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    # -- the whole session ------------------------------------------------------------
    def main(self) -> int:
        for warning in self.options.warnings:
            self.say(warning)
        store = self.store
        try:
            for warning in store.ensure():
                self.say(self._t("plain.warning", text=warning))
        except StoreError as exc:
            raise SystemExit(self._fail(str(exc))) from exc
        library = load_library_cached(self.options.flow_dirs, cache_dir())
        if library.problems:
            self.say(self._t("plain.flow_problems", count=len(library.problems)))
        try:
            if self.options.resume:
                from tui.core.run import ResumeError, Run

                try:
                    run, change = Run.resume(store, library, self.options.resume)
                except (ResumeError, StoreError) as exc:
                    return self._fail(str(exc))
                self._show_change(change)
            else:
                started = self._new_run(store, library)
                if isinstance(started, int):
                    return started
                run = started
            return self._checklist(run)
        except (EndOfInput, HungUp, KeyboardInterrupt):
            if self._last_run is None:
                self._quietly(self._t("plain.nothing_recorded"))
                return exit_codes.STOPPED
            return self._stopped(self._last_run)
        finally:
            store.release_locks()

    def _quietly(self, text: str) -> None:
        """Say it if the terminal is still there (after SIGHUP it may not be)."""
        with contextlib.suppress(OSError, ValueError):
            self.say(text)

    def _fail(self, message: str) -> int:
        self.console.file.flush()
        sys.stderr.write(f"signoff: {literal(message, keep_newlines=False)}.\n")
        return exit_codes.USAGE

    def _new_run(self, store: RecordStore, library: Library) -> Run | int:
        wizard = Wizard(library)
        if self.options.run:
            for value in self.options.run:
                prompt = wizard.current()
                if prompt is None or prompt.choice(value) is None:
                    offered = ", ".join(c.id for c in prompt.choices) if prompt else ""
                    level = prompt.level if prompt else "flow"
                    return self._fail(f'there is no {level} "{value}" here; choose one of: '
                                      f"{offered}")
                wizard.answer(value)
        else:
            waiting = store.in_progress()
            if waiting:
                self.say(self._t("plain.interrupted", count=len(waiting)))
                for record in waiting[-5:]:
                    done = sum(s.status in ("done", "skipped") for s in record.applicable())
                    self.say(f"  signoff resume {record.id}   ({record.flow_id}, "
                             f"{done}/{len(record.applicable())})")
                self.say()
        confirmed = False
        while True:
            goal = library.goals[wizard.path[2]] if len(wizard.path) >= 3 else None
            if goal is None:
                confirmed = False
            elif goal.irreversible and not confirmed:
                if not self._confirm(goal.name.get(self.lang), goal.confirm_word):
                    self.say(self._t("plain.aborted"))
                    return exit_codes.ABORTED
                confirmed = True
            prompt = wizard.current()
            if prompt is None:
                break
            choice = self._question(prompt, wizard)
            if choice is None:
                if not wizard.back():
                    self.say(self._t("plain.at_top"))
                continue
            wizard.answer(choice)
        flow = wizard.flow
        assert flow is not None
        subject = ""
        if flow.goal == "offboard-employee":
            while not subject:
                subject = self.ask(self._t("plain.subject") + " ")
        operator = self.options.operator
        while self.options.mode == "practice" and not operator:
            operator = self.ask(self._t("plain.operator") + " ")
        from tui.core.run import Run  # after the questions: not before the first prompt

        run = Run.start(store, wizard, lang=self.lang, mode=self.options.mode,
                        operator=operator, subject=subject)
        self._last_run = run
        self.say()
        self.say(literal(flow.title.get(self.lang)), style="bold")
        self.say(flow.summary.get(self.lang))
        self._saved_line(run)
        return run

    def _question(self, prompt: Prompt, wizard: Wizard) -> str | None:
        """Ask until a valid answer; None means back."""
        text = prompt.text.get(self.lang) if prompt.text else self._t(f"level.{prompt.level}")
        if wizard.path:
            trail = " > ".join(c.label.get(self.lang) for _, c in wizard.trail())
            self.say(self._t("plain.path", trail=trail))
        self.say(text, style="bold")
        if prompt.help:
            self.say(prompt.help.get(self.lang))
        for n, choice in enumerate(prompt.choices, start=1):
            mark = self._t("plain.default") if choice.id == prompt.default else ""
            self.say(f"  {n}) {choice.label.get(self.lang)}  [{choice.id}]{mark}")
        while True:
            answer = self.ask(self._t("plain.choose", n=len(prompt.choices)) + " ")
            if not answer and prompt.default:
                return prompt.default
            if answer.isdecimal() and 1 <= int(answer) <= len(prompt.choices):
                return prompt.choices[int(answer) - 1].id
            if prompt.choice(answer):
                return answer
            if answer.lower() == "b":
                self.say()
                return None
            self.say(self._t("plain.bad_choice", n=len(prompt.choices)))
            self.say(text, style="bold")

    def _confirm(self, goal_name: str, word: str) -> bool:
        self.say()
        self.say(self._t("plain.irreversible", goal=goal_name), style="bold")
        return self.ask(self._t("plain.type_word", word=word) + " ") == word

    def _show_change(self, change: FlowChange) -> None:
        if not change:
            return
        self.say(self._t("plain.flow_changed"), style="bold")
        for key, titles in (("added", change.added), ("removed", change.removed),
                            ("changed", change.changed)):
            for title in titles:
                self.say(f"  {self._t('plain.change_' + key)}: {title}")
        self.say()

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
        self.say(f"{self._t('field.confidence')}: {self._t('confidence.' + step.confidence)}")
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
                if not missing:
                    return self._summary(run)
                first = next(i for i, (s, _) in enumerate(items) if s is missing[0])
                self.say()
                self.say(self._t("plain.still_pending", count=len(missing)))
                index = first
            step, entry = items[index]
            self._show_step(index + 1, len(items), step, entry)
            key = self.ask(self._t("plain.keys") + " ").lower()
            if key == "d":
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
        try:
            record = run.finish()
        except StoreError as exc:
            self.say(self._t("plain.not_saved", reason=str(exc)), style="bold")
            return self._stopped(run)
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


def run_plain(options: Options, stdin: TextIO, console: Console | None = None,
              store: RecordStore | None = None) -> int:
    console = console or Console(highlight=False, emoji=False, markup=False, soft_wrap=False)
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGHUP, signal.SIGTERM):
            handlers[sig] = signal.signal(sig, _hang_up)
    try:
        return PlainWizard(options, stdin, console, store).main()
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
