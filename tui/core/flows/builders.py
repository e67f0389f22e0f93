"""Provides the pieces a flow file is built from: its steps, sources, questions and
step uses, each checked as it is built, and the Pool of definitions gathered from every
file before references between files are resolved. The loader reads the files and
puts them together."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tui.core.flows.checker import Checker, show_path
from tui.core.flows.graph import graph_problems
from tui.core.flows.model import (
    CONFIDENCES,
    PHASES,
    Confidence,
    Flow,
    Goal,
    LocalText,
    Option,
    Platform,
    Problem,
    Question,
    Recheck,
    Source,
    Step,
    StepUse,
    Surface,
)
from tui.core.flows.toml_lines import KeyPath

BLANK = LocalText("-", "-")
STEP_REQUIRED = {"title", "why", "verify", "confidence", "sources"}
STEP_OPTIONAL = {"menu", "warning", "optional", "irreversible", "phase", "recheck"}
MAX_RECHECK_HOURS = 8760
"""A year: a reminder further off is a mistake, and far enough off it cannot be computed."""


@dataclass
class Parsed:
    path: Path
    data: dict[str, Any]
    checker: Checker
    folder: int


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
    check: Checker, table: dict[str, Any], path: KeyPath, step_id: str, optional: set[str]
) -> Step | None:
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
    sources = _sources(check, table, path)
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
                irreversible, recheck)


def _sources(check: Checker, table: dict[str, Any], path: KeyPath) -> list[Source]:
    sources: list[Source] = []
    for n, item in enumerate(check.array(table, "sources", path)):
        where = (*path, "sources", n)
        if not isinstance(item, dict):
            check.report(where, f"{show_path(where)} must be a table",
                         '{ url = "https://…", checked = 2026-11-22 }')
            continue
        check.keys(item, where, {"url", "checked"}, {"title"})
        url, checked = check.string(item, "url", where), check.date(item, "checked", where)
        if url and not re.match(r"^https?://\S+$", url):
            check.report(where, f'{show_path(where)} url "{url}" is not a web address',
                         "give the full https:// address of the page")
        elif url and checked:
            sources.append(Source(url, checked, check.string(item, "title", where) or ""))
    if "sources" in table and not any(s.url.startswith("https://") for s in sources):
        check.report((*path, "sources"), f"{show_path(path)} has no https source",
                     "cite at least one official https:// page the step comes from")
    return sources


def build_flow(parsed: Parsed, pool: Pool) -> Flow | None:
    check, data = parsed.checker, parsed.data
    before = len(check.problems)
    head = check.table(data, "flow", ()) or {}
    check.keys(head, ("flow",), {"id", "platform", "surface", "goal", "title", "summary"},
               {"start"})
    ids = {k: check.ident(head, k, ("flow",)) for k in ("id", "platform", "surface", "goal")}
    for key, known in (("platform", pool.platforms), ("surface", pool.surfaces),
                       ("goal", pool.goals)):
        if ids[key] and ids[key] not in known:
            check.report(("flow", key), f'unknown {key} "{ids[key]}"',
                         f"use one of: {', '.join(sorted(known)) or '(none defined)'}")
    title, summary = check.text(head, "title", ("flow",)), check.text(head, "summary", ("flow",))
    questions = _questions(check, data)
    uses, hashed = _step_uses(check, data, pool)
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
    return None if len(check.problems) > before else flow


def _questions(check: Checker, data: dict[str, Any]) -> dict[str, Question]:
    questions: dict[str, Question] = {}
    for qid, table in (check.table(data, "questions", ()) or {}).items():
        path: KeyPath = ("questions", qid)
        if not isinstance(table, dict):
            check.report(path, f"{show_path(path)} must be a table", f"write [questions.{qid}]")
            continue
        check.keys(table, path, {"text", "options"}, {"help"})
        text, help_text = check.text(table, "text", path), check.text(table, "help", path)
        options: list[Option] = []
        seen: set[str] = set()
        raw_options = check.array(table, "options", path)
        if "options" in table and len(raw_options) < 2:
            check.report((*path, "options"), f"{show_path(path)} needs at least two options",
                         "add options, or drop the question if there is no choice")
        for n, item in enumerate(raw_options):
            where = (*path, "options", n)
            if not isinstance(item, dict):
                check.report(where, f"{show_path(where)} must be a table",
                             '{ id = "…", label = { en = "…", zh = "…" } }')
                continue
            check.keys(item, where, {"id", "label"}, {"next"})
            oid, label = check.ident(item, "id", where), check.text(item, "label", where)
            if oid in seen:
                check.report(where, f'duplicate option id "{oid}" in {show_path(path)}',
                             "give each option its own id")
            nxt = check.ident(item, "next", where) if "next" in item else None
            if oid and label and oid not in seen:
                options.append(Option(oid, label, nxt))
            seen.add(oid or "")
        if text:
            questions[qid] = Question(qid, text, tuple(options), help_text)
    return questions


def _step_uses(
    check: Checker, data: dict[str, Any], pool: Pool
) -> tuple[list[StepUse], dict[str, Any]]:
    uses: list[StepUse] = []
    shared: dict[str, Any] = {}
    seen: set[str] = set()
    for n, table in enumerate(check.array(data, "steps", ())):
        path: KeyPath = ("steps", n)
        if not isinstance(table, dict):
            check.report(path, f"{show_path(path)} must be a table", "write it as [[steps]]")
            continue
        step: Step | None
        if "use" in table:
            check.keys(table, path, {"use"}, {"when"})
            ref = check.string(table, "use", path) or ""
            found = pool.steps.get(ref)
            if found is None:
                near = difflib.get_close_matches(ref, sorted(pool.steps), n=1)
                hint = (f'did you mean "{near[0]}"?' if near else
                        "use OWNER.STEP of a step defined under [steps.…] in a platform or "
                        "library file")
                check.report((*path, "use"), f'step reference "{ref}" does not exist', hint)
                continue
            step, shared[ref] = found
        else:
            local_id = check.ident(table, "id", path)
            step = build_step(check, table, path, local_id or "?", STEP_OPTIONAL | {"id", "when"})
            if local_id is None:
                continue
        if step is None:
            continue
        if step.id in seen:
            check.report(path, f'step "{step.id}" appears twice in this flow',
                         "list each step once; use `when` to place it under several answers")
            continue
        seen.add(step.id)
        uses.append(StepUse(step, _when(check, table, path)))
    if "steps" in data and not check.array(data, "steps", ()):
        check.report(("steps",), "the flow has no usable steps", "add at least one [[steps]]")
    return uses, shared


def _when(check: Checker, table: dict[str, Any], path: KeyPath) -> dict[str, frozenset[str]]:
    raw = check.table(table, "when", path) or {}
    when: dict[str, frozenset[str]] = {}
    for qid, value in raw.items():
        values: Iterable[Any] = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values) or not values:
            check.report((*path, "when", qid), f"{show_path((*path, 'when', qid))} must name "
                         "option ids", f'write {qid} = "yes" or {qid} = ["yes", "maybe"]')
            continue
        when[qid] = frozenset(values)
    return when
