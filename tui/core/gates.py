"""Provides the rule for when a step may be ticked done: after its prerequisites.

A step that names prerequisites (`after` in the flow) cannot be ticked done until each
of them that is part of this run is done or skipped with a reason, and until any wait
has passed since a prerequisite was ticked done (24 hours after 在职继承 before the
member may be deleted). Both front ends ask here, and Run.tick refuses too, so neither
can let an irreversible step through early.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.core.flows.model import StepUse
from tui.core.records.record import StepEntry


@dataclass(frozen=True)
class Blocked:
    """Why a step cannot be ticked done yet."""

    step: str
    missing: tuple[str, ...] = ()
    """Prerequisites in this run that are neither done nor skipped."""
    waiting: tuple[tuple[str, datetime], ...] = ()
    """Prerequisites done whose wait has not passed, with the time it passes."""

    @property
    def until(self) -> datetime | None:
        """When the last wait passes (None when nothing is waited for)."""
        return max((at for _, at in self.waiting), default=None)


class StepBlocked(Exception):
    """A step was ticked done before its prerequisites; `blocked` says which."""

    def __init__(self, blocked: Blocked) -> None:
        super().__init__(f"step {blocked.step} must wait for: "
                         f"{', '.join([*blocked.missing, *(s for s, _ in blocked.waiting)])}")
        self.blocked = blocked


def _wait_ends(use: StepUse, entries: Mapping[str, StepEntry]
               ) -> Iterable[tuple[str, datetime]]:
    for pre in use.after:
        entry = entries.get(pre.step)
        if (pre.wait_hours and entry is not None and entry.status == "done"
                and entry.at is not None):
            yield pre.step, entry.at + timedelta(hours=pre.wait_hours)


def blocked(use: StepUse, entries: Mapping[str, StepEntry], now: datetime) -> Blocked | None:
    """Why `use` cannot be ticked done at `now`, or None when it can. A prerequisite
    that does not apply to this run's answers (or is not in the record) is no obstacle."""
    missing = tuple(pre.step for pre in use.after
                    if (entry := entries.get(pre.step)) is not None
                    and entry.status == "pending")
    waiting = tuple((step, at) for step, at in _wait_ends(use, entries) if now < at)
    if not missing and not waiting:
        return None
    return Blocked(use.step.id, missing, waiting)


def waiting_until(uses: Sequence[StepUse], entries: Mapping[str, StepEntry]) -> datetime | None:
    """The earliest time a pending step's wait passes (already past included): when an
    open run that waits becomes due again. None when no pending step waits for time."""
    ends = [max(at for _, at in found)
            for use in uses
            if (entry := entries.get(use.step.id)) is not None and entry.status == "pending"
            and (found := list(_wait_ends(use, entries)))]
    return min(ends, default=None)
