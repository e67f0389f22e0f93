"""Provides StepView and RecordView: what a step and a record show, decided once.

Plain mode, the app's step pane and summary screen, `flows show` and the Markdown
export each lay these fields out their own way (a terminal line, a styled pane, a
table), but which fields there are, which text fills them and how text nobody in
signoff wrote is made safe is decided here, so the four cannot drift apart: a rule
such as "show the other language's menu only where it differs and can be drawn" or
"an irreversible step always carries a warning" lives in one place.

Every text here has been through `literal()`. Labels are not: the core knows no
language catalogue, so the front ends put their own words beside these fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.core.flows.model import Step
from tui.core.records.record import Record, Status, StepEntry
from tui.core.safe_text import literal


def other_lang(lang: str) -> str:
    """The second UI language a menu path is also given in."""
    return "en" if lang == "zh" else "zh"


@dataclass(frozen=True, slots=True)
class SourceView:
    url: str
    """On one line: a URL with a newline in it is not a link anyone should follow."""
    checked: str
    """The day it was last checked, as YYYY-MM-DD."""


@dataclass(frozen=True, slots=True)
class StepView:
    """A step's own text in one language: what to do, where, why, how to tell it worked."""

    id: str
    title: str
    optional: bool
    irreversible: bool
    warning: str
    """The flow's own warning, or "" (an irreversible step without one still needs
    the front end's generic warning: see `needs_warning`)."""
    menu: str
    menu_other: str
    """The menu path in the other UI language, or "" where it is the same or cannot
    be drawn on an ASCII-only terminal."""
    why: str
    verify: str
    confidence: str
    """The level's id (high, medium, low): the front end names it."""
    recheck_hours: int | None
    recheck: str
    sources: tuple[SourceView, ...]

    @property
    def needs_warning(self) -> bool:
        return bool(self.warning) or self.irreversible

    @classmethod
    def of(cls, step: Step, lang: str, *, ascii_only: bool = False) -> StepView:
        menu = other = ""
        if step.menu:
            menu = literal(step.menu.get(lang))
            raw_other = step.menu.get(other_lang(lang))
            if raw_other != step.menu.get(lang) and (not ascii_only or raw_other.isascii()):
                other = literal(raw_other)
        return cls(
            id=step.id,
            title=literal(step.title.get(lang)),
            optional=step.optional,
            irreversible=step.irreversible,
            warning=literal(step.warning.get(lang)) if step.warning else "",
            menu=menu,
            menu_other=other,
            why=literal(step.why.get(lang)),
            verify=literal(step.verify.get(lang)),
            confidence=step.confidence,
            recheck_hours=step.recheck.hours if step.recheck else None,
            recheck=literal(step.recheck.text.get(lang)) if step.recheck else "",
            sources=tuple(SourceView(literal(s.url, keep_newlines=False),
                                     s.checked.isoformat()) for s in step.sources),
        )


@dataclass(frozen=True, slots=True)
class StepLine:
    """One step as a record tells it: what was shown, what became of it."""

    n: int
    id: str
    title: str
    """The title in the reader's language when the flow is still known, else the
    title the record kept from when the step was shown."""
    status: Status
    at: datetime | None
    reason: str
    note: str
    mismatch: bool


@dataclass(frozen=True, slots=True)
class RecheckLine:
    title: str
    due: datetime
    text: str


@dataclass(frozen=True, slots=True)
class RecordView:
    """A record as the summary screen, plain mode's summary and the Markdown export
    show it. `steps` are the flow's steps by id (empty when the flow is gone), for
    titles in the reader's language and the re-check windows."""

    operator: str
    subject: str
    lines: tuple[StepLine, ...]
    rechecks: tuple[RecheckLine, ...]

    @classmethod
    def of(cls, record: Record, lang: str,
           steps: Mapping[str, Step] | None = None) -> RecordView:
        steps = steps or {}
        lines = tuple(
            StepLine(n, e.id, _title(e, steps, lang), e.status, e.at, literal(e.reason),
                     literal(e.note), e.mismatch)
            for n, e in enumerate(record.steps, start=1))
        rechecks = tuple(
            RecheckLine(literal(step.title.get(lang)),
                        e.at + timedelta(hours=step.recheck.hours),
                        literal(step.recheck.text.get(lang)))
            for e in record.steps
            if e.status == "done" and e.at is not None
            and (step := steps.get(e.id)) is not None and step.recheck is not None)
        return cls(literal(record.operator), literal(record.subject), lines, rechecks)

    def with_status(self, status: Status) -> list[StepLine]:
        return [line for line in self.lines if line.status == status]

    @property
    def applicable(self) -> list[StepLine]:
        return [line for line in self.lines if line.status != "not-applicable"]

    @property
    def noted(self) -> list[StepLine]:
        return [line for line in self.lines if line.note]

    @property
    def flagged(self) -> list[StepLine]:
        """Steps the person said did not match what their app showed."""
        return [line for line in self.lines if line.mismatch]


def _title(entry: StepEntry, steps: Mapping[str, Step], lang: str) -> str:
    step = steps.get(entry.id)
    return literal(step.title.get(lang) if step is not None else entry.title)
