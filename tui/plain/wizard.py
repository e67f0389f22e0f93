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
from tui.core.flows.cache import Opened, open_library
from tui.core.records.folder import StoreError, ensure_folder, holds_no_record
from tui.core.safe_text import literal, storable
from tui.paths import cache_dir
from tui.plain.checklist import PlainChecklist
from tui.plain.console import Choices, EndOfInput, HungUp

if TYPE_CHECKING:
    from tui.core.engine import Prompt, Wizard
    from tui.core.flow_change import FlowChange
    from tui.core.flows.model import Goal
    from tui.core.plan import RunPlan
    from tui.core.records.record import Record
    from tui.core.run import Run

# The engine, the flow model and the records code are imported once the first question
# is on screen: with them and the library, a new user's first question came at twice
# the time of a Rich prompt; the library's cache front says what to ask (flows.cache).


class PlainWizard(PlainChecklist):
    """The whole session: the questions, then the checklist."""

    # -- the whole session ------------------------------------------------------------
    def main(self) -> int:
        for warning in self.options.warnings:
            self.say(warning)
        try:
            for warning in ensure_folder(self._root):
                self.say(self._t("plain.warning", text=warning))
        except StoreError as exc:
            raise SystemExit(self._fail(str(exc))) from exc
        opened = open_library(self.options.flow_dirs, cache_dir())
        if opened.problem_count is None:  # no usable cache: the files say
            opened.library()
        if opened.problem_count:
            self.say(self._t("plain.flow_problems", count=opened.problem_count))
        try:
            if self.options.resume:
                from tui.core.run import ResumeError, Run

                try:
                    run, change = Run.resume(self.store, opened.library(),
                                             self.options.resume)
                except (ResumeError, StoreError) as exc:
                    return self._fail(str(exc))
                self._resumed(run)
                self._show_change(change)
            else:
                started = self._new_run(opened)
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
            if self._store is not None:
                self._store.release_locks()

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

    def _new_run(self, opened: Opened) -> Run | int:
        shown: Choices | None = None
        if self.options.run:
            from tui.core.engine import Wizard

            wizard = Wizard(opened.library())
            for value in self.options.run:
                prompt = wizard.current()
                if prompt is None or prompt.choice(value) is None:
                    offered = ", ".join(c.id for c in prompt.choices) if prompt else ""
                    level = prompt.level if prompt else "flow"
                    return self._fail(f'there is no {level} "{value}" here; choose one of: '
                                      f"{offered}")
                wizard.answer(value)
        else:
            waiting = self._waiting()
            if waiting:
                self.say(self._t("plain.interrupted", count=len(waiting)))
                for record in waiting[-5:]:
                    done = sum(s.status in ("done", "skipped") for s in record.applicable())
                    self.say(f"  signoff resume {record.id}   ({record.flow_id}, "
                             f"{done}/{len(record.applicable())})")
                self.say()
            shown = self._put_first_question(opened)
            from tui.core.engine import Wizard

            wizard = Wizard(opened.library())
        library = wizard.library
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
            choice = self._question(prompt, wizard, shown)
            shown = None
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

        run = Run.start(self.store, wizard, lang=self.lang, mode=self.options.mode,
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

    def _waiting(self) -> list[Record]:
        """The interrupted runs, oldest first; a folder that holds no record yet is
        answered without loading the records code."""
        if self._store is None and holds_no_record(self._root):
            return []
        return self.store.in_progress()

    def _put_first_question(self, opened: Opened) -> Choices | None:
        """The first question from the library cache's front, before the library is
        loaded (it is loaded while the person reads); what was said, for `_question`
        to check against the library's own, or None when the cache could not say."""
        if opened.platforms is None:
            return None
        zh = self.lang == "zh"
        said = [(pid, zh_name if zh else en_name, False)
                for pid, en_name, zh_name in opened.platforms]
        self._put_question(self._flow_text(self._t("level.platform")), "", said)
        self.put_prompt(self._choose_line(len(said)))
        return said

    def _question(self, prompt: Prompt, wizard: Wizard, shown: Choices | None = None
                  ) -> str | None:
        """Ask until a valid answer; None means back. `shown`: what is on screen already
        (_put_first_question), asked again only if the library offers anything else."""
        text = prompt.text.get(self.lang) if prompt.text else self._t(f"level.{prompt.level}")
        text = self._flow_text(text)
        choices = [(c.id, c.label.get(self.lang), c.id == prompt.default)
                   for c in prompt.choices]
        asked = (shown is not None and list(shown) == choices and prompt.key == "platform"
                 and not wizard.path and prompt.help is None)
        if not asked:
            if wizard.path:
                trail = " > ".join(c.label.get(self.lang) for _, c in wizard.trail())
                self.say(self._t("plain.path", trail=trail))
            self._put_question(text, prompt.help.get(self.lang) if prompt.help else "",
                               choices)
        bad = "plain.bad_choice" if self.options.verbose else "plain.bad_choice_short"
        while True:
            answer = self.read_answer() if asked else self.ask(
                self._choose_line(len(prompt.choices)))
            asked = False
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
