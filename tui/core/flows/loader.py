"""Provides the flow loader: folders of TOML files in, a Library and its problems out.

Flows are data written by people who are not programmers, so the loader never stops
at the first fault: each file is read on its own, every problem is reported with its
line, a broken file is left out and the rest still loads. Later folders (the user's)
override earlier ones (the built-in library) by id.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.core.flows.builders import (
    STEP_OPTIONAL,
    Parsed,
    Pool,
    build_flow,
    build_step,
)
from tui.core.flows.checker import Checker, show_path
from tui.core.flows.files import flow_files, folder_error
from tui.core.flows.identity import MAX_PLATFORM_ID, flow_id_of, platform_of
from tui.core.flows.model import (
    Flow,
    Goal,
    Library,
    Platform,
    Problem,
    Surface,
)
from tui.core.flows.namespace import duplicate_bodies, named_two_ways
from tui.core.flows.provenance import read_deny_list
from tui.core.flows.toml_lines import KeyPath, LineMap
from tui.core.toml_text import TOO_DEEP, loads

SCHEMA_VERSION = 2
"""The schema this signoff writes (the migration tool moves files to it)."""
SCHEMA_VERSIONS = (1, 2)
"""The schemas this signoff reads: a schema-1 file keeps working."""
MAX_FILE_BYTES = 1_000_000
"""Flow files are short texts; anything bigger is a mistake, not a flow."""


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
        text = raw.decode("utf-8-sig")  # a byte-order mark is allowed, and not text
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, "", Problem(path, line, "is not valid UTF-8", "save the file as UTF-8")
    if not text.strip():
        return None, text, Problem(path, 1, "is empty", "write a flow in it or remove it")
    try:
        return loads(text), text, None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else 1
        reason = re.sub(r"\s*\(at line.*\)$", "", str(exc)) or "invalid TOML"
        if reason.startswith(TOO_DEEP):
            return None, text, Problem(path, line, reason, "flows nest a few levels at "
                                       "most: flatten the arrays and inline tables")
        return None, text, Problem(path, line, f"TOML syntax error: {reason}",
                                   "fix the syntax at that line (strings need quotes, "
                                   "tables [name], one key per line)")


def load_library(folders: Sequence[Path], extra_files: Sequence[Path] = ()) -> Library:
    """Load every *.toml under each folder in turn (later folders override earlier ones),
    then `extra_files` as if they were one more folder."""
    pool = Pool(deny=read_deny_list(folders))  # a folder it cannot read adds nothing
    parsed_files: list[Parsed] = []
    groups = [flow_files(f) for f in folders] + [list(extra_files)]
    for folder in folders:
        error = folder_error(folder)
        if error:
            pool.problems.append(Problem(folder, 1, f"cannot be read ({error})",
                                         "check the folder's permissions ('signoff paths' "
                                         "shows where it is)"))
    for index, group in enumerate(groups):
        for path in group:
            data, text, problem = read_toml(path)
            if problem or data is None:
                pool.problems.append(problem or Problem(path, 1, "cannot be read", "check it"))
                continue
            parsed = Parsed(path, data, Checker(path, LineMap(text)), index)
            parsed_files.append(parsed)
            _collect(parsed, pool)
    flows: dict[str, Flow] = {}
    for flow_id, parsed in pool.flows.items():
        flow = build_flow(parsed, pool)
        if flow is not None:
            flows[flow_id] = flow
    _check_unique_combinations(flows, pool)
    duplicate_bodies(parsed_files)
    named_two_ways(parsed_files)
    for parsed in parsed_files:
        pool.problems.extend(parsed.checker.problems)
    problems = sorted(set(pool.problems), key=lambda p: (str(p.file), p.line, p.message))
    return Library(pool.platforms, pool.surfaces, pool.goals, flows, tuple(problems))


def _collect(parsed: Parsed, pool: Pool) -> None:
    """Sort one file's definitions into the pool by kind."""
    data, check = parsed.data, parsed.checker
    schema = data.get("schema")
    # `true == 1` in Python, so bool is refused; 1.0 is 1 in JSON, and so in the schema
    # an editor checks with (flows/schema.json): the linter accepts what the schema does.
    if isinstance(schema, bool) or not isinstance(schema, int | float) \
            or schema not in SCHEMA_VERSIONS:
        check.report(("schema",), f"schema is {schema!r}, this signoff reads schema "
                     f"{' or '.join(map(str, SCHEMA_VERSIONS))}",
                     f"write schema = {SCHEMA_VERSION} on the first line")
        return
    parsed.schema = int(schema)
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
        flow_id = (check.ident(check.table(data, "flow", ()) or {}, "id", ("flow",))
                   if parsed.schema == 1 else flow_id_of(check, parsed.path))
        if flow_id and pool.claim("flow", flow_id, parsed, ("flow", "id")):
            pool.flows[flow_id] = parsed
    else:
        check.keys(data, (), {"schema", kind}, {"steps"})
        owner = check.table(data, kind, ()) or {}
        by_path = kind == "platform" and parsed.schema >= 2  # the folder names it
        required = {"id", "name"} if kind == "platform" else {"id"}
        check.keys(owner, (kind,), required - {"id"} if by_path else required,
                   {"order"} if kind == "platform" else set())
        owner_id = platform_of(check, parsed.path) if by_path else check.ident(owner, "id",
                                                                               (kind,))
        if kind == "platform" and owner_id and len(owner_id) > MAX_PLATFORM_ID:
            # A record id is STAMP-PLATFORM-SUFFIX in 60 characters after the stamp: a
            # longer platform would lint clean and then fail at the first save.
            check.report((kind, "id"), f'platform.id "{owner_id}" is {len(owner_id)} '
                         f"characters long, more than {MAX_PLATFORM_ID}",
                         f"use at most {MAX_PLATFORM_ID} characters (record ids hold it)")
            return
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
            step = build_step(check, table, ("steps", step_id), qualified, STEP_OPTIONAL,
                              pool.deny, owner_id)
            if step is not None:
                pool.steps[qualified] = (step, table)


def _collect_catalog(parsed: Parsed, pool: Pool) -> None:
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
            optional = ({"order", "irreversible", "confirm_word", "needs_subject",
                         "subject_fields"} if is_goal
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
            fields = _subject_fields(check, table, path)
            if name and description and pool.claim("goal", item_id, parsed, path):
                pool.goals[item_id] = Goal(item_id, name, description, order, irreversible, word,
                                           needs_subject, fields)


def _subject_fields(check: Checker, table: dict[str, Any], path: KeyPath) -> tuple[str, ...]:
    """The goal's `subject_fields`: field names (lower-case ids with underscores) that
    the record keeps beside the subject's name; a bad list is reported, never half-kept."""
    value = table.get("subject_fields", [])
    where = (*path, "subject_fields")
    if not isinstance(value, list) or not all(
            isinstance(v, str) and re.match(r"^[a-z][a-z0-9_]*$", v) for v in value):
        check.report(where, f"{show_path(where)} must be a list of field names",
                     'write subject_fields = ["employee_id", "department"]')
        return ()
    if len(set(value)) != len(value):
        check.report(where, f"{show_path(where)} names a field twice", "name each field once")
        return ()
    return tuple(value)


def _check_unique_combinations(flows: dict[str, Flow], pool: Pool) -> None:
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
