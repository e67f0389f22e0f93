"""Provides SignoffApp, the full-screen front end, and `run_app` for the CLI.

The App owns only what every screen shares: the options, the flow library (read
once, off the UI thread, after the first paint), the record store, the language and
practice mode, the global keys and the command palette. Each screen owns its own
handlers; saving always goes through the core's Run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from tui import exit_codes
from tui.app.background_reads import read_in_background
from tui.app.messages import RunFinished, RunStarted
from tui.app.screens.base import SignoffModal, SignoffScreen, translate_bindings
from tui.app.screens.lookup import LookupMixin
from tui.app.screens.start import StartScreen
from tui.app.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from tui.app.terminal import (
    TerminalMixin,
    folding_driver,
    install_scrollbar,
    mono_theme,
    use_reverse_no_color,
)
from tui.i18n import t
from tui.options import Options
from tui.runtime import collector
from tui.runtime.head_start import head_start

if TYPE_CHECKING:
    from concurrent.futures import Future

    from tui.core.flows.model import Library
    from tui.core.records.record import Mode
    from tui.core.records.store import RecordStore, Scan


class SignoffApp(TerminalMixin, LookupMixin, App[int]):
    """signoff's Textual app; the result is the process exit status."""

    CSS_PATH = "app.tcss"
    TITLE = "signoff"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+l", "toggle_lang", "中文/English", id="app.language"),
        Binding("ctrl+x", "quick_exit", "Save & exit", priority=True, id="app.quick_exit"),
        Binding("ctrl+c", "quick_exit", "Save & exit", show=False, priority=True,
                id="app.interrupt"),
        Binding("ctrl+q", "quick_exit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("ctrl+g", "close_palette", "Close", show=False, priority=True,
                id="app.close_palette"),
    ]

    lang: reactive[str] = reactive("en")
    """Interface and flow language; switching keeps your place."""
    practice: reactive[bool] = reactive(False)
    """Practice mode for runs started from now on."""

    def __init__(self, options: Options, *, store: RecordStore | None = None) -> None:
        sixteen = options.console or options.no_color
        """The console's 16 colours (or none): the terminal's own ANSI palette."""
        super().__init__(ansi_color=True if sixteen else None)
        self.options = options
        if options.no_color:
            self.register_theme(mono_theme())
            self.theme = "signoff-mono"
            use_reverse_no_color(self._filters)
        elif sixteen:
            self.theme = "ansi-dark"
        for name in self.terminal_classes():
            self.add_class(name)
        if self.glyphs != "unicode":
            self.driver_class = folding_driver(self.driver_class, self.glyphs)
        install_scrollbar()
        self._store = store
        self._store_lock = threading.Lock()
        self.library: Library | None = None
        self.open_run: str | None = None
        self.operator = options.operator
        """Who is doing the runs: --operator, or asked once at the first practice run."""
        self.present = options.present
        """Presenter view on the checklist (--present, or v): nothing personal on screen."""
        self.set_reactive(SignoffApp.lang, options.lang)
        self.set_reactive(SignoffApp.practice, options.mode == "practice")
        self.animation_level = "none"
        self.early_runs: Future[Scan] | None = head_start(
            lambda: self.store.open_runs(), "signoff-open-runs")
        """The start screen's first list of interrupted runs, read while Textual sets up
        (taken, and set to None, by the start screen)."""

    @property
    def store(self) -> RecordStore:
        """The app's only way to disk; tests hand in one with a fixed clock and ids.
        Made on first use, on the thread that reads the start screen's runs while
        Textual sets up (`early_runs`), so the records code is imported off the UI
        thread."""
        with self._store_lock:
            if self._store is None:
                from tui.core.records.store import RecordStore

                self._store = RecordStore(self.options.records_dir)
            return self._store

    @property
    def mode(self) -> Mode:
        return "practice" if self.practice else "real"

    def get_default_screen(self) -> Screen[None]:
        return StartScreen()

    def on_mount(self) -> None:
        if self.options.keymap:
            self.set_keymap(dict(self.options.keymap))
        translate_bindings(self, self.lang)
        for warning in self.options.warnings:
            self.notify(warning, severity="warning")
        self.check_size()
        self.call_after_refresh(self.load_library)  # the start screen is drawn without it

    def load_library(self) -> None:
        read_in_background(self, self._read_library, self._library_loaded, group="library")

    def _read_library(self) -> tuple[Library, list[str]]:
        from tui.core.flows.cache import load_library_cached
        from tui.core.records.store import StoreError

        library = load_library_cached(self.options.flow_dirs)
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
        self._relabel_all()
        if self.options.resume:
            self.resume_run(self.options.resume)
        elif self.options.run:
            self.start_wizard(list(self.options.run))

    # -- runs ------------------------------------------------------------------------
    def start_wizard(self, answers: list[str]) -> None:
        from tui.app.screens.question import open_wizard

        open_wizard(self, answers)

    def resume_run(self, record_id: str) -> None:
        from tui.app.screens.question import resume

        resume(self, record_id)

    def on_run_started(self, message: RunStarted) -> None:
        self.open_run = message.record_id

    def on_run_finished(self, message: RunFinished) -> None:
        from tui.app.screens.summary import SummaryScreen

        self.open_run = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(SummaryScreen(message.record, just_finished=True))

    # -- global actions ------------------------------------------------------------------
    def action_new_run(self) -> None:
        self.start_wizard([])

    def action_history(self, then: str = "") -> None:
        from tui.app.screens.history import HistoryScreen

        if self._presenting():
            return
        self.push_screen(HistoryScreen(then=then))

    def action_report(self) -> None:
        from tui.app.screens.report import ReportScreen

        if not self._presenting():
            self.push_screen(ReportScreen())

    def _presenting(self) -> bool:
        """Records (names, notes, paths) stay off a projected screen."""
        shown = [s for s in self.screen_stack if isinstance(s, SignoffScreen)]
        if shown and shown[-1].has_class("-present"):
            self.notify(t("present.locked", self.lang), severity="warning")
            return True
        return False

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_close_palette(self) -> None:
        """Ctrl+G closes the command palette too: Escape is slow or lost over SSH/tmux."""
        from textual.command import CommandPalette

        if isinstance(self.screen, CommandPalette):
            await self.screen.run_action("escape")
        elif isinstance(self.screen, SignoffModal):
            await self.screen.run_action("cancel")

    def action_toggle_lang(self) -> None:
        if self.lang == "en" and not self.options.cjk:
            self.notify(t("app.no_chinese_switch", self.lang), severity="warning")
            return
        self.lang = "en" if self.lang == "zh" else "zh"

    def action_toggle_practice(self) -> None:
        if not isinstance(self.screen, StartScreen):
            self.notify(t("start.practice_locked", self.lang), severity="warning")
            return
        self.practice = not self.practice

    def action_resume_latest(self) -> None:
        runs = sorted(self.store.in_progress(), key=lambda r: r.started)
        if runs:
            self.resume_run(runs[-1].id)
        else:
            self.notify(t("start.no_resume", self.lang))

    def on_unmount(self) -> None:
        if self._store is not None:  # never made: nothing to let go of, nothing to import
            self._store.release_locks()

    def action_quick_exit(self) -> None:
        """Leave at once. Progress is already saved; an open run is offered next time."""
        for screen in self.screen_stack:
            run = getattr(screen, "active_run", None)
            if run is not None:
                run.settle()  # a change still being written, or one that failed
        if self.open_run:
            self.exit(exit_codes.STOPPED, return_code=exit_codes.STOPPED,
                      message=t("app.stopped", self.lang, id=self.open_run))
        else:
            self.exit(exit_codes.OK)

    async def action_quit(self) -> None:
        self.action_quick_exit()

    def watch_lang(self, lang: str) -> None:
        translate_bindings(self, lang)
        self.refresh_bindings()
        self._relabel_all()

    def watch_practice(self, practice: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SignoffScreen):
                screen.practice = practice

    def _relabel_all(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SignoffScreen) and screen.is_mounted:
                if screen.lang != self.lang:
                    screen.lang = self.lang
                else:
                    screen.relabel()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        lang = self.lang
        for key, action in (("new", self.action_new_run), ("resume", self.action_resume_latest),
                            ("history", self.action_history),
                            ("report", self.action_report),
                            ("export", lambda: self.action_history("export")),
                            ("verify", lambda: self.action_history("verify")),
                            ("language", self.action_toggle_lang),
                            ("practice", self.action_toggle_practice)):
            yield SystemCommand(t(f"cmd.{key}", lang), t(f"cmd.{key}_help", lang), action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No language key where Chinese cannot be shown (ASCII, the Linux console)."""
        return self.options.cjk or action != "toggle_lang"

    def get_key_display(self, binding: Binding) -> str:
        return self.key_display(binding, super().get_key_display(binding))

    # -- size and errors -------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        self.check_size()

    def check_size(self) -> None:
        """Cover the app with the "make the window bigger" screen while it is too small."""
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def _fatal_error(self) -> None:
        """One readable sentence instead of a traceback (SIGNOFF debug: `textual run
        --dev` keeps the traceback). Progress is already on disk."""
        if "debug" in self.features:
            super()._fatal_error()
            return
        self.bell()
        error = self._exception
        self._exit_renderables.append(Text(f"signoff: {t('app.error', self.lang, error=error)}"))
        self._close_messages_no_wait()


GIL_SWITCH = 0.001
"""Seconds a thread waiting for the GIL waits before the running one must hand it over
(Python's default is 0.005). Textual writes each frame to the terminal from a thread
of its own; right after a tick's frame the UI thread goes on to wrap the next step's
page, and the finished frame waited up to 5 ms for the GIL before it reached the
terminal."""


def run_app(options: Options) -> int:
    """Run the app until it exits; returns the exit status for the CLI."""
    import sys

    sys.setswitchinterval(GIL_SWITCH)
    app = SignoffApp(options)
    result = app.run()
    collector.leaving()
    return result if isinstance(result, int) else (app.return_code or 0)
