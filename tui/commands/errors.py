"""Provides CommandError: bad input to a command, said in one sentence with exit 2
(tui.cli turns it into that without importing the command that raised it)."""

from __future__ import annotations


class CommandError(Exception):
    """Bad input to a records command: one sentence, exit 2."""
