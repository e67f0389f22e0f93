"""Provides QuestionScreen: one question at a time, with the tree walked so far."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.line_breaks import Breakable
from tui.app.screens.base import SignoffScreen
from tui.app.widgets.breadcrumb import PathTree, Trail, trail_of
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter
from tui.core.engine import Prompt, Wizard
from tui.core.safe_text import literal
from tui.i18n import t

if TYPE_CHECKING:
    from tui.core.run import Run  # the checklist's, imported after the first question


def prompt_text(prompt: Prompt, lang: str) -> str:
    return prompt.text.get(lang) if prompt.text else t(f"level.{prompt.level}", lang)


class QuestionScreen(SignoffScreen):
    """Platform, surface, goal, then the flow's own questions. Going back keeps the
    run (and its ticks) if one was started; answering the same way finds it again.
    Once every question is answered it says so (Answered); the app decides what
    follows."""

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

    @dataclass
    class Answered(Message):
        """Every question of the screen's wizard has an answer."""

        screen: QuestionScreen

    def __init__(self, wizard: Wizard, run: Run | None = None) -> None:
        super().__init__()
        self.wizard = wizard
        self.active_run = run
        self.drawn = False
        """Drawn by on_mount and on screen ever since."""

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
        self.drawn = True

    def on_screen_suspend(self) -> None:
        self.drawn = False

    def on_screen_resume(self) -> None:
        """Back from the checklist (or a dialog): drawn again. The resume that comes as
        the screen is pushed finds it drawn by on_mount (an answer, a step back or a
        language switch since then drew it again themselves)."""
        if self.drawn:
            self.drawn = False
            return
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
            choices.add_option(Option(Breakable(row), id=choice.id))
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
            self.post_message(self.Answered(self))
        else:
            self.relabel()

    def action_back(self) -> None:
        if self.wizard.back():
            self.relabel()
        else:
            self.leave_run()
            self.dismiss()

    def leave_run(self) -> None:
        """Back past the first question: the run is left (the start screen offers it to
        resume), so it is written out and closed. Left open, its lock stayed with this
        screen, and resuming it from the start screen said it was "open in another
        signoff"."""
        run, self.active_run = self.active_run, None
        if run is None or run.record.finished is not None:
            return
        state = run.stop()
        run.close()
        if state != "saved":  # the reason names a path: shown as it is, never markup
            self.app.notify(t(f"app.stopped_{state}", self.lang, id=run.record.id,
                              reason=literal(str(run.unsaved or "").rstrip("."))),
                            severity="error", timeout=15, markup=False)

    def undo(self, message: str) -> None:
        """What the last answer led to was refused (no confirmation, no name): ask it
        again."""
        self.notify(message, severity="warning")
        self.wizard.back()
        self.relabel()
