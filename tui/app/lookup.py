"""Provides LookupMixin: what records and flows are called, in the current language,
from the library the App loaded once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.flows.model import Goal, Library, Platform, Step, Surface
    from tui.core.records.record import Record


class LookupMixin:
    """Names for ids; an id is shown as is until the library has loaded."""

    library: Library | None = None

    def name_of(self, kind: str, item: str, lang: str) -> str:
        lib = self.library
        if lib is None:
            return item
        tables: dict[str, Mapping[str, Platform | Surface | Goal]] = {
            "platform": lib.platforms, "surface": lib.surfaces, "goal": lib.goals}
        found = tables[kind].get(item)
        return found.name.get(lang) if found else item

    def describe(self, record: Record, lang: str) -> str:
        return " · ".join(self.name_of(kind, item, lang) for kind, item in (
            ("platform", record.platform), ("surface", record.surface), ("goal", record.goal)))

    def _steps(self, record: Record) -> dict[str, Step]:
        flow = self.library.flows.get(record.flow_id) if self.library else None
        return {use.step.id: use.step for use in flow.steps} if flow else {}

    def step_titles(self, record: Record, lang: str) -> dict[str, str]:
        return {sid: step.title.get(lang) for sid, step in self._steps(record).items()}

    def rechecks(self, record: Record) -> list[tuple[Step, datetime]]:
        """Done steps with a re-check window, and when each was done."""
        steps = self._steps(record)
        return [(steps[e.id], e.at) for e in record.steps if e.status == "done" and e.at
                and e.id in steps and steps[e.id].recheck]
