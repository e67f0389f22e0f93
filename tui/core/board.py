"""Provides the offboarding board: one row per leaver, saying what is next and when.

An admin with twenty leavers comes back several times over days (在职继承 takes 24
hours; 离职继承 another 24, and customers may refuse). What they need on each return is
per leaver: the step to do now, or what it waits for and until when, or that it is
done. The board reads that from the records and the flows (`after`, `wait_hours`) with
the same rule the checklist enforces (gates.blocked), so it never says a step can be
done that the checklist would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.core.flows.model import Library
from tui.core.gates import blocked
from tui.core.records.record import Record

State = str
""""ready" (a step can be done now), "waiting" (only time-gated steps are left),
"blocked" (the next steps wait for steps that are not done), "done", "incomplete",
"abandoned"."""


@dataclass(frozen=True)
class BoardRow:
    record_id: str
    subject: str
    fields: tuple[tuple[str, str], ...]
    operator: str
    flow_id: str
    state: State
    done: int
    total: int
    current: str
    """The step to do now (its title as the record keeps it), "" when none can be."""
    blocked_on: tuple[str, ...]
    """Titles of the steps the first waiting step needs first (not done yet)."""
    waiting_until: datetime | None
    """When the first time-gated step may be done."""

    @property
    def who(self) -> str:
        eid = dict(self.fields).get("employee_id", "")
        return f"{self.subject} ({eid})" if eid else self.subject

    def to_json(self) -> dict[str, Any]:
        return {"record": self.record_id, "subject": self.subject, "fields": dict(self.fields),
                "operator": self.operator, "flow": self.flow_id, "state": self.state,
                "done": self.done, "total": self.total, "current": self.current,
                "blocked_on": list(self.blocked_on),
                "waiting_until": (self.waiting_until.isoformat()
                                  if self.waiting_until is not None else None)}


def board(records: Iterable[Record], library: Library, now: datetime) -> list[BoardRow]:
    """One row per run that names a subject (abandoned runs left out: a batch opened
    again reopens those leavers), ordered by what needs the admin first: ready, then
    waiting by time, then blocked, then the finished."""
    rows = [_row(r, library, now) for r in records if r.subject and r.outcome != "abandoned"]
    order = {"ready": 0, "waiting": 1, "blocked": 2, "incomplete": 3, "done": 4}
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return sorted(rows, key=lambda r: (order.get(r.state, 5), r.waiting_until or far,
                                       r.who.casefold(), r.record_id))


def _row(record: Record, library: Library, now: datetime) -> BoardRow:
    applicable = record.applicable()
    done = sum(s.status in ("done", "skipped") for s in applicable)
    base: dict[str, Any] = {
        "record_id": record.id, "subject": record.subject,
        "fields": tuple(record.fields.items()), "operator": record.operator,
        "flow_id": record.flow_id, "done": done, "total": len(applicable)}
    state: State
    if record.outcome != "in-progress":
        state = "done" if record.outcome == "completed" else record.outcome
        return BoardRow(**base, state=state, current="", blocked_on=(), waiting_until=None)
    entries = {s.id: s for s in record.steps}
    titles = {s.id: s.title for s in record.steps}
    flow = library.flows.get(record.flow_id)
    uses = {u.step.id: u for u in flow.steps} if flow is not None else {}
    first_blocked = None
    for entry in record.steps:
        if entry.status != "pending":
            continue
        use = uses.get(entry.id)
        why = blocked(use, entries, now) if use is not None else None
        if why is None:
            return BoardRow(**base, state="ready", current=entry.title, blocked_on=(),
                            waiting_until=record.waiting_until)
        first_blocked = first_blocked or why
    if first_blocked is None:  # nothing pending: only the finish is left
        return BoardRow(**base, state="ready", current="", blocked_on=(), waiting_until=None)
    missing = tuple(titles.get(s, s) for s in first_blocked.missing)
    state = "blocked" if missing else "waiting"
    return BoardRow(**base, state=state, current="", blocked_on=missing,
                    waiting_until=first_blocked.until or record.waiting_until)
