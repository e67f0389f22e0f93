"""Provides StartView and `read_start`: everything the start screen shows of the disk,
read in one go off the UI thread.

The app begins this read as it is made (SignoffHost.early_start), so on most starts it
is done before the first frame and the start screen is complete in it: the interrupted
runs, the reviews due and any problem with the settings file. It asks the record
index's folder overview, not the record files, so its cost does not grow with the
number of records (tui.core.records.overview).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.records.overview import Overview
    from tui.core.records.store import RecordStore


@dataclass
class StartView:
    overview: Overview
    every_days: int
    """Days between routine reviews (config.toml [reviews])."""
    per_platform: dict[str, int] = field(default_factory=dict)
    problem: str = ""
    """What is wrong with the settings file, in one sentence ("" if nothing)."""


def read_start(store: RecordStore) -> StartView:
    from tui.config import settings_or_defaults

    settings, problem = settings_or_defaults()
    return StartView(store.overview(), settings.review_every_days,
                     settings.review_per_platform, problem)
