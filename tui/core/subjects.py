"""Provides the subject's HR fields as the command line and batch files give them:
`NAME=VALUE` pairs checked against the goal's `subject_fields` in catalog.toml.

Which fields a goal keeps is data, so a typo (`employe_id`) is refused with the list of
names the goal knows instead of being stored under a name no list or export shows.
A field named `..._day` (`last_day`) must be a real date written YYYY-MM-DD: a record
cannot be corrected once sealed, and "2026-13-10" or "next Friday" in an offboarding
trail is worse than no date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

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
        out[name] = check_value(name, value.strip())
    return {k: out[k] for k in goal.subject_fields if out.get(k)}


def check_name(name: str, goal: Goal) -> None:
    """Refuse a field the goal does not keep, naming the ones it does."""
    if name not in goal.subject_fields:
        known = ", ".join(goal.subject_fields) or "none"
        raise FieldError(f'the goal "{goal.id}" keeps no field "{literal(name)}" '
                         f"(it keeps: {known})")


def check_value(name: str, value: str) -> str:
    """The value as given, or FieldError when a `..._day` field is not a real date
    written YYYY-MM-DD (an empty value is no value, and is left out by the callers)."""
    if value and name.endswith("_day"):
        try:
            if len(value) != 10:
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            raise FieldError(f'{name} "{literal(value)}" is not a date like 2026-12-31') \
                from None
    return value
