"""Provides LookupMixin: what records and flows are called, in the current language,
from the library the App loaded once."""

from __future__ import annotations

from collections.abc import Mapping
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

    def steps_of(self, record: Record) -> dict[str, Step]:
        """The steps of the flow the record followed, by id; empty once that flow is gone
        (the record's own titles are shown then)."""
        flow = self.library.flows.get(record.flow_id) if self.library else None
        return {use.step.id: use.step for use in flow.steps} if flow else {}
