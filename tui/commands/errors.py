"""Provides what the record commands say went wrong: CommandError (bad input, one
sentence, exit 2; tui.cli turns it into that without importing the command that raised
it) and report_damaged (each record that cannot be read, named on stderr)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.core.safe_text import literal

if TYPE_CHECKING:
    from tui.core.records.record import RecordDamaged


class CommandError(Exception):
    """Bad input to a records command: one sentence, exit 2."""


def report_damaged(damaged: list[RecordDamaged]) -> None:
    for item in damaged:
        sys.stderr.write(f"signoff: damaged record {literal(item.name, keep_newlines=False)}: "
                         f"{literal(item.reason, keep_newlines=False)}.\n")
