"""Provides UserError: something the person typed or pointed at is wrong, said in one
sentence with exit 2 (tui.cli.main)."""

from __future__ import annotations


class UserError(Exception):
    """Something the person typed or pointed at is wrong: one sentence, exit 2."""
