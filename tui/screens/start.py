"""Provides StartScreen: interrupted runs to resume, a new run, history; mode and
language always in view."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.records import Record
from tui.core.safe_text import literal
from tui.i18n import t
from tui.screens.base import SignoffScreen
from tui.widgets.practice_banner import PracticeBanner


class StartScreen(SignoffScreen):
    """The first screen. Interrupted runs are read in a worker after the first paint,
    so start-up never waits for the records folder."""

    BINDINGS = [
        Binding("n", "app.new_run", "New run", id="start.new"),
        Binding("r", "resume", "Resume", id="start.resume"),
        Binding("h", "app.history", "History", id="start.history"),
        Binding("p", "app.toggle_practice", "Practice", id="start.practice"),
        Binding("q", "app.quit", "Quit", show=False, id="start.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[Record] | None = None
        self.damaged = 0

    def compose(self) -> ComposeResult:
        yield PracticeBanner().data_bind(StartScreen.practice, StartScreen.lang)
        with Vertical(id="start-body"):
            yield Static(id="start-title")
            yield Static(id="start-status")
            yield Label(id="resume-title")
            yield OptionList(id="runs")
            yield Static(id="start-actions")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.relabel()
        self.load_runs()

    def on_screen_resume(self) -> None:
        if self.runs is not None:
            self.load_runs()

    @work(thread=True, exclusive=True, group="start-runs")
    def load_runs(self) -> None:
        scan = self.signoff.store.open_runs()  # parses only files without a seal
        runs = sorted(scan.records, key=lambda r: r.started, reverse=True)
        self.app.call_from_thread(self._show_runs, runs, len(scan.damaged))

    def _show_runs(self, runs: list[Record], damaged: int) -> None:
        self.runs, self.damaged = runs, damaged
        self.relabel()

    def watch_practice(self, practice: bool) -> None:
        if self.is_mounted:
            self.relabel()

    def relabel(self) -> None:
        lang, app = self.lang, self.signoff
        title = Text("signoff", style="bold")
        title.append("  " + t("app.tagline", lang))
        self.query_one("#start-title", Static).update(title)
        mode = t("mode.practice" if self.practice else "mode.real", lang)
        self.query_one("#start-status", Static).update(
            t("start.status", lang, mode=mode, language=t("app.lang_name", lang)))
        self.query_one("#start-actions", Static).update(t("start.actions", lang))
        self.query_one("#resume-title", Label).update(t("start.resume_title", lang))
        runs = self.query_one("#runs", OptionList)
        keep = runs.highlighted
        runs.clear_options()
        if self.runs is None:
            runs.add_option(Option(t("start.looking", lang), disabled=True))
        elif not self.runs:
            runs.add_option(Option(t("start.no_resume", lang), disabled=True))
        for record in self.runs or []:
            done = record.counts()["done"]
            row = t("start.run_row", lang, what=app.describe(record, lang),
                    when=record.started.strftime("%Y-%m-%d %H:%M"), done=done,
                    total=len(record.applicable()))
            if record.mode == "practice":
                row += f"  [{t('mode.practice', lang)}]"
            runs.add_option(Option(Text(literal(row, keep_newlines=False)), id=record.id))
        if self.runs:
            runs.highlighted = min(keep or 0, len(self.runs) - 1)
        if self.damaged:
            self.notify(t("start.damaged", lang, count=self.damaged), severity="warning")
            self.damaged = 0

    def action_resume(self) -> None:
        runs = self.query_one("#runs", OptionList)
        if runs.highlighted is None or not self.runs:
            self.notify(t("start.no_resume", self.lang))
            return
        record_id = runs.get_option_at_index(runs.highlighted).id
        if record_id:
            self.signoff.resume_run(record_id)

    @on(OptionList.OptionSelected, "#runs")
    def picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.signoff.resume_run(event.option.id)
