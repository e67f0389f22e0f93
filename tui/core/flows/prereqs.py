"""Provides prerequisites between steps: reading `after`, resolving it in a flow, and
the rules that keep an irreversible step from being reachable unprepared.

`after` names steps of the same flow or platform, each optionally with a waiting time:

    after = ["lock-lost-iphone", { step = "transfer-while-active", wait_hours = 24 }]

A bare name means a step written in the flow, or the platform's (or owning library's)
shared step of that name; `OWNER.ID` names a shared step exactly. The checklist refuses
to tick an irreversible step before its prerequisites (see tui.core.gates); the rules
here make sure every irreversible step has something to wait for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tui.core.flows.checker import Checker, show_path
from tui.core.flows.model import Prerequisite, StepUse
from tui.core.flows.toml_lines import KeyPath

MAX_WAIT_HOURS = 24 * 90
"""No vendor rule the flows cite asks for a longer wait; more is a typo."""


def read_after(check: Checker, table: dict[str, Any], path: KeyPath,
               owner: str | None = None) -> tuple[Prerequisite, ...]:
    """The prerequisites as written; a shared step's bare names are qualified with its
    owner so they mean the same step in every flow that uses it."""
    out: list[Prerequisite] = []
    for n, item in enumerate(check.array(table, "after", path)):
        where = (*path, "after", n)
        if isinstance(item, str):
            name, wait = item, 0
        elif isinstance(item, dict):
            check.keys(item, where, {"step"}, {"wait_hours"})
            name = check.string(item, "step", where) or ""
            wait = check.integer(item, "wait_hours", where, 0)
            if wait > MAX_WAIT_HOURS:
                check.report((*where, "wait_hours"), f"{show_path(where)} waits {wait} hours",
                             f"give a wait of at most {MAX_WAIT_HOURS} hours")
        else:
            check.report(where, f"{show_path(where)} must be a step id or a table",
                         'write "step-id" or { step = "step-id", wait_hours = 24 }')
            continue
        if not name:
            continue
        if owner and "." not in name:
            name = f"{owner}.{name}"
        out.append(Prerequisite(name, wait))
    return tuple(out)


def resolve(name: str, ids: Sequence[str], platform: str) -> str | None:
    """The flow's step id that `name` means, or None. Within a platform `ID` and
    `PLATFORM.ID` are one name (a flow may record a platform step either way)."""
    for candidate in (name, f"{platform}.{name}", name.removeprefix(f"{platform}.")):
        if candidate in ids:
            return candidate
    return None


def place(check: Checker, uses: list[StepUse], extra: Mapping[int, tuple[Prerequisite, ...]],
          paths: Mapping[int, KeyPath], platform: str) -> list[StepUse]:
    """Each use with its resolved prerequisites (the step's own, then the placement's).
    An unknown name, a step placed later than the one that waits for it, or a cycle is
    a problem: the checklist would otherwise wait for something that never comes."""
    ids = [use.step.id for use in uses]
    placed: list[StepUse] = []
    for n, use in enumerate(uses):
        resolved: dict[str, Prerequisite] = {}
        for pre in (*use.step.after, *extra.get(n, ())):
            target = resolve(pre.step, ids, platform)
            if target is None:
                check.report((*paths[n], "after"), f'step "{use.step.id}" comes after '
                             f'"{pre.step}", which is not a step of this flow',
                             f"use one of: {', '.join(i for i in ids if i != use.step.id)}")
                continue
            old = resolved.get(target)
            resolved[target] = Prerequisite(target, max(pre.wait_hours,
                                                         old.wait_hours if old else 0))
        placed.append(StepUse(use.step, use.when, tuple(resolved.values())))
    cycle = find_cycle(placed)
    if cycle:
        first = ids.index(cycle[0])
        check.report((*paths[first], "after"), "steps wait for each other in a cycle: "
                     f"{' → '.join(cycle)}", "remove one of these prerequisites")
        return placed
    for n, use in enumerate(placed):
        for pre in use.after:
            if ids.index(pre.step) >= n:
                check.report((*paths[n], "after"), f'step "{use.step.id}" comes after '
                             f'"{pre.step}", which is placed later in the flow',
                             f'move "{pre.step}" above "{use.step.id}"')
    return placed


def find_cycle(uses: Sequence[StepUse]) -> list[str] | None:
    """A chain of prerequisites that leads back to where it started, if any."""
    edges = {use.step.id: [p.step for p in use.after] for use in uses}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in edges.get(node, []):
            if state.get(nxt) == 1:
                return [*trail, node, nxt][[*trail, node].index(nxt):]
            if nxt not in state and (found := visit(nxt, [*trail, node])):
                return found
        state[node] = 2
        return None

    for node in edges:
        if node not in state and (found := visit(node, [])):
            return found
    return None


def unprepared(uses: Sequence[StepUse], answers: Mapping[str, str]) -> list[str]:
    """The irreversible steps that apply under `answers` with no backup or prepare step
    (phase "prepare") among their prerequisites that also applies, and no stated reason
    why none is possible."""
    preparing = {use.step.id for use in uses
                 if use.applies(answers) and use.step.phase == "prepare"}
    return [use.step.id for use in uses
            if use.applies(answers) and use.step.irreversible
            and not use.step.no_backup_reason
            and not any(p.step in preparing for p in use.after)]
