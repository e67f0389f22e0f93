"""Provides Navigator: which screen comes next, decided in one place.

Screens say what happened (a question screen has every answer, a run finished) and
the app decides what to show: the checklist, the summary, a resumed run straight at
its checklist. The flow library is read here too, since nothing can be navigated to
before it arrives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.app.background_reads import read_in_background
from tui.app.host import SignoffHost
from tui.app.messages import RunFinished, RunStarted
from tui.app.screens.base import SignoffScreen
from tui.app.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tui.app.typeahead import Typeahead
from tui.i18n import t
from tui.runtime import collector
from tui.runtime.preload import preload, preload_in_background

if TYPE_CHECKING:
    from tui.app.screens.question import QuestionScreen
    from tui.core.flows.model import Library

SIGNING = ("cryptography.hazmat.primitives.serialization",
           "cryptography.hazmat.primitives.asymmetric.ed25519")
"""What the records' signing key needs (tui.core.records.signing imports them when it
reads the key). Keys.warm reads it a second after a run starts, and importing these
(about 50 ms of the interpreter's time, taken in slices) then slowed the first ticks of
the checklist; imported with the checklist, they are there when warm() runs."""
QUESTIONS = ("tui.core.engine", "tui.app.screens.question")
"""What `n` needs: imported with the library, after the first frame, not before it."""
CHECKLIST = ("tui.core.plan", "tui.core.run", "tui.app.screens.dialogs",
             "tui.app.screens.checklist", *SIGNING)
"""What the last answer needs: imported once the first question is on screen (a person
reads it before answering), not before the first frame. Importing the checklist took
about a tenth of the start screen's time to its first frame."""


class Navigator(Typeahead, SignoffHost):
    """The app's moves between screens."""

    # -- the library ---------------------------------------------------------------------
    def load_library(self) -> None:
        read_in_background(self, self._read_library, self._library_loaded, group="library")

    def _read_library(self) -> tuple[Library, list[str]]:
        from tui.core.flows.cache import load_library_cached
        from tui.core.records.store import StoreError
        from tui.paths import cache_dir

        library = load_library_cached(self.options.flow_dirs, cache_dir())
        preload(QUESTIONS)  # on this thread: the held `n` finds the question screen ready
        try:
            warnings = self.store.ensure()
        except StoreError as exc:
            warnings = [str(exc)]
        return library, warnings

    def _library_loaded(self, loaded: tuple[Library, list[str]]) -> None:
        library, warnings = loaded
        self.library = library
        collector.freeze_long_lived()
        for warning in warnings:
            self.notify(warning, severity="warning")
        if library.problems:
            self.notify(t("app.flow_problems", self.lang, count=len(library.problems)),
                        severity="warning")
        self.relabel_all(library=True)
        if self.options.class_name and not self.operator:
            self.ask_trainee()
        if self.options.resume:
            self.resume_run(self.options.resume)
        elif self.options.run:
            self.start_wizard(list(self.options.run))
        self.release_held()

    def relabel_all(self, library: bool = False) -> None:
        """Every screen in the app's language again; with `library` (it just arrived),
        each redraws what it names from it (SignoffScreen.library_loaded)."""
        for screen in self.screen_stack:
            if isinstance(screen, SignoffScreen) and screen.is_mounted:
                if screen.lang != self.lang:
                    screen.lang = self.lang
                elif library:
                    screen.library_loaded()
                else:
                    screen.relabel()

    # -- runs ------------------------------------------------------------------------------
    def start_wizard(self, answers: Sequence[str]) -> None:
        from tui.app.screens.question import QuestionScreen
        from tui.core.engine import EngineError, Wizard

        if self.library is None:
            self.hold_until_ready(lambda: self.start_wizard(answers))
            return
        try:
            wizard = Wizard(self.library, answers)
        except EngineError as exc:
            self.notify(str(exc), severity="error")
            return
        screen = QuestionScreen(wizard)
        self.push_screen(screen)
        screen.call_after_refresh(preload_in_background, CHECKLIST)  # once it is drawn
        if wizard.complete:  # `signoff run P S G` of a flow that asks nothing more
            self.open_checklist(screen)

    def resume_run(self, record_id: str) -> None:
        """Straight to the checklist, the questions beneath it for `b`; saying what
        changed in its flow meanwhile. Nothing is written until the first change."""
        from tui.app.screens.checklist import ChecklistScreen
        from tui.app.screens.question import QuestionScreen
        from tui.core.records.record import RecordDamaged
        from tui.core.records.store import StoreError
        from tui.core.run import ResumeError, Run

        if self.library is None:
            self.hold_until_ready(lambda: self.resume_run(record_id))
            return
        try:
            run, change = Run.resume(self.store, self.library, record_id)
        except (ResumeError, StoreError, RecordDamaged) as exc:
            self.notify(str(exc), severity="error")
            return
        if change:
            changes = "; ".join([*change.added, *change.removed, *change.changed])
            self.notify(t("checklist.flow_changed", self.lang, changes=changes),
                        severity="warning", timeout=10)
        self.post_message(RunStarted(run.record.id))
        self.push_screen(QuestionScreen(run.wizard, run))
        self.push_screen(ChecklistScreen(run))
        self.call_after_refresh(preload_in_background, SIGNING)  # before warm() needs it

    def on_question_screen_answered(self, message: QuestionScreen.Answered) -> None:
        """(A handler by name, not `@on(QuestionScreen.Answered)`: the question screen is
        imported after the first frame, not when this class is made.)"""
        self.open_checklist(message.screen)

    def open_checklist(self, screen: QuestionScreen) -> None:
        self.run_worker(self._open_checklist(screen), exclusive=True, group="checklist")

    async def _open_checklist(self, screen: QuestionScreen) -> None:
        """Every question answered: ask what the plan says must be asked, then start
        (or find again) the run and show its checklist. Nothing is recorded before."""
        from tui.app.screens.checklist import ChecklistScreen
        from tui.app.screens.dialogs import ConfirmWordModal, TextModal
        from tui.core.plan import RunPlan
        from tui.core.records.store import StoreError
        from tui.core.run import Run

        lang, wizard, run = self.lang, screen.wizard, screen.active_run
        flow = wizard.flow
        assert flow is not None
        if run is not None and run.flow is flow:
            run.reanswer()
            await self.push_screen(ChecklistScreen(run))
            return
        from tui.config import login_operator, named_operator

        in_class = bool(self.options.class_name)
        if not in_class:  # in a class, config.toml names the machine's owner, not a trainee
            self.operator = self.operator or named_operator()
        plan = RunPlan.for_flow(wizard.library, flow, mode=self.mode, operator=self.operator,
                                in_class=in_class)
        if plan.confirm_word and not await self.push_screen_wait(
                ConfirmWordModal(lang, plan.goal.name.get(lang), plan.confirm_word)):
            return screen.undo(t("confirm.aborted", lang))
        subject = self.options.subject.strip()
        if plan.needs_subject and not subject:
            name = await self.push_screen_wait(
                TextModal(lang, t("subject.title", lang), t("subject.prompt", lang)))
            if not name:
                return screen.undo(t("subject.needed", lang))
            subject = name
        if plan.needs_operator:
            real = "" if self.mode == "practice" else "_real"
            name = await self.push_screen_wait(TextModal(
                lang, t(f"operator.title{real}", lang), t(f"operator.prompt{real}", lang)))
            if not name:
                return screen.undo(t(f"operator.needed{real}", lang))
            self.operator = name
        operator = self.operator or (
            login_operator() if self.mode == "real" and not in_class else "")
        if run is not None:  # answers that lead to another flow: the old run is given up
            with contextlib.suppress(StoreError):
                run.finish("abandoned")
            self.notify(t("checklist.abandoned", lang))
        screen.active_run = run = Run.start(self.store, wizard, lang=lang, mode=self.mode,
                                            operator=operator, subject=subject,
                                            class_name=self.options.class_name,
                                            seat=self.options.seat,
                                            fields=dict(self.options.fields))
        self.post_message(RunStarted(run.record.id))
        await self.push_screen(ChecklistScreen(run))

    def on_run_started(self, message: RunStarted) -> None:
        self.open_run = message.record_id

    def on_run_finished(self, message: RunFinished) -> None:
        from tui.app.screens.summary import SummaryScreen

        self.open_run = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        record = message.record
        if record.outcome == "in-progress":  # a step waits for time: the run stays open
            return  # the checklist said until when; the start screen lists it
        self.push_screen(SummaryScreen(record, just_finished=True))

    def action_resume_latest(self) -> None:
        runs = sorted(filter(self.mine, self.store.in_progress()), key=lambda r: r.started)
        if runs:
            self.resume_run(runs[-1].id)
        else:
            self.notify(t("start.no_resume", self.lang))

    # -- class sessions ------------------------------------------------------------------
    def action_next_trainee(self) -> None:
        """A shared terminal's next person: forget the name, so their runs are not
        recorded as the last trainee's (in a class, ask for it now)."""
        from tui.app.screens.start import StartScreen

        if not isinstance(self.screen, StartScreen):
            self.notify(t("class.only_start", self.lang), severity="warning")
            return
        self.operator = ""
        self.notify(t("class.next", self.lang))
        self.trainee_changed()
        if self.options.class_name:
            self.ask_trainee()

    def ask_trainee(self) -> None:
        self.run_worker(self._ask_trainee(), exclusive=True, group="trainee")

    async def _ask_trainee(self) -> None:
        from tui.app.screens.dialogs import TextModal

        lang = self.lang
        name = await self.push_screen_wait(
            TextModal(lang, t("class.title", lang), t("class.prompt", lang)))
        if name:
            from tui.core.safe_text import storable

            self.operator = storable(name)
            self.trainee_changed()

    def trainee_changed(self) -> None:
        """The start screen lists the new trainee's own runs (none before a name)."""
        from tui.app.screens.start import StartScreen

        for screen in self.screen_stack:
            if isinstance(screen, StartScreen) and screen.is_mounted:
                screen.load_runs()

    # -- records, help -----------------------------------------------------------------------
    def action_new_run(self) -> None:
        self.start_wizard([])

    def action_history(self, then: str = "") -> None:
        from tui.app.screens.history import HistoryScreen

        if not self._presenting():
            self.push_screen(HistoryScreen(then=then))

    def action_report(self) -> None:
        from tui.app.screens.report import ReportScreen

        if self.options.class_name:  # a trainee's tab: the report names the whole room
            self.notify(t("class.trainer_only", self.lang), severity="warning")
        elif not self._presenting():
            self.push_screen(ReportScreen())

    def action_board(self) -> None:
        from tui.app.screens.board import BoardScreen

        if not self._presenting():  # leavers' names stay off a projector too
            self.push_screen(BoardScreen())

    def _presenting(self) -> bool:
        """Records (names, notes, paths) stay off a projected screen: from the start
        screen on while presenting (--present, or v until v again), not only on the
        checklist."""
        shown = [s for s in self.screen_stack if isinstance(s, SignoffScreen)]
        if self.present or (shown and shown[-1].has_class("-present")):
            self.notify(t("present.locked", self.lang), severity="warning")
            return True
        return False

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(type(self).BINDINGS))

    # -- size ------------------------------------------------------------------------------
    def check_size(self) -> None:
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()
