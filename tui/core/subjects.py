"""Provides the subject's HR fields as the command line and batch files give them:
`NAME=VALUE` pairs checked against the goal's `subject_fields` in catalog.toml.

Which fields a goal keeps is data, so a typo (`employe_id`) is refused with the list of
names the goal knows instead of being stored under a name no list or export shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui.core.flows.model import Goal
from tui.core.safe_text import literal


class FieldError(ValueError):
    """A field the goal does not keep, or one not written NAME=VALUE: one sentence."""


def parse_fields(pairs: Iterable[str], goal: Goal) -> dict[str, str]:
    """`["employee_id=E042", ...]` as a dict in the goal's field order, or FieldError."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise FieldError(f'--field "{literal(pair)}" is not written NAME=VALUE')
        check_name(name, goal)
        out[name] = value.strip()
    return {k: out[k] for k in goal.subject_fields if out.get(k)}


def check_name(name: str, goal: Goal) -> None:
    """Refuse a field the goal does not keep, naming the ones it does."""
    if name not in goal.subject_fields:
        known = ", ".join(goal.subject_fields) or "none"
        raise FieldError(f'the goal "{goal.id}" keeps no field "{literal(name)}" '
                         f"(it keeps: {known})")
