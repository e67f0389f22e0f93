"""Provides the flow loader: folders of TOML files in, a Library and its problems out.

Flows are data written by people who are not programmers, so the loader never stops
at the first fault: each file is read on its own, every problem is reported with its
line, a broken file is left out and the rest still loads. Later folders (the user's)
override earlier ones (the built-in library) by id.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tui.core.flows.checker import Checker, show_path
from tui.core.flows.files import flow_files
from tui.core.flows.graph import graph_problems
from tui.core.flows.model import (
    CONFIDENCES,
    PHASES,
    Confidence,
    Flow,
    Goal,
    Library,
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
from tui.core.flows.toml_lines import KeyPath, LineMap

SCHEMA_VERSION = 1
MAX_FILE_BYTES = 1_000_000
"""Flow files are short texts; anything bigger is a mistake, not a flow."""

_BLANK = LocalText("-", "-")
_STEP_REQUIRED = {"title", "why", "verify", "confidence", "sources"}
_STEP_OPTIONAL = {"menu", "warning", "optional", "irreversible", "phase", "recheck"}


@dataclass
class _Parsed:
    path: Path
    data: dict[str, Any]
    checker: Checker
    folder: int


@dataclass
class _Pool:
    """Definitions gathered from every file before references are resolved."""

    surfaces: dict[str, Surface] = field(default_factory=dict)
    goals: dict[str, Goal] = field(default_factory=dict)
    platforms: dict[str, Platform] = field(default_factory=dict)
    steps: dict[str, tuple[Step, Any]] = field(default_factory=dict)
    flows: dict[str, _Parsed] = field(default_factory=dict)
    seen: dict[tuple[str, str], tuple[int, Path]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def claim(self, kind: str, ident: str, parsed: _Parsed, path: KeyPath) -> bool:
        """Register an id; a second definition in the same folder is a problem, one in
        a later folder overrides."""
        earlier = self.seen.get((kind, ident))
        if earlier and earlier[0] == parsed.folder:
            parsed.checker.report(path, f'duplicate {kind} id "{ident}" (also in {earlier[1]})',
                                  "give one of them another id")
            return False
        self.seen[(kind, ident)] = (parsed.folder, parsed.path)
        return True


def read_toml(path: Path) -> tuple[dict[str, Any] | None, str, Problem | None]:
    """Read one file as TOML, or say in one problem why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, "", Problem(path, 1, f"cannot be read ({exc.strerror})", "check the file")
    if len(raw) > MAX_FILE_BYTES:
        return None, "", Problem(path, 1, f"is {len(raw):,} bytes, too large for a flow file",
                                 f"keep flow files under {MAX_FILE_BYTES:,} bytes")
    if b"\x00" in raw:
        return None, "", Problem(path, 1, "is a binary file, not TOML", "remove it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, "", Problem(path, line, "is not valid UTF-8", "save the file as UTF-8")
    if not text.strip():
        return None, text, Problem(path, 1, "is empty", "write a flow in it or remove it")
    try:
        return tomllib.loads(text), text, None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else 1
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc)) or "invalid TOML"
        return None, text, Problem(path, line, f"TOML syntax error: {reason}",
                                   "fix the syntax at that line (strings need quotes, "
                                   "tables [name], one key per line)")


def load_library(folders: Sequence[Path], extra_files: Sequence[Path] = ()) -> Library:
    """Load every *.toml under each folder in turn (later folders override earlier ones),
    then `extra_files` as if they were one more folder."""
    pool = _Pool()
    parsed_files: list[_Parsed] = []
    groups = [flow_files(f) if f.is_dir() else [] for f in folders] + [list(extra_files)]
    for index, group in enumerate(groups):
        for path in group:
            data, text, problem = read_toml(path)
            if problem or data is None:
                pool.problems.append(problem or Problem(path, 1, "cannot be read", "check it"))
                continue
            parsed = _Parsed(path, data, Checker(path, LineMap(text)), index)
            parsed_files.append(parsed)
            _collect(parsed, pool)
    flows: dict[str, Flow] = {}
    for flow_id, parsed in pool.flows.items():
        flow = _build_flow(parsed, pool)
        if flow is not None:
            flows[flow_id] = flow
    _check_unique_combinations(flows, pool)
    for parsed in parsed_files:
        pool.problems.extend(parsed.checker.problems)
    problems = sorted(set(pool.problems), key=lambda p: (str(p.file), p.line, p.message))
    return Library(pool.platforms, pool.surfaces, pool.goals, flows, tuple(problems))


def _collect(parsed: _Parsed, pool: _Pool) -> None:
    """Sort one file's definitions into the pool by kind."""
    data, check = parsed.data, parsed.checker
    schema = data.get("schema")
    if type(schema) is not int or schema != SCHEMA_VERSION:  # `true == 1` in Python
        check.report(("schema",), f"schema is {schema!r}, this signoff reads schema "
                     f"{SCHEMA_VERSION}", f"write schema = {SCHEMA_VERSION} on the first line")
        return
    kinds: list[str] = [k for k in ("flow", "platform", "library") if k in data]
    if "surfaces" in data or "goals" in data:
        kinds.append("catalog")
    if len(kinds) != 1:
        check.report((), "a flow file must hold exactly one of [flow], [platform], "
                     "[library], or [surfaces]/[goals]",
                     "split it into one file per kind" if kinds else "add a [flow] table")
        return
    kind = kinds[0]
    if kind == "catalog":
        check.keys(data, (), set(), {"schema", "surfaces", "goals"})
        _collect_catalog(parsed, pool)
    elif kind == "flow":
        check.keys(data, (), {"schema", "flow", "steps"}, {"questions"})
        flow_id = check.ident(check.table(data, "flow", ()) or {}, "id", ("flow",))
        if flow_id and pool.claim("flow", flow_id, parsed, ("flow", "id")):
            pool.flows[flow_id] = parsed
    else:
        check.keys(data, (), {"schema", kind}, {"steps"})
        owner = check.table(data, kind, ()) or {}
        check.keys(owner, (kind,), {"id", "name"} if kind == "platform" else {"id"},
                   {"order"} if kind == "platform" else set())
        owner_id = check.ident(owner, "id", (kind,))
        if owner_id is None or not pool.claim(kind, owner_id, parsed, (kind, "id")):
            return
        if kind == "platform":
            name = check.text(owner, "name", (kind,))
            if name:
                pool.platforms[owner_id] = Platform(owner_id, name,
                                                    check.integer(owner, "order", (kind,), 100))
        for step_id, table in (check.table(data, "steps", ()) or {}).items():
            qualified = f"{owner_id}.{step_id}"
            if not isinstance(table, dict):
                check.report(("steps", step_id), f"steps.{step_id} must be a table",
                             f"write it as [steps.{step_id}]")
                continue
            step = _build_step(check, table, ("steps", step_id), qualified, _STEP_OPTIONAL)
            if step is not None:
                pool.steps[qualified] = (step, table)


def _collect_catalog(parsed: _Parsed, pool: _Pool) -> None:
    check = parsed.checker
    for key, is_goal in (("surfaces", False), ("goals", True)):
        for item_id, table in (check.table(parsed.data, key, ()) or {}).items():
            path: KeyPath = (key, item_id)
            if not isinstance(table, dict):
                check.report(path, f"{show_path(path)} must be a table",
                             f"write it as [{show_path(path)}]")
                continue
            if not re.match(r"^[a-z0-9][a-z0-9-]*$", item_id):
                check.report(path, f'"{item_id}" is not a valid id',
                             "use lower-case letters, digits and hyphens")
                continue
            optional = ({"order", "irreversible", "confirm_word", "needs_subject"} if is_goal
                        else {"order"})
            check.keys(table, path, {"name", "description"} if is_goal else {"name"}, optional)
            name = check.text(table, "name", path)
            order = check.integer(table, "order", path, 100)
            if not is_goal:
                if name and pool.claim("surface", item_id, parsed, path):
                    pool.surfaces[item_id] = Surface(item_id, name, order)
                continue
            description = check.text(table, "description", path)
            irreversible = check.boolean(table, "irreversible", path)
            word = check.string(table, "confirm_word", path) or ""
            if irreversible and not word:
                check.report(path, f"irreversible goal {item_id} has no confirm_word",
                             'add confirm_word = "DELETE" (the word a person must type)')
            needs_subject = check.boolean(table, "needs_subject", path)
            if name and description and pool.claim("goal", item_id, parsed, path):
                pool.goals[item_id] = Goal(item_id, name, description, order, irreversible, word,
                                           needs_subject)


def _build_step(
    check: Checker, table: dict[str, Any], path: KeyPath, step_id: str, optional: set[str]
) -> Step | None:
    before = len(check.problems)
    check.keys(table, path, _STEP_REQUIRED, optional)
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
        hours = check.integer(rc, "hours", (*path, "recheck"), 24)
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


def _build_flow(parsed: _Parsed, pool: _Pool) -> Flow | None:
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
        skeleton = Flow(ids["id"] or "?", "", "", "", title or _BLANK, _BLANK, questions, (),
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
    check: Checker, data: dict[str, Any], pool: _Pool
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
            step = _build_step(check, table, path, local_id or "?", _STEP_OPTIONAL | {"id", "when"})
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


def _check_unique_combinations(flows: dict[str, Flow], pool: _Pool) -> None:
    """One flow per platform, surface and goal: a user's flow replaces the built-in one
    for the same combination, two in the same folder are a problem."""
    by_combo: dict[tuple[str, str, str], Flow] = {}
    folder_of = {flow_id: pool.flows[flow_id].folder for flow_id in flows}
    for flow in sorted(flows.values(), key=lambda f: (folder_of[f.id], str(f.source_file))):
        combo = (flow.platform, flow.surface, flow.goal)
        other = by_combo.get(combo)
        if other is not None and folder_of[other.id] == folder_of[flow.id]:
            pool.problems.append(Problem(flow.source_file, 1,
                                         f"flows {other.id} and {flow.id} both cover "
                                         f"{' '.join(combo)}",
                                         "merge them into one flow, using questions to branch"))
            del flows[flow.id]
            continue
        if other is not None:
            del flows[other.id]
        by_combo[combo] = flow
