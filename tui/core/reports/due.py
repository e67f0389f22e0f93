"""Provides review reminders: per platform used, when it was last reviewed or signed out
of, and when the next routine review is due; and the open runs that wait for time (a
step 24 hours after another), with when they can go on.

Only real runs count for reviews: a practice run proves nothing about the person's own
accounts. A waiting run is listed whatever its mode: the person means to come back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

DEFAULT_EVERY_DAYS = 90


class Run(Protocol):
    """What a reminder needs of a run: a Record or its Summary (the start screen reads
    summaries, which are cheaper)."""

    @property
    def mode(self) -> str: ...
    @property
    def platform(self) -> str: ...
    @property
    def goal(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def finished(self) -> datetime | None: ...


@dataclass(frozen=True)
class Due:
    platform: str
    last_review: datetime | None
    last_signout: datetime | None
    due: date
    every_days: int

    def is_due(self, today: date) -> bool:
        return self.due <= today


def reviews_due(records: Iterable[Run], today: date, every_days: int = DEFAULT_EVERY_DAYS,
                per_platform: Mapping[str, int] | None = None) -> list[Due]:
    reviews: dict[str, datetime] = {}
    signouts: dict[str, datetime] = {}
    used: set[str] = set()
    for record in records:
        if record.mode != "real":
            continue
        used.add(record.platform)
        if record.outcome != "completed" or record.finished is None:
            continue
        target = reviews if record.goal == "routine-review" else signouts
        if record.platform not in target or target[record.platform] < record.finished:
            target[record.platform] = record.finished
    out = []
    for platform in sorted(used):
        days = (per_platform or {}).get(platform, every_days)
        last = reviews.get(platform)
        due = (last.date() + timedelta(days=days)) if last else today
        out.append(Due(platform, last, signouts.get(platform), due, days))
    return out


@dataclass(frozen=True)
class Waiting:
    """An open run whose next step waits for time, and whether that time has come."""

    record_id: str
    flow_id: str
    platform: str
    until: datetime
    ready: bool


class OpenRun(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def flow_id(self) -> str: ...
    @property
    def platform(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def waiting_until(self) -> datetime | None: ...


def waiting_runs(records: Iterable[OpenRun], now: datetime) -> list[Waiting]:
    """Open runs that wait for time, soonest first (Run.save keeps `waiting_until`)."""
    found = [Waiting(r.id, r.flow_id, r.platform, r.waiting_until, r.waiting_until <= now)
             for r in records if r.outcome == "in-progress" and r.waiting_until is not None]
    return sorted(found, key=lambda w: (w.until, w.record_id))


def _ics_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def to_ics(items: Iterable[Due], stamp: datetime, waiting: Iterable[Waiting] = ()) -> str:
    """An iCalendar file with one all-day event per platform on its due date (today for
    an overdue one: a reminder in the past is never seen), and a 15-minute event for each
    run that waits, at the time it can go on (now, if that has passed)."""
    utc = stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//signoff//review reminders//EN",
             "CALSCALE:GREGORIAN"]
    for item in items:
        day = max(item.due, stamp.date())
        import hashlib  # only calendar files need it; OpenSSL is slow to load

        uid = hashlib.sha256(f"{item.platform}{item.due}".encode()).hexdigest()[:24]
        summary = f"signoff: routine review of {item.platform}"
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}@signoff", f"DTSTAMP:{utc}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(summary)}",
            f"DESCRIPTION:{_ics_text(f'Run: signoff (goal: routine review) for {item.platform}')}",
            "END:VEVENT",
        ]
    for run in waiting:
        import hashlib

        start = max(run.until, stamp).astimezone(UTC)
        uid = hashlib.sha256(f"{run.record_id}{run.until}".encode()).hexdigest()[:24]
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}@signoff", f"DTSTAMP:{utc}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + timedelta(minutes=15):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(f'signoff: continue run {run.record_id}')}",
            f"DESCRIPTION:{_ics_text(f'Run: signoff resume {run.record_id}')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
