"""Provides QuestionScreen: one question at a time, with the tree walked so far."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.messages import RunStarted
from tui.app.screens.base import SignoffScreen
from tui.app.screens.dialogs import ConfirmWordModal, TextModal
from tui.app.widgets.breadcrumb import PathTree, Trail
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter
from tui.core.engine import Prompt, Wizard
from tui.core.records.store import StoreError
from tui.core.run import Run
from tui.core.safe_text import literal
from tui.i18n import t

if TYPE_CHECKING:
    from tui.app.signoff_app import SignoffApp

OFFBOARD = "offboard-employee"
"""The goal whose record names the departing employee (the subject)."""


def prompt_text(prompt: Prompt, lang: str) -> str:
    return prompt.text.get(lang) if prompt.text else t(f"level.{prompt.level}", lang)


def trail_of(wizard: Wizard, lang: str) -> Trail:
    return tuple((p.text.get(lang) if p.text else "", c.label.get(lang))
                 for p, c in wizard.trail())


class QuestionScreen(SignoffScreen):
    """Platform, surface, goal, then the flow's own questions. Going back keeps the
    run (and its ticks) if one was started; answering the same way finds it again."""

    BINDINGS = [
        Binding("1", "choose(1)", "Choose", key_display="1-9", id="question.choose"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)],
        Binding("b", "back", "Back", id="question.back"),
        Binding("escape", "back", "Back", show=False, id="question.back_alt"),
    ]

    trail: reactive[Trail] = reactive((), always_update=True)
    """Questions asked and answers given, in the current language."""
    current: reactive[str] = reactive("")
    """The question being asked now."""

    def __init__(self, wizard: Wizard, run: Run | None = None) -> None:
        super().__init__()
        self.wizard = wizard
        self.active_run = run

    def compose(self) -> ComposeResult:
        yield PracticeBanner().data_bind(QuestionScreen.practice, QuestionScreen.lang)
        with Horizontal(id="question-body"):
            with Vertical(id="question-pane"):
                yield Label(id="question-text")
                yield Static(id="question-help")
                yield OptionList(id="choices")
                yield Static(id="question-hint")
            tree = PathTree(id="tree")
            tree.ascii_only = self.signoff.plain_symbols
            yield tree.data_bind(QuestionScreen.trail, QuestionScreen.current,
                                 QuestionScreen.lang)
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()
        if self.wizard.complete:
            self.reach_checklist()

    def on_screen_resume(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        lang = self.lang
        prompt = self.wizard.current()
        self.trail = trail_of(self.wizard, lang)
        self.current = prompt_text(prompt, lang) if prompt else ""
        if prompt is None:
            return
        self.query_one("#question-text", Label).update(Text(literal(self.current)))
        help_text = literal(prompt.help.get(lang)) if prompt.help else ""
        self.query_one("#question-help", Static).update(Text(help_text))
        self.query_one("#question-help").display = bool(help_text)
        choices = self.query_one("#choices", OptionList)
        choices.clear_options()
        for index, choice in enumerate(prompt.choices, start=1):
            row = Text(f"{index if index < 10 else ' '}  ", style="bold")
            row.append(literal(choice.label.get(lang), keep_newlines=False))
            if choice.id == prompt.default:
                row.append(f"  {t('question.remembered', lang)}", style="italic")
            if choice.hint:
                row.append("\n   " + literal(choice.hint.get(lang), keep_newlines=False),
                           style="dim")
            choices.add_option(Option(row, id=choice.id))
        ids = [c.id for c in prompt.choices]
        choices.highlighted = ids.index(prompt.default) if prompt.default in ids else 0
        self.query_one("#question-hint", Static).update(
            t("question.choose_hint", lang, n=min(len(ids), 9)))
        choices.focus()

    def action_choose(self, number: int) -> None:
        prompt = self.wizard.current()
        if prompt is not None and number <= len(prompt.choices):
            self.answer(prompt.choices[number - 1].id)

    @on(OptionList.OptionSelected, "#choices")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.answer(event.option.id)

    def answer(self, choice_id: str) -> None:
        prompt = self.wizard.current()
        if prompt is None or prompt.choice(choice_id) is None:
            return  # a key that arrived while the checklist was opening: nothing to answer
        self.wizard.answer(choice_id)
        if self.wizard.complete:
            self.reach_checklist()
        else:
            self.relabel()

    def action_back(self) -> None:
        if self.wizard.back():
            self.relabel()
        else:
            self.dismiss()

    def _undo(self, message: str) -> None:
        self.notify(message, severity="warning")
        self.wizard.back()
        self.relabel()

    @work(exclusive=True, group="checklist")
    async def reach_checklist(self) -> None:
        """Every question answered: confirm what must be confirmed, then start (or find
        again) the run and show its checklist. Nothing is recorded before this point."""
        from tui.app.screens.checklist import ChecklistScreen

        app, lang, wizard = self.signoff, self.lang, self.wizard
        flow = wizard.flow
        assert flow is not None
        if self.active_run is not None and self.active_run.flow is flow:
            self.active_run.reanswer(wizard)
            await app.push_screen(ChecklistScreen(self.active_run, wizard))
            return
        goal = wizard.library.goals[flow.goal]
        if goal.irreversible:
            confirmed = await app.push_screen_wait(
                ConfirmWordModal(lang, goal.name.get(lang), goal.confirm_word))
            if not confirmed:
                return self._undo(t("confirm.aborted", lang))
        subject = ""
        if flow.goal == OFFBOARD:
            name = await app.push_screen_wait(
                TextModal(lang, t("subject.title", lang), t("subject.prompt", lang)))
            if not name:
                return self._undo(t("subject.needed", lang))
            subject = name
        if app.mode == "practice" and not app.operator:
            name = await app.push_screen_wait(
                TextModal(lang, t("operator.title", lang), t("operator.prompt", lang)))
            if not name:
                return self._undo(t("operator.needed", lang))
            app.operator = name
        if self.active_run is not None:
            with contextlib.suppress(StoreError):
                self.active_run.finish("abandoned")
            self.notify(t("checklist.abandoned", lang))
        self.active_run = Run.start(app.store, wizard, lang=lang, mode=app.mode,
                             operator=app.operator, subject=subject)
        self.post_message(RunStarted(self.active_run.record.id))
        await app.push_screen(ChecklistScreen(self.active_run, wizard))


def open_wizard(app: SignoffApp, answers: list[str]) -> None:
    """A new walk through the tree, optionally pre-answered (`signoff run P S G`)."""
    from tui.core.engine import EngineError

    if app.library is None:
        app.notify(t("app.not_ready", app.lang))
        return
    try:
        wizard = Wizard(app.library, answers)
    except EngineError as exc:
        app.notify(str(exc), severity="error")
        return
    app.push_screen(QuestionScreen(wizard))


def resume(app: SignoffApp, record_id: str) -> None:
    """Continue an interrupted run, saying what changed in its flow meanwhile."""
    from tui.core.records.record import RecordDamaged
    from tui.core.records.store import StoreError
    from tui.core.run import ResumeError

    if app.library is None:
        app.notify(t("app.not_ready", app.lang))
        return
    try:
        run, change = Run.resume(app.store, app.library, record_id)
    except (ResumeError, StoreError, RecordDamaged) as exc:
        app.notify(str(exc), severity="error")
        return
    if change:
        changes = "; ".join([*change.added, *change.removed, *change.changed])
        app.notify(t("checklist.flow_changed", app.lang, changes=changes), severity="warning",
                   timeout=10)
    app.post_message(RunStarted(run.record.id))
    wizard = Wizard.for_flow(app.library, run.flow, run.record.answers)
    app.push_screen(QuestionScreen(wizard, run))
