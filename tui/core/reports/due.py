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

from tui.core.safe_text import literal

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
        # A finished sign-out also went through the account's devices and sessions, so
        # the next routine review is counted from it too: right after finishing a run,
        # a review of the same platform is not already due.
        since = max((d for d in (last, signouts.get(platform)) if d is not None), default=None)
        due = (since.date() + timedelta(days=days)) if since else today
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
    who: str = ""
    """Whom the run is for (NAME (EMPLOYEE_ID)): with twenty leavers waiting, a reminder
    that names only a record id does not say whom to go back to."""


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
    @property
    def who(self) -> str: ...


def waiting_runs(records: Iterable[OpenRun], now: datetime) -> list[Waiting]:
    """Open runs that wait for time, soonest first (Run.save keeps `waiting_until`)."""
    found = [Waiting(r.id, r.flow_id, r.platform, r.waiting_until, r.waiting_until <= now,
                     r.who)
             for r in records if r.outcome == "in-progress" and r.waiting_until is not None]
    return sorted(found, key=lambda w: (w.until, w.record_id))


def review_uid(platform: str) -> str:
    """One UID per platform for good: a calendar that imports the file again replaces
    the reminder instead of adding another (the UID used to change with each review)."""
    import hashlib  # only calendar files need it; OpenSSL is slow to load

    return hashlib.sha256(f"signoff-review:{platform}".encode()).hexdigest()[:24] + "@signoff"


def to_ics(items: Iterable[Due], stamp: datetime,
           texts: Mapping[str, tuple[str, str]] | None = None,
           waiting: Iterable[Waiting] = ()) -> bytes | None:
    """An iCalendar file (RFC 5545, written by the icalendar package: lines folded at 75
    octets, text escaped) with one all-day event per platform on its due date (today
    for an overdue one: a reminder in the past is never seen), and a 15-minute event for
    each run that waits, at the time it can go on (now, if that has passed); None when
    there is no reminder to write, since an empty calendar is no use to import.

    `texts` gives each platform's (summary, description) in the person's language;
    without it, English with the platform id."""
    from icalendar import Calendar, Event

    events = []
    for run in waiting:
        start = max(run.until, stamp).astimezone(UTC)
        event = Event()
        event.add("uid", f"signoff-wait-{literal(run.record_id, keep_newlines=False)}@signoff")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=15))
        what = f"{run.who}: run {run.record_id}" if run.who else f"run {run.record_id}"
        event.add("summary", literal(f"signoff: continue {what}", keep_newlines=False))
        event.add("description", literal(f"Run: signoff resume {run.record_id}",
                                         keep_newlines=False))
        events.append(event)
    for item in items:
        day = max(item.due, stamp.date())
        summary, description = (texts or {}).get(item.platform, (
            f"signoff: routine review of {item.platform}",
            f"Run: signoff (goal: routine review) for {item.platform}"))
        event = Event()
        event.add("uid", review_uid(literal(item.platform, keep_newlines=False)))
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", literal(summary, keep_newlines=False))
        event.add("description", literal(description, keep_newlines=False))
        events.append(event)
    if not events:
        return None
    calendar = Calendar()
    calendar.add("prodid", "-//signoff//review reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())
