"""Provides StartScreen: interrupted runs to resume, a new run, history; mode and
language always in view."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.background_reads import read_in_background
from tui.app.line_breaks import Breakable
from tui.app.screens.base import SignoffScreen
from tui.app.start_view import StartView, read_start
from tui.app.widgets.practice_banner import PracticeBanner
from tui.app.widgets.quiet_footer import QuietFooter
from tui.core.safe_text import literal
from tui.gate_text import when
from tui.i18n import t

if TYPE_CHECKING:
    from concurrent.futures import Future

    from tui.core.records.record import Record, RecordDamaged
    from tui.core.reports.due import Due


def packed(entries: list[str], width: int, gap: int = 4) -> str:
    """Key hints ("n  start a new run") in lines of at most `width` cells, a line
    broken only between hints: a terminal's own wrapping split "?" from "help"."""
    lines: list[str] = []
    for entry in entries:
        if lines and cell_len(lines[-1]) + gap + cell_len(entry) <= width:
            lines[-1] += " " * gap + entry
        else:
            lines.append(entry)
    return "\n".join(lines)


def newest_first(runs: list[Record], damaged: list[RecordDamaged]) -> tuple[list[Record], int]:
    """The interrupted runs as listed (newest first), and how many files were damaged."""
    return sorted(runs, key=lambda r: r.started, reverse=True), len(damaged)


class StartScreen(SignoffScreen):
    """The first screen. What it shows of the disk comes from the read the app began as
    it was made (SignoffHost.early_start): done by the first frame, it is in it; if the
    records folder is slow, a worker waits for it, so start-up never does."""

    BINDINGS = [
        Binding("n", "app.new_run", "New run", id="start.new"),
        Binding("r", "resume", "Resume", id="start.resume"),
        Binding("h", "app.history", "History", id="start.history"),
        Binding("c", "app.report", "Report", id="start.report"),
        Binding("o", "app.board", "Board", id="start.board"),
        Binding("p", "app.toggle_practice", "Practice", id="start.practice"),
        Binding("q", "app.quit", "Quit", show=False, id="start.quit"),
        Binding("t", "app.next_trainee", "Next trainee", show=False, id="start.trainee"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[Record] | None = None
        self.damaged = 0
        self.due: list[Due] = []
        """Platforms used in real runs, with their next routine review (read after paint)."""
        self.away = False
        """Another screen was shown over this one since its lists were read."""
        self.actions_text = ""
        """The key hints as last packed (a Resize that keeps their width keeps them)."""

    def compose(self) -> ComposeResult:
        yield PracticeBanner().data_bind(StartScreen.practice, StartScreen.lang)
        with Vertical(id="start-body"):
            yield Static(id="start-title")
            yield Static(id="start-status")
            yield Static(id="start-due")
            yield Label(id="resume-title")
            yield OptionList(id="runs")
            yield Static(id="start-actions")
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        early, self.signoff.early_start = self.signoff.early_start, None
        if early is not None and early.done() and early.exception() is None:
            self._show(early.result(), draw=False)  # in the first frame
        else:
            self.load(early)
        self.relabel()

    def on_screen_suspend(self) -> None:
        """Another screen covers this one: what it is reading now would be read again
        on return, so it is stopped rather than left to run."""
        self.away = True
        self.workers.cancel_group(self, "start")

    def on_screen_resume(self) -> None:
        """Back from a run or the history: the runs and reviews may have changed (the
        first resume, as the app starts, is not a return)."""
        if self.away:
            self.away = False
            self.load()

    def load(self, early: Future[StartView] | None = None) -> None:
        """What the app began reading as it was made, if any, else a fresh read (the
        folder overview: its cost does not grow with the number of records)."""
        def read() -> StartView:
            return early.result() if early is not None else read_start(self.signoff.store)

        read_in_background(self, read, self._show, group="start")

    def load_runs(self) -> None:
        """The list again (another trainee's runs in a class session)."""
        self.load()

    def _show(self, view: StartView, draw: bool = True) -> None:
        from tui.core.reports.due import reviews_due

        overview = view.overview
        runs, damaged = newest_first(overview.open, overview.damaged)
        self.runs = [r for r in runs if self.signoff.mine(r)]
        self.damaged = 0 if self.signoff.options.class_name else damaged  # names are ids
        self.due = reviews_due(overview.for_reviews(), date.today(), view.every_days,
                               view.per_platform)
        if view.problem:
            self.notify(t("start.config_error", self.lang, error=view.problem),
                        severity="warning")
        if draw:
            self.relabel()

    def due_line(self) -> str:
        """"Reviews due: WhatsApp (last reviewed 2025-01-06), WeCom (never)", or when the
        next one is; empty when no real run was ever recorded."""
        lang, today = self.lang, date.today()

        def name(item: Due) -> str:
            return self.signoff.name_of("platform", item.platform, lang)

        ready = self.ready_line()
        due = [item for item in self.due if item.is_due(today)]
        if ready:
            return "  ".join(x for x in (ready, self._reviews_due(due)) if x)
        if due:
            return self._reviews_due(due)
        if self.due:
            soonest = min(self.due, key=lambda i: i.due)
            return t("start.due_next", lang, platform=name(soonest),
                     date=f"{soonest.due:%Y-%m-%d}")
        return ""

    def ready_line(self) -> str:
        """"Ready to continue: WeCom admin … (since 2026-11-24 10:00)": open runs whose
        wait has passed (a step 24 hours after another); empty when there are none."""
        now = self._now()
        ready = [r for r in self.runs or []
                 if r.waiting_until is not None and now is not None and r.waiting_until <= now]
        if not ready:
            return ""
        return t("start.runs_ready", self.lang, items=", ".join(
            t("start.run_ready", self.lang, what=self.signoff.describe(r, self.lang),
              date=when(r.waiting_until)) for r in ready if r.waiting_until is not None))

    def _now(self) -> datetime | None:
        """The store's clock (tests set it), read only when some open run waits."""
        if any(r.waiting_until is not None for r in self.runs or []):
            return self.signoff.store.now()
        return None

    def _reviews_due(self, due: list[Due]) -> str:
        lang = self.lang

        def name(item: Due) -> str:
            return self.signoff.name_of("platform", item.platform, lang)

        if due:
            return t("start.due", lang, items=", ".join(
                t("start.due_last", lang, platform=name(i), date=f"{i.last_review:%Y-%m-%d}")
                if i.last_review else t("start.due_never", lang, platform=name(i))
                for i in due))
        return ""

    def watch_practice(self, practice: bool) -> None:
        if self.is_mounted:
            self.relabel()

    def _pack_actions(self) -> None:
        actions = self.query_one("#start-actions", Static)
        width = actions.content_region.width or self.app.size.width - 4
        entries = re.split(r" {3,}", t("start.actions", self.lang))
        text = packed(entries, width)
        if text != self.actions_text:  # each Resize asked again: a layout pass apiece
            self.actions_text = text
            actions.update(text)

    def on_resize(self) -> None:
        self._pack_actions()

    def library_loaded(self) -> None:
        """Only the runs and the reviews due are named from the library. Without them
        the screen stays as drawn: redrawing it cost a frame that a key typed at once
        (`n`, held until the library arrived) waited behind."""
        if self.runs or self.due:
            self.relabel()

    def relabel(self) -> None:
        lang, app = self.lang, self.signoff
        title = Text("signoff", style="bold")
        title.append("  " + t("app.tagline", lang))
        self.query_one("#start-title", Static).update(title)
        mode = t("mode.practice" if self.practice else "mode.real", lang)
        status = t("start.status", lang, mode=mode, language=t("app.lang_name", lang))
        if app.options.class_name and not app.present:  # no names on a projector
            status += "\n" + t("class.status", lang, name=app.options.class_name,
                               trainee=app.operator or t("class.nobody", lang))
        self.query_one("#start-status", Static).update(Text(literal(status)))
        self._pack_actions()
        due = self.query_one("#start-due", Static)
        line = self.due_line()
        due.update(Text(literal(line, keep_newlines=False)))
        due.display = bool(line)
        self.query_one("#resume-title", Label).update(t("start.resume_title", lang))
        runs = self.query_one("#runs", OptionList)
        keep = runs.highlighted
        runs.clear_options()
        now = self._now()
        if self.runs is None:
            runs.add_option(Option(t("start.looking", lang), disabled=True))
        elif not self.runs:
            runs.add_option(Option(t("start.no_resume", lang), disabled=True))
        for record in self.runs or []:
            done = record.counts()["done"]
            row = t("start.run_row", lang, what=app.describe(record, lang),
                    when=record.started.strftime("%Y-%m-%d %H:%M"), done=done,
                    total=len(record.applicable()))
            if record.who:  # twenty leavers' runs would otherwise be twenty equal rows
                row += "  " + t("checklist.for", lang, who=record.who)
            if record.mode == "practice":
                row += f"  [{t('mode.practice', lang)}]"
            if record.waiting_until is not None and now is not None:
                key = "due.ready" if record.waiting_until <= now else "due.waiting"
                row += f"  [{t(key, lang, when=when(record.waiting_until))}]"
            runs.add_option(Option(Breakable(Text(literal(row, keep_newlines=False))),
                                   id=record.id))
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
