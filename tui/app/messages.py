"""Provides the app-level messages screens post so the App knows which run is open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.core.records.record import Record


@dataclass
class RunStarted(Message):
    """A run began or was resumed; the quick-exit key reports its id on the way out."""

    record_id: str


@dataclass
class RunFinished(Message):
    """A run ended and joined the chain; nothing is left open."""

    record: Record
