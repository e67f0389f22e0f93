"""Provides the status symbols, in Unicode and in ASCII for terminals that lack them.

A symbol always goes with a word somewhere on the same screen (the legend or the
detail pane), so colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Symbols:
    done: str
    skipped: str
    pending: str
    mismatch: str
    here: str
    branch: str
    bar_full: str
    bar_empty: str
    warning: str


UNICODE = Symbols(done="✓", skipped="↷", pending="○", mismatch="≠", here="▶", branch="└─",
                  bar_full="█", bar_empty="░", warning="!")
ASCII = Symbols(done="x", skipped="~", pending="o", mismatch="#", here=">", branch="`-",
                bar_full="#", bar_empty="-", warning="!")


def symbols(ascii_only: bool) -> Symbols:
    return ASCII if ascii_only else UNICODE


def status_symbol(status: str, ascii_only: bool) -> str:
    sym = symbols(ascii_only)
    return {"done": sym.done, "skipped": sym.skipped}.get(status, sym.pending)
