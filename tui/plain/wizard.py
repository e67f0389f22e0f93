"""Provides the plain line-by-line wizard: the same engine and store as the app, for
serial consoles, screen readers, dumb terminals and pipes.

It prints one block per state change and reads one line per answer, so a script (or a
braille display) can follow it: questions are numbered lists answered by number or id,
steps take one letter. Nothing it prints depends on colour or box drawing, and every
text from a flow or a person goes through `literal()` and is printed with markup off.
"""
from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from tui import exit_codes
from tui.core.engine import Prompt, Wizard
from tui.core.flows.cache import load_library_cached
from tui.core.flows.model import Goal, Library
from tui.core.records.store import RecordStore, StoreError
from tui.core.safe_text import literal, storable
from tui.paths import cache_dir
from tui.plain.checklist import PlainChecklist
from tui.plain.console import EndOfInput, HungUp

if TYPE_CHECKING:
    from tui.core.flow_change import FlowChange
    from tui.core.plan import RunPlan
    from tui.core.run import Run


class PlainWizard(PlainChecklist):
    """The whole session: the questions, then the checklist."""

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
                self._resumed(run)
                self._show_change(change)
            else:
                started = self._new_run(store, library)
                if isinstance(started, int):
                    return started
                run = started
            return self._checklist(run)
        except (EndOfInput, HungUp, KeyboardInterrupt):
            if self._last_run is None:  # no run began: nothing was saved to resume
                self._quietly(self._t("plain.nothing_recorded"))
                return exit_codes.INTERRUPTED
            return self._stopped(self._last_run)
        except BrokenPipeError:
            return self._output_closed()
        finally:
            store.release_locks()

    def _output_closed(self) -> int:
        """Standard output went away (a closed pipe, a reader that quit): every change is
        on disk already; say so once on stderr, where it can still be seen."""
        import os
        import sys

        with contextlib.suppress(OSError, ValueError):  # nothing more can reach stdout
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        run = self._last_run
        if run is None:
            self._fail(self._t("plain.output_closed_early"))
            return exit_codes.INTERRUPTED
        if run.record.finished is not None:  # closed while the summary was printed
            self._fail(self._t("plain.output_closed_finished", id=run.record.id))
            return exit_codes.OK if run.record.outcome == "completed" \
                else exit_codes.INCOMPLETE
        run.save()
        self._fail(self._t("plain.output_closed", id=run.record.id))
        return exit_codes.STOPPED

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
        from tui.config import login_operator, named_operator

        in_class = bool(self.options.class_name)  # a class names trainees, not the owner
        operator = self.options.operator or ("" if in_class else named_operator())
        mode = self.options.mode
        while True:
            goal = library.goals[wizard.path[2]] if len(wizard.path) >= 3 else None
            plan = _goal_plan(goal, mode, operator) if goal else None
            if plan is None:
                confirmed = False
            elif plan.confirm_word and not confirmed:  # asked as soon as the goal is chosen
                if not self._confirm(plan.goal.name.get(self.lang), plan.confirm_word):
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
        from tui.core.plan import RunPlan

        plan = RunPlan.for_flow(library, flow, mode=mode, operator=operator,
                                in_class=in_class)
        subject = storable(self.options.subject)
        while plan.needs_subject and not subject:
            subject = self.ask(self._t("plain.subject") + " ")
        while plan.needs_operator and not operator:
            asked = "plain.operator" if mode == "practice" else "plain.operator_real"
            operator = self.ask(self._t(asked) + " ").strip()
        if not operator and mode == "real" and not in_class:
            operator = login_operator()
        from tui.core.run import Run  # after the questions: not before the first prompt

        run = Run.start(store, wizard, lang=self.lang, mode=self.options.mode,
                        operator=operator, subject=subject,
                        class_name=self.options.class_name, fields=dict(self.options.fields))
        self._last_run = run
        self.say()
        self.say(self._flow_text(literal(flow.title.get(self.lang))), style="bold")
        self.say(self._flow_text(flow.summary.get(self.lang)))
        if self.options.verbose or run.unsaved:
            self._saved_line(run)
        else:
            self.say(self._t("plain.started", id=run.record.id))
            if not self.options.run:  # the ids, once, where they help: a shortcut
                self.say(self._t("plain.next_time", ids=" ".join(wizard.path[:3])))
        return run

    def _resumed(self, run: Run) -> None:
        """Which run this is, before its first step: a resumed run starts mid-flow."""
        self._last_run = run
        done, skipped, total = run.progress()
        self.say(self._t("plain.resumed", title=self._flow_text(
            literal(run.flow.title.get(self.lang)))), style="bold")
        self.say(self._t("plain.resumed_where", id=run.record.id, done=done + skipped,
                         total=total))

    def _question(self, prompt: Prompt, wizard: Wizard) -> str | None:
        """Ask until a valid answer; None means back."""
        text = prompt.text.get(self.lang) if prompt.text else self._t(f"level.{prompt.level}")
        if wizard.path:
            trail = " > ".join(c.label.get(self.lang) for _, c in wizard.trail())
            self.say(self._t("plain.path", trail=trail))
        text = self._flow_text(text)
        self.say(text, style="bold")
        if prompt.help:
            self.say(self._flow_text(prompt.help.get(self.lang)))
        verbose = self.options.verbose  # the ids in brackets; by default said once, at start
        for n, choice in enumerate(prompt.choices, start=1):
            mark = self._t("plain.default") if choice.id == prompt.default else ""
            label = self._flow_text(choice.label.get(self.lang))
            self.say(f"  {n}) {label}  [{choice.id}]{mark}" if verbose
                     else f"  {n}) {label}{mark}")
        choose = "plain.choose" if verbose else "plain.choose_short"
        bad = "plain.bad_choice" if verbose else "plain.bad_choice_short"
        while True:
            answer = self.ask(self._t(choose, n=len(prompt.choices)) + " ")
            if not answer and prompt.default:
                return prompt.default
            if answer.isdecimal() and 1 <= int(answer) <= len(prompt.choices):
                return prompt.choices[int(answer) - 1].id
            if prompt.choice(answer):
                return answer
            if answer.lower() == "b":
                self.say()
                return None
            self.say(self._t(bad, n=len(prompt.choices)))
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


def _goal_plan(goal: Goal, mode: str, operator: str) -> RunPlan:
    """What a chosen goal asks before its run (imported then: the first question comes
    before any goal is chosen)."""
    from tui.core.plan import RunPlan

    return RunPlan.for_goal(goal, mode=mode, operator=operator)
