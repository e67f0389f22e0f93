"""Provides the flow model: frozen values that the loader builds and the engine walks.

Everything here is plain data so that both front ends, the record store and the tests
can share it without caring where it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

LANGS: tuple[str, ...] = ("en", "zh")
"""The languages every visible text must be written in."""

Confidence = Literal["high", "medium", "low"]
CONFIDENCES: tuple[Confidence, ...] = ("high", "medium", "low")

PHASES: tuple[str, ...] = ("prepare", "sign-out", "data", "verify", "follow-up")
"""The order a flow's steps are grouped in: end the session, deal with what is left on
the device, then check from the other side that it really ended."""


@dataclass(frozen=True)
class LocalText:
    """A text in every UI language; a flow is refused if any language is missing."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def as_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


SourceKind = Literal["official-help", "official-api", "vendor-staff", "third-party"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("official-help", "official-api", "vendor-staff",
                                        "third-party")
OFFICIAL_KINDS: frozenset[str] = frozenset({"official-help", "official-api"})
"""The kinds a `high` confidence may rest on: the vendor's own pages."""


@dataclass(frozen=True)
class Source:
    """Where a step's facts come from, what kind of page it is (so a reader can weigh
    it), and when someone last checked that page."""

    url: str
    checked: date
    title: str = ""
    kind: SourceKind = "third-party"
    excerpt: str = ""
    """The sentence on the page that supports the step, so a reviewer can find it."""
    http_reason: str = ""
    """Why an http:// address is cited (the page has no https version, ...)."""

    @property
    def official(self) -> bool:
        return self.kind in OFFICIAL_KINDS


@dataclass(frozen=True)
class Prerequisite:
    """A step that must be done (or skipped with a reason) before another, and how many
    hours must pass after it was done (0: none). `step` is the id records store."""

    step: str
    wait_hours: int = 0


@dataclass(frozen=True)
class Recheck:
    """A time window after which the person should look again (24 h handover, ...)."""

    hours: int
    text: LocalText


@dataclass(frozen=True)
class Step:
    """One thing to do. `id` is what records store, so it must never be reused for a
    different action."""

    id: str
    title: LocalText
    why: LocalText
    verify: LocalText
    confidence: Confidence
    sources: tuple[Source, ...]
    phase: str = "sign-out"
    menu: LocalText | None = None
    warning: LocalText | None = None
    optional: bool = False
    irreversible: bool = False
    recheck: Recheck | None = None
    after: tuple[Prerequisite, ...] = ()
    """Prerequisites as written on the step (resolved to step ids by the loader)."""
    no_backup_reason: str = ""
    """Why an irreversible step has no backup or prepare step before it."""
    reviewed: date | None = None
    """When someone last checked the whole step against its sources."""


@dataclass(frozen=True)
class StepUse:
    """A step as placed in one flow, with the answers it depends on.

    `when` maps a question id to the option ids under which the step applies; a step
    with no conditions always applies.
    """

    step: Step
    when: Mapping[str, frozenset[str]] = field(default_factory=dict)
    after: tuple[Prerequisite, ...] = ()
    """The step's prerequisites in this flow: its own and those the placement adds."""

    def applies(self, answers: Mapping[str, str]) -> bool:
        # A loop, not all() over a generator: the loader's checks ask this some 22,000
        # times for the shipped library (a tenth of its time without a cache), and the
        # checklist for every step on every tick. Most steps have no conditions.
        for question, allowed in self.when.items():  # noqa: SIM110 (see above)
            if answers.get(question) not in allowed:
                return False
        return True


@dataclass(frozen=True)
class Option:
    id: str
    label: LocalText
    next: str | None = None


@dataclass(frozen=True)
class Question:
    """A flow-specific question; each option may lead to another question."""

    id: str
    text: LocalText
    options: tuple[Option, ...]
    help: LocalText | None = None

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Platform:
    id: str
    name: LocalText
    order: int = 100


@dataclass(frozen=True)
class Surface:
    id: str
    name: LocalText
    order: int = 100


@dataclass(frozen=True)
class Goal:
    """A reason for signing out. What a goal needs before its run starts is data in
    catalog.toml, not ids in code: an irreversible goal needs a typed confirmation,
    and a goal done for someone else names them (the subject)."""

    id: str
    name: LocalText
    description: LocalText
    order: int = 100
    irreversible: bool = False
    confirm_word: str = ""
    needs_subject: bool = False
    """The record names the person the run is for (the departing employee)."""
    subject_fields: tuple[str, ...] = ()
    """The HR fields the record keeps about the subject (employee_id, department, ...),
    in the order lists and exports show them; asked by `--field` and batch columns."""


@dataclass(frozen=True)
class Flow:
    """The checklist for one platform, surface and goal, refined by its questions."""

    id: str
    platform: str
    surface: str
    goal: str
    title: LocalText
    summary: LocalText
    questions: Mapping[str, Question]
    steps: tuple[StepUse, ...]
    start: str | None
    source_file: Path
    content_hash: str

    def applicable_steps(self, answers: Mapping[str, str]) -> list[Step]:
        return [use.step for use in self.steps if use.applies(answers)]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a flow file, worded for the person who has to fix it."""

    file: Path
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message} — {self.fix}"


@dataclass(frozen=True)
class Library:
    """Everything that loaded, plus every problem found on the way."""

    platforms: Mapping[str, Platform]
    surfaces: Mapping[str, Surface]
    goals: Mapping[str, Goal]
    flows: Mapping[str, Flow]
    problems: tuple[Problem, ...] = ()

    def flow_for(self, platform: str, surface: str, goal: str) -> Flow | None:
        for flow in self.flows.values():
            if (flow.platform, flow.surface, flow.goal) == (platform, surface, goal):
                return flow
        return None

    def platform_ids(self) -> list[str]:
        used = {f.platform for f in self.flows.values()}
        return sorted(used, key=lambda p: (self.platforms[p].order, p))

    def surface_ids(self, platform: str) -> list[str]:
        used = {f.surface for f in self.flows.values() if f.platform == platform}
        return sorted(used, key=lambda s: (self.surfaces[s].order, s))

    def goal_ids(self, platform: str, surface: str) -> list[str]:
        used = {
            f.goal for f in self.flows.values() if (f.platform, f.surface) == (platform, surface)
        }
        return sorted(used, key=lambda g: (self.goals[g].order, g))
