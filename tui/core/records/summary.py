"""Provides Summary: the few fields of a record that lists and reminders show.

`signoff history`, `signoff due`, the History screen's table and the start screen's
reviews-due line read every record but use a dozen fields of each and none of its
steps. The record index keeps
this summary beside each record, so those reads parse a short list per record instead
of rebuilding every step (a fifth of the bytes, a tenth of the objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.core.records.record import Record


@dataclass(slots=True)
class Summary:
    """Not frozen, though nothing changes a summary once it is made: a frozen
    dataclass's __init__ sets each of its 18 fields through object.__setattr__, which
    was a third of reading a summary from the index (3.4 µs of 10)."""

    id: str
    started: datetime
    finished: datetime | None
    flow_id: str
    platform: str
    surface: str
    goal: str
    mode: str
    outcome: str
    operator: str
    subject: str
    done: int
    """Applicable steps done or skipped."""
    applicable: int
    """Steps that were not "not applicable"."""
    seq: int | None
    """The record's place in the chain; None until it is finished (whether the chain
    holds is for `verify` to say)."""
    class_name: str | None = None
    """The class session (`--class`), so a trainee's lists can keep to their own runs."""
    seat: str | None = None
    """The served browser the run was made in (see Record.seat)."""
    waiting_until: datetime | None = None
    """When an open run's next step may be done (see Record.waiting_until)."""
    fields: tuple[tuple[str, str], ...] = ()
    """The subject's HR fields (see Record.fields), in the record's order."""

    @property
    def who(self) -> str:
        """The subject as lists show it: the name and the employee id, if any."""
        eid = dict(self.fields).get("employee_id", "")
        return f"{self.subject} ({eid})" if self.subject and eid else self.subject

    @property
    def progress(self) -> str:
        return f"{self.done}/{self.applicable}"

    @property
    def sealed(self) -> bool:
        return self.seq is not None

    def order(self) -> tuple[int, datetime, str]:
        """Where `RecordStore.scan` puts the record: chain order, open runs last."""
        return (self.seq if self.seq is not None else 1 << 62, self.started, self.id)


def summarize(record: Record) -> list[Any]:
    """The summary as a JSON-ready list (the index's form); `from_list` reads it back."""
    applicable = record.applicable()
    return [
        record.id, record.started.isoformat(),
        record.finished.isoformat() if record.finished is not None else None,
        record.flow_id, record.platform, record.surface, record.goal, record.mode,
        record.outcome, record.operator, record.subject,
        sum(s.status in ("done", "skipped") for s in applicable), len(applicable),
        record.chain.seq if record.chain is not None else None, record.class_name,
        record.seat,
        record.waiting_until.isoformat() if record.waiting_until is not None else None,
        dict(record.fields),
    ]


def from_list(row: list[Any]) -> Summary:
    (rid, started, finished, flow_id, platform, surface, goal, mode, outcome, operator,
     subject, done, applicable, seq, class_name, seat, waiting, fields) = row
    return Summary(rid, datetime.fromisoformat(started),
                   datetime.fromisoformat(finished) if finished is not None else None,
                   flow_id, platform, surface, goal, mode, outcome, operator, subject,
                   done, applicable, seq, class_name, seat,
                   datetime.fromisoformat(waiting) if waiting is not None else None,
                   tuple(fields.items()))


def of_record(record: Record) -> Summary:
    return from_list(summarize(record))
