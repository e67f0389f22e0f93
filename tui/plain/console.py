"""Provides PlainIO: how the plain mode speaks and listens. One block per state
change, one line read per answer; every text from a flow or a person goes through
`literal()` and is printed with markup off, folded to ASCII where the terminal needs it.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.text import Text

from tui import exit_codes
from tui.core.safe_text import has_undecodable, literal, storable
from tui.i18n import t
from tui.options import Options
from tui.runtime import collector

if TYPE_CHECKING:
    from pathlib import Path

    from tui.core.records.store import RecordStore  # made when first used (see `store`)
    from tui.core.run import Run  # imported after the questions, not before the first prompt
    from tui.glyphs import Profile  # (tui.glyphs only where a terminal cannot draw Unicode)

Choices = Sequence[tuple[str, str, bool]]
"""A question's choices as said: (id, label, whether it is the default)."""


class EndOfInput(Exception):
    """Standard input closed: treated like `q`, progress saved."""


class HungUp(Exception):
    """SIGHUP (the SSH connection dropped) or SIGTERM: stop like `q`, progress saved."""


class PlainIO:
    def __init__(self, options: Options, stdin: TextIO, console: Console,
                 store: RecordStore | None = None) -> None:
        self.options = options
        self._store = store
        self.lang = options.lang
        self.stdin = stdin
        self.console = console
        self._last_run: Run | None = None
        self.glyphs: Profile = "ascii" if options.glyphs != "unicode" else "unicode"
        """A serial line or the Linux console: everything printed is folded to ASCII."""
        # Rich's own answer to a closed pipe is SystemExit(1) with no word said; raise
        # BrokenPipeError instead, so the wizard can say once on stderr what was saved.
        setattr(console, "on_broken_pipe", self._output_gone)  # noqa: B010

    @property
    def store(self) -> RecordStore:
        """The records, made when first needed: a new user's first question comes
        before the records code is loaded (see `_root` and `_waiting`)."""
        if self._store is None:
            from tui.config import signing_keys
            from tui.core.records.store import RecordStore
            from tui.paths import index_dir

            self._store = RecordStore(self.options.records_dir, keys=signing_keys(),
                                      index_dir=index_dir())
        return self._store

    @property
    def _root(self) -> Path:
        return self._store.root if self._store is not None else self.options.records_dir

    def _output_gone(self) -> None:
        self.console.quiet = True
        raise BrokenPipeError("standard output was closed")

    # -- output and input -------------------------------------------------------------
    def say(self, text: str = "", style: str = "") -> None:
        """One line. On a terminal it is wrapped between words, and a word longer than
        the line (a URL) is left whole for the terminal to carry over; anywhere else
        (a pipe, a file, a screen reader's log) it is printed unwrapped."""
        self.console.print(self._wrapped(self._fold(literal(text)), style),
                           highlight=False, soft_wrap=True)

    def _fold(self, text: str) -> str:
        """`text` as this terminal can draw it (tui.glyphs.fold); a Unicode terminal draws
        it as it is, without importing the glyph tables."""
        if self.glyphs == "unicode":
            return text
        from tui.glyphs import fold

        return fold(text, self.glyphs)

    def _wrapped(self, text: str, style: str = "") -> Text:
        line = Text(text, style=style, overflow="ignore")
        if not self.console.is_terminal:
            return line
        # Text's own overflow "ignore": wrapped between words, a longer word kept whole.
        return Text("\n").join(line.wrap(self.console, self.console.width))

    def _flow_text(self, text: str) -> str:
        """A flow's text as this terminal can say it: Chinese it cannot draw is put in
        words (tui.glyphs.spell_out), not folded to question marks."""
        if self.glyphs == "unicode":
            return text
        from tui.glyphs import spell_out

        return spell_out(text, self.lang)

    def ask(self, prompt: str) -> str:
        self.put_prompt(prompt)
        return self.read_answer()

    def put_prompt(self, prompt: str) -> None:
        """The line the answer is typed on, on screen now."""
        self.console.print(self._wrapped(self._fold(prompt)), end="",
                           highlight=False, soft_wrap=True)
        self.console.file.flush()

    def read_answer(self) -> str:
        """The next line typed, stripped. Raises EndOfInput when input has ended."""
        collector.start_up_done()  # waiting for the person: the session has begun
        line = self.stdin.readline()
        if not line:
            self.say()
            raise EndOfInput
        if has_undecodable(line):  # a terminal or pipe that is not UTF-8
            line = storable(line)
            self.say(self._t("plain.not_utf8"))
        return line.strip()

    def _put_question(self, text: str, help_text: str, choices: Choices) -> None:
        """A question (`text` as said, already spelt for this terminal) and its
        numbered choices; the ids in brackets only with --verbose (said once, at start)."""
        self.say(text, style="bold")
        if help_text:
            self.say(self._flow_text(help_text))
        verbose = self.options.verbose
        for n, (choice_id, label, default) in enumerate(choices, start=1):
            mark = self._t("plain.default") if default else ""
            label = self._flow_text(label)
            self.say(f"  {n}) {label}  [{choice_id}]{mark}" if verbose
                     else f"  {n}) {label}{mark}")

    def _choose_line(self, count: int) -> str:
        """The prompt the answer to a question of `count` choices is typed on."""
        choose = "plain.choose" if self.options.verbose else "plain.choose_short"
        return self._t(choose, n=count) + " "

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def _quietly(self, text: str) -> None:
        """Say it if the terminal is still there (after SIGHUP it may not be)."""
        with contextlib.suppress(OSError, ValueError):
            self.say(text)

    def _fail(self, message: str) -> int:
        self.console.file.flush()
        sys.stderr.write(f"signoff: {literal(message, keep_newlines=False)}.\n")
        return exit_codes.USAGE
