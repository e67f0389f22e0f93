"""Provides RunPlan: what must be asked before a run starts, decided once from the
catalogue, so both front ends ask the same things.

The plain mode asks for the confirmation word as soon as the goal is chosen and the app
once every question is answered; when they ask is theirs to choose, what they ask is
decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.flows.model import Flow, Goal, Library


@dataclass(frozen=True)
class RunPlan:
    goal: Goal
    confirm_word: str
    """The word to type before an irreversible goal; "" when none is needed."""
    needs_subject: bool
    """Ask whom the run is for (the departing employee); the record keeps the name."""
    needs_operator: bool
    """Ask who is doing the run: nobody is named yet (by --operator or config.toml) and
    it is a practice run (the class list) or an offboarding, whose record must name the
    admin who did it, not only a login name."""

    @classmethod
    def for_goal(cls, goal: Goal, *, mode: str, operator: str,
                 in_class: bool = False) -> RunPlan:
        """`operator`: the person named so far (--operator, else config.toml's
        [operator] name), "" when nobody is. `in_class`: a class session, where every
        record must name its trainee whatever the mode."""
        return cls(goal, goal.confirm_word if goal.irreversible else "", goal.needs_subject,
                   not operator and (mode == "practice" or goal.needs_subject or in_class))

    @classmethod
    def for_flow(cls, library: Library, flow: Flow, *, mode: str, operator: str,
                 in_class: bool = False) -> RunPlan:
        return cls.for_goal(library.goals[flow.goal], mode=mode, operator=operator,
                            in_class=in_class)
