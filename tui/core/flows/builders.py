"""Provides the pieces a flow file is built from: its steps, sources, questions and
step uses, each checked as it is built, and the Pool of definitions gathered from every
file before references between files are resolved. The loader reads the files and
puts them together."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from tui.core.flows.checker import Checker, show_path
from tui.core.flows.graph import MAX_PATHS, answer_paths, graph_problems
from tui.core.flows.identity import flow_id_of, platform_of, surface_and_goal
from tui.core.flows.model import (
    CONFIDENCES,
    PHASES,
    Confidence,
    Flow,
    Goal,
    LocalText,
    Platform,
    Prerequisite,
    Problem,
    Question,
    Recheck,
    Step,
    StepUse,
    Surface,
)
from tui.core.flows.prereqs import place, read_after, unprepared
from tui.core.flows.provenance import check_confidence, read_sources
from tui.core.flows.questions import read_questions, read_when
from tui.core.flows.toml_lines import KeyPath

BLANK = LocalText("-", "-")
STEP_REQUIRED = {"title", "why", "verify", "confidence", "sources"}
STEP_OPTIONAL = {"menu", "warning", "optional", "irreversible", "phase", "recheck", "after",
                 "no_backup_reason", "reviewed"}
MAX_RECHECK_HOURS = 8760
"""A year: a reminder further off is a mistake, and far enough off it cannot be computed."""


@dataclass
class Parsed:
    path: Path
    data: dict[str, Any]
    checker: Checker
    folder: int
    schema: int = 1
    """The file's `schema`: 2 reads the flow's identity from the path and allows
    question-level `next`, `not` in `when` and steps named within the platform."""


@dataclass
class Pool:
    """Definitions gathered from every file before references are resolved."""

    surfaces: dict[str, Surface] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)
    platforms: dict[str, Platform] = field(default_factory=dict)
    steps: dict[str, tuple[Step, Any]] = field(default_factory=dict)
    flows: dict[str, Parsed] = field(default_factory=dict)
    seen: dict[tuple[str, str], tuple[int, Path]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    deny: frozenset[str] = frozenset()
    """Domains no source may cite (see provenance.DENY_FILE)."""

    def claim(self, kind: str, ident: str, parsed: Parsed, path: KeyPath) -> bool:
        """Register an id; a second definition in the same folder is a problem, one in
        a later folder overrides."""
        earlier = self.seen.get((kind, ident))
        if earlier and earlier[0] == parsed.folder:
            parsed.checker.report(path, f'duplicate {kind} id "{ident}" (also in {earlier[1]})',
                                  "give one of them another id")
            return False
        self.seen[(kind, ident)] = (parsed.folder, parsed.path)
        return True


def build_step(
    check: Checker, table: dict[str, Any], path: KeyPath, step_id: str, optional: set[str],
    deny: frozenset[str] = frozenset(), owner: str | None = None,
) -> Step | None:
    """One step, from a shared definition (`owner` is its platform or library) or
    written in place in a flow."""
    before = len(check.problems)
    check.keys(table, path, STEP_REQUIRED, optional)
    title = check.text(table, "title", path)
    why = check.text(table, "why", path)
    verify = check.text(table, "verify", path)
    menu = check.text(table, "menu", path)
    warning = check.text(table, "warning", path)
    confidence = check.choice(table, "confidence", path, CONFIDENCES)
    phase = check.choice(table, "phase", path, PHASES) if "phase" in table else "sign-out"
    irreversible = check.boolean(table, "irreversible", path)
    if irreversible and "warning" not in table:
        check.report(path, f"{show_path(path)} is irreversible but has no warning",
                     'add warning = { en = "…", zh = "…" } saying exactly what is lost')
    sources = read_sources(check, table, path, deny)
    check_confidence(check, path, confidence, sources)
    after = read_after(check, table, path, owner)
    no_backup = check.string(table, "no_backup_reason", path) or ""
    reviewed = check.date(table, "reviewed", path) if "reviewed" in table else None
    recheck = None
    if (rc := check.table(table, "recheck", path)) is not None:
        check.keys(rc, (*path, "recheck"), {"hours", "text"}, set())
        text = check.text(rc, "text", (*path, "recheck"))
        hours = check.integer(rc, "hours", (*path, "recheck"), 24, maximum=MAX_RECHECK_HOURS)
        recheck = Recheck(hours, text) if text else None
    if len(check.problems) > before or not (title and why and verify and confidence):
        return None
    return Step(step_id, title, why, verify, cast(Confidence, confidence), tuple(sources),
                phase or "sign-out", menu, warning, check.boolean(table, "optional", path),
                irreversible, recheck, after, no_backup, reviewed)


def _identity(parsed: Parsed, pool: Pool) -> dict[str, str | None]:
    """The flow's id, platform, surface and goal: written in [flow] (schema 1) or read
    from the path PLATFORM/SURFACE-GOAL.toml (schema 2)."""
    check, head = parsed.checker, parsed.data.get("flow") or {}
    if parsed.schema == 1:
        ids = {k: check.ident(head, k, ("flow",)) for k in ("id", "platform", "surface", "goal")}
    else:
        platform = platform_of(check, parsed.path)
        pair = surface_and_goal(check, parsed.path, pool.surfaces, pool.goals)
        ids = {"id": flow_id_of(check, parsed.path) if platform else None,
               "platform": platform, "surface": pair[0] if pair else None,
               "goal": pair[1] if pair else None}
    for key, known in (("platform", pool.platforms), ("surface", pool.surfaces),
                       ("goal", pool.goals)):
        if ids[key] and ids[key] not in known:
            check.report(("flow", key), f'unknown {key} "{ids[key]}"'
                         + ("" if parsed.schema == 1 else " (from the file's path)"),
                         f"use one of: {', '.join(sorted(known)) or '(none defined)'}")
    return ids


def build_flow(parsed: Parsed, pool: Pool) -> Flow | None:
    check, data = parsed.checker, parsed.data
    before = len(check.problems)
    head = check.table(data, "flow", ()) or {}
    named = {"id", "platform", "surface", "goal"} if parsed.schema == 1 else set()
    check.keys(head, ("flow",), named | {"title", "summary"}, {"start"})
    ids = _identity(parsed, pool)
    title, summary = check.text(head, "title", ("flow",)), check.text(head, "summary", ("flow",))
    questions = read_questions(check, data, parsed.schema)
    uses, hashed = _step_uses(parsed, pool, ids["platform"] or "", questions)
    start = check.ident(head, "start", ("flow",)) if "start" in head else None
    if len(check.problems) > before or not (title and summary):
        # Still report faults of the question tree, so one lint run shows everything.
        skeleton = Flow(ids["id"] or "?", "", "", "", title or BLANK, BLANK, questions, (),
                        start, parsed.path, "")
        check.problems.extend(graph_problems(skeleton, check.lines, questions_only=True))
        return None
    flow_id, platform, surface, goal = (ids["id"], ids["platform"], ids["surface"], ids["goal"])
    assert flow_id and platform and surface and goal
    canonical = json.dumps({"flow": data, "shared": hashed}, sort_keys=True, default=str,
                           ensure_ascii=False)
    flow = Flow(flow_id, platform, surface, goal, title, summary, questions, tuple(uses),
                start, parsed.path, hashlib.sha256(canonical.encode()).hexdigest())
    for problem in graph_problems(flow, check.lines):
        check.problems.append(problem)
    if len(check.problems) == before:
        _check_prepared(check, flow)
    return None if len(check.problems) > before else flow


def _check_prepared(check: Checker, flow: Flow) -> None:
    """Under every answer path, an irreversible step must have a prerequisite in phase
    "prepare" that also applies (a backup or prepare step before it), or say why none is
    possible."""
    reported: set[str] = set()
    for count, answers in enumerate(answer_paths(flow)):
        if count >= MAX_PATHS:
            return
        for step_id in unprepared(flow.steps, answers):
            if step_id in reported:
                continue
            reported.add(step_id)
            n = next(i for i, u in enumerate(flow.steps) if u.step.id == step_id)
            chosen = ", ".join(f"{q}={a}" for q, a in answers.items()) or "any answers"
            check.report(("steps", n), f'irreversible step "{step_id}" has no backup or '
                         f"prepare step before it (with {chosen})",
                         'add after = ["…"] naming a phase = "prepare" step that must come '
                         'first, or no_backup_reason = "…" saying why none is possible')


def _step_uses(
    parsed: Parsed, pool: Pool, platform: str, questions: dict[str, Question]
) -> tuple[list[StepUse], dict[str, Any]]:
    """The flow's steps in order. A step is recorded by the name the flow gives it: its
    own id, or the `use` reference as written. In schema 2 the platform's steps and the
    flow's share one namespace, so `use = "ID"` names the platform's step ID, and a step
    moved from a flow into platform.toml keeps the id old records hold."""
    check, data = parsed.checker, parsed.data
    uses: list[StepUse] = []
    extra: dict[int, tuple[Prerequisite, ...]] = {}
    paths: dict[int, KeyPath] = {}
    shared: dict[str, Any] = {}
    seen: set[str] = set()
    for n, table in enumerate(check.array(data, "steps", ())):
        path: KeyPath = ("steps", n)
        if not isinstance(table, dict):
            check.report(path, f"{show_path(path)} must be a table", "write it as [[steps]]")
            continue
        step: Step | None
        if "use" in table:
            check.keys(table, path, {"use"}, {"when", "after"})
            ref = check.string(table, "use", path) or ""
            key = f"{platform}.{ref}" if parsed.schema >= 2 and "." not in ref else ref
            found = pool.steps.get(key)
            if found is None:
                near = difflib.get_close_matches(key, sorted(pool.steps), n=1)
                hint = (f'did you mean "{near[0]}"?' if near else
                        "use OWNER.STEP of a step defined under [steps.…] in a platform or "
                        "library file" + (", or ID of this platform's" if parsed.schema >= 2
                                          else ""))
                check.report((*path, "use"), f'step reference "{ref}" does not exist', hint)
                continue
            step, shared[ref] = found
            step = replace(step, id=ref) if ref != key else step
        else:
            local_id = check.ident(table, "id", path)
            step = build_step(check, table, path, local_id or "?", STEP_OPTIONAL | {"id", "when"},
                              pool.deny)
            if local_id is None:
                continue
            if parsed.schema >= 2 and f"{platform}.{local_id}" in pool.steps:
                check.report((*path, "id"), f'step id "{local_id}" is already a step of '
                             f"platform {platform} (one namespace per platform)",
                             f'write use = "{local_id}" to place that step, or give this one '
                             "another id")
                continue
        if step is None:
            continue
        name = step.id.removeprefix(f"{platform}.")
        if name in seen:
            check.report(path, f'step "{step.id}" appears twice in this flow',
                         "list each step once; use `when` to place it under several answers")
            continue
        seen.add(name)
        if "use" in table:
            extra[len(uses)] = read_after(check, table, path)
        paths[len(uses)] = path
        uses.append(StepUse(step, read_when(check, table, path, questions, parsed.schema)))
    if "steps" in data and not check.array(data, "steps", ()):
        check.report(("steps",), "the flow has no usable steps", "add at least one [[steps]]")
    return place(check, uses, extra, paths, platform), shared
