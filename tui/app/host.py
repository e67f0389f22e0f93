"""Provides SignoffHost: what every screen may ask of the app, and nothing more.

Screens import this module, never the app module itself, so the app can import its
screens without a cycle. The app's state (the options, the one record store, the
library once read, the language and practice mode) lives here; navigation between
screens is declared here and done by tui.app.navigation.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import App
from textual.reactive import reactive

from tui.app.lookup import LookupMixin
from tui.app.start_view import StartView, read_start
from tui.app.terminal import (
    TerminalMixin,
    folding_driver,
    install_scrollbar,
    mono_theme,
    use_reverse_no_color,
)
from tui.runtime.head_start import head_start

if TYPE_CHECKING:
    from concurrent.futures import Future

    from tui.core.flows.model import Library
    from tui.core.records.record import Mode, Record
    from tui.core.records.store import RecordStore
    from tui.core.records.summary import Summary
    from tui.options import Options


class SignoffHost(TerminalMixin, LookupMixin, App[int]):
    """The app's shared state; the result is the process exit status."""

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
            use_reverse_no_color(self)
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
        """Who is doing the runs: --operator, or asked once at the first practice run (in
        a class session, at the start of each tab, and again after "next trainee")."""
        self.present = options.present
        """Presenter view on the checklist (--present, or v): nothing personal on screen."""
        self.set_reactive(SignoffHost.lang, options.lang)
        self.set_reactive(SignoffHost.practice, options.mode == "practice")
        self.animation_level = "none"
        self.early_start: Future[StartView] | None = head_start(
            lambda: read_start(self.store), "signoff-start")
        """What the start screen shows of the disk, read while Textual sets up (taken,
        and set to None, by the start screen)."""

    @property
    def store(self) -> RecordStore:
        """The app's only way to disk: the CLI hands in the store it already made (one
        store per process), tests one with a fixed clock and ids. Made on first use
        otherwise, on the thread that reads the start screen's runs while Textual sets
        up (`early_start`), so the records code is imported off the UI thread."""
        with self._store_lock:
            if self._store is None:
                from tui.config import signing_keys
                from tui.core.records.store import RecordStore
                from tui.paths import index_dir

                self._store = RecordStore(self.options.records_dir, keys=signing_keys(),
                                      index_dir=index_dir())
            return self._store

    def mine(self, item: Record | Summary) -> bool:
        """Whether a record may be listed here. In a class session (a served tab is one
        trainee's) only the trainee's own runs of that class are: nobody's before the
        name is given, never a classmate's names, notes or runs."""
        name = self.options.class_name
        if not name:
            return True
        seat = self.options.seat or None  # served: this browser's runs only
        return bool(self.operator) and item.class_name == name \
            and item.operator == self.operator and (seat is None or item.seat == seat)

    @property
    def mode(self) -> Mode:
        return "practice" if self.practice else "real"

    # -- navigation, done by tui.app.navigation.Navigator --------------------------------
    def start_wizard(self, answers: Sequence[str]) -> None:
        """A new walk through the tree, optionally pre-answered (`signoff run P S G`)."""
        raise NotImplementedError

    def resume_run(self, record_id: str) -> None:
        """Continue an interrupted run at its checklist."""
        raise NotImplementedError

    def check_size(self) -> None:
        """Cover the app with the "make the window bigger" screen while it is too small."""
        raise NotImplementedError
