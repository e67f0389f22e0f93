"""Provides Prerequisites: which of a run's steps may be ticked now.

A step may come after others, some with a wait (24 hours after a transfer started);
the rule itself is tui.core.gates. This is the part of Run that asks it, kept apart so
Run reads as saving and finishing a checklist.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.gates import Blocked, blocked

if TYPE_CHECKING:
    from tui.core.flows.model import Flow, Step, StepUse
    from tui.core.records.record import Record, StepEntry
    from tui.core.records.store import RecordStore


class Prerequisites:
    """Mixed into Run, which provides the flow, the record, the store and `items`."""

    flow: Flow
    record: Record
    store: RecordStore

    if TYPE_CHECKING:  # Run's
        def items(self) -> list[tuple[Step, StepEntry]]: ...

    def _entries(self) -> dict[str, StepEntry]:
        return {entry.id: entry for entry in self.record.steps}

    def _use(self, step_id: str) -> StepUse:
        return next(use for use in self.flow.steps if use.step.id == step_id)

    def blocked(self, step_id: str) -> Blocked | None:
        """Why the step cannot be ticked done now (its prerequisites), or None. The
        clock is read only for a step with prerequisites (a test clock moves per read)."""
        use = self._use(step_id)
        return blocked(use, self._entries(), self.store.now()) if use.after else None

    def waits(self) -> list[tuple[Step, datetime]]:
        """Pending steps that wait for time now, and when their wait passes."""
        if not any(p.wait_hours for use in self.flow.steps for p in use.after):
            return []
        now, entries = self.store.now(), self._entries()
        out = []
        for step, entry in self.items():
            if entry.status == "pending":
                found = blocked(self._use(step.id), entries, now)
                if found is not None and found.until is not None:
                    out.append((step, found.until))
        return out

