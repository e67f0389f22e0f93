"""Provides Options: what the command line decided, handed to either front end.

The front ends never read argv or the environment themselves, so tests build Options
directly and both front ends behave the same for the same choices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.records.record import Mode
    from tui.glyphs import Profile


@dataclass(frozen=True)
class Options:
    lang: str
    """"en" or "zh": the interface and flow language."""
    records_dir: Path
    """Where records are read and written."""
    flow_dirs: tuple[Path, ...]
    """Built-in flows first, then the user's (later folders override earlier ones)."""
    mode: Mode = "real"
    """"practice" keeps the run apart from real ones in history and reports."""
    operator: str = ""
    """Who is doing the run (kept on the record)."""
    class_name: str = ""
    """A class session (`--class NAME`): every record is labelled with it, each trainee
    is asked their name, and lists keep to that trainee's own runs."""
    seat: str = ""
    """Under `serve --class`: the browser this tab runs in (a hash of its seat cookie),
    kept on records and required of the runs a trainee's lists show."""
    present: bool = False
    """Presenter view (`--present`): the step's detail large, nothing personal on screen."""
    ascii: bool = False
    """Draw with ASCII only (`--ascii`, or a locale that is not UTF-8)."""
    console: bool = False
    """The Linux text console (TERM=linux): ASCII and single-line box drawing, 16 colours,
    no Chinese."""
    no_color: bool = False
    """NO_COLOR is set: no colour at all, states shown by symbols, words and reverse video."""
    run: tuple[str, str, str] | None = None
    """`signoff run PLATFORM SURFACE GOAL`: go straight to that checklist."""
    subject: str = ""
    """`run --subject NAME`: whom the run is for, so it is not asked."""
    fields: tuple[tuple[str, str], ...] = ()
    """`run --field NAME=VALUE`: the subject's HR fields (employee_id, ticket, ...)."""
    resume: str | None = None
    """`signoff resume ID`: continue that interrupted run."""
    verbose: bool = False
    """Plain mode (`--verbose`): say everything every time (option ids, the whole step
    again after a note, the record id after each tick, the other UI language's menu);
    the default says each thing once."""
    keymap: tuple[tuple[str, str], ...] = ()
    """Binding id = keys, from the [keys] table of config.toml (Textual's set_keymap)."""
    warnings: tuple[str, ...] = field(default_factory=tuple)
    """Things to tell the person once at start (e.g. an open records folder)."""

    @property
    def glyphs(self) -> Profile:
        """What may be drawn: "ascii", "console" (TERM=linux) or "unicode"."""
        return "ascii" if self.ascii else "console" if self.console else "unicode"

    @property
    def cjk(self) -> bool:
        """Whether Chinese can be shown at all (not in ASCII, not on the Linux console)."""
        return self.glyphs == "unicode"
