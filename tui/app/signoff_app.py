"""Provides SignoffApp, the full-screen front end, and `run_app` for the CLI.

The App owns only what every screen shares: the global keys, the command palette, the
language and practice switches, and leaving. Its state is in tui.app.host, its moves
between screens in tui.app.navigation; each screen owns its own handlers, and saving
always goes through the core's Run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui import exit_codes
from tui.app.navigation import Navigator
from tui.app.screens.base import SignoffModal, SignoffScreen, translate_bindings
from tui.app.screens.start import StartScreen
from tui.app.textual_patches import fail_in_one_sentence, write_frames_inline
from tui.core.safe_text import literal
from tui.i18n import t
from tui.options import Options
from tui.runtime import collector
from tui.runtime.hangup import end_with_the_terminal
from tui.runtime.preload import preload

if TYPE_CHECKING:
    from tui.core.records.store import RecordStore


class SignoffApp(Navigator):
    """signoff's Textual app; the result is the process exit status."""

    CSS_PATH = "app.tcss"
    TITLE = "signoff"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+l", "toggle_lang", "中文/English", id="app.language"),
        Binding("ctrl+x", "quick_exit", "Save & exit", priority=True, id="app.quick_exit"),
        Binding("ctrl+c", "interrupt", "Save & exit", show=False, priority=True,
                id="app.interrupt"),
        Binding("ctrl+q", "quick_exit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("ctrl+g", "close_palette", "Close", show=False, priority=True,
                id="app.close_palette"),
    ]

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every notification is literal text: messages carry paths, damaged records'
        values and flow titles, and Textual would parse `[/]` in them as markup (and
        crash). Screens' notify() calls end here too. signoff never uses markup in one."""
        super().notify(literal(message), title=literal(title), severity=severity,
                       timeout=timeout, markup=False)

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

    def on_unmount(self) -> None:
        if self._store is not None:  # never made: nothing to let go of, nothing to import
            self._store.release_locks()

    def action_interrupt(self) -> None:
        """Ctrl-C: as ctrl+x in a run (exit 3, saved); outside one, 130 as the README
        says, not 0, so a script can tell an interruption from a finished run."""
        self.action_quick_exit(exit_codes.INTERRUPTED)

    def action_quick_exit(self, no_run: int = exit_codes.OK) -> None:
        """Leave at once. Progress is already saved; an open run is offered next time."""
        worst, reason = "saved", ""
        for screen in self.screen_stack:
            run = getattr(screen, "active_run", None)
            if run is not None:  # a change still being written, or one that failed
                state = run.stop()
                if state != "saved" and worst != "nothing":
                    worst, reason = state, str(run.unsaved or "").rstrip(".")
        if worst != "saved":
            from rich.text import Text  # the reason names a path: shown, never markup

            self.exit(exit_codes.NOT_SAVED, return_code=exit_codes.NOT_SAVED,
                      message=Text(t(f"app.stopped_{worst}", self.lang, id=self.open_run,
                                     reason=reason)))
        elif self.open_run:
            self.exit(exit_codes.STOPPED, return_code=exit_codes.STOPPED,
                      message=t("app.stopped", self.lang, id=self.open_run))
        else:
            self.exit(no_run, return_code=no_run)

    async def action_quit(self) -> None:
        self.action_quick_exit()

    def watch_lang(self, lang: str) -> None:
        translate_bindings(self, lang)
        self.refresh_bindings()
        self.relabel_all()

    def watch_practice(self, practice: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, SignoffScreen):
                screen.practice = practice

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

    def on_resize(self, event: events.Resize) -> None:
        self.check_size()

    def _fatal_error(self) -> None:
        """One readable sentence instead of a traceback (`textual run --dev` keeps the
        traceback). Progress is already on disk."""
        if "debug" in self.features:
            super()._fatal_error()
        else:
            fail_in_one_sentence(self, lambda error: t("app.error", self.lang, error=error))


RECORDS = ("tui.core.records.store", "tui.core.records.index", "tui.core.records.overview",
           "tui.core.records.overview_table")
"""What the start screen's runs and reviews are read with (SignoffHost.early_start),
imported here, on the UI thread before Textual starts, rather than by the head-start
thread: there it held the interpreter lock in slices while Textual set up, and the
switching cost the first frame more than the import itself on a busy machine (ready
1.13x main's at a load average of 2, against 0.94x at 1). The later screens are not
imported before the first frame at all (see tui.app.navigation). The TOML parser is
not here: it reads only an open run's file or a config.toml, and most starts have
neither; the read that meets one imports it. The index (SQLite) is, although a folder
with no record opens none: with records, the read would import it on its thread."""

GIL_SWITCH = 0.001
"""Seconds a thread waiting for the GIL waits before the running one must hand it over
(Python's default is 0.005). Textual writes each frame to the terminal from a thread
of its own; right after a tick's frame the UI thread goes on to wrap the next step's
page, and the finished frame waited for the GIL before it reached the terminal."""


def run_app(options: Options, store: RecordStore | None = None) -> int:
    """Run the app until it exits; returns the exit status for the CLI. `store` is the
    CLI's RecordStore when it made one (one store per process)."""
    import sys

    preload(RECORDS)
    end_with_the_terminal()
    sys.setswitchinterval(GIL_SWITCH)
    write_frames_inline()
    app = SignoffApp(options, store=store)
    result = app.run()
    collector.leaving()
    return result if isinstance(result, int) else (app.return_code or 0)
