"""Provides the checks that look across files: the same step written twice, and a
platform step named two ways.

A step body copied into several flows drifts: one copy gets the fix, the others keep
the mistake, and nobody sees it because each file is fine on its own. The linter
therefore flags a body that is written again (in the same folder), with the place of
the first copy, so it is written once in platform.toml and placed with `use`. The
flows keep their records: `use = "ID"` records the step by the id the flow had.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from tui.core.flows.builders import Parsed
from tui.core.flows.checker import show_path
from tui.core.flows.toml_lines import KeyPath

_PLACEMENT = ("id", "when", "after")
"""Where and when a step is placed, not what it tells the person: left out of a body."""


def _definitions(parsed: Parsed) -> Iterator[tuple[str, KeyPath, dict[str, Any]]]:
    """(step id, key path, body) of every step written in one file."""
    steps = parsed.data.get("steps")
    if isinstance(steps, dict):  # a platform or library file: [steps.ID]
        for step_id, table in steps.items():
            if isinstance(table, dict):
                yield step_id, ("steps", step_id), table
    elif isinstance(steps, list):  # a flow: [[steps]] with an id is written in place
        for n, table in enumerate(steps):
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                yield table["id"], ("steps", n), table


def duplicate_bodies(files: Sequence[Parsed]) -> int:
    """Report every step body written again after its first copy in the same folder;
    returns how many copies were reported."""
    first: dict[tuple[int, str], tuple[str, Parsed, KeyPath]] = {}
    count = 0
    # platform and library files first: their definition is the one to keep
    for parsed in sorted(files, key=lambda f: not isinstance(f.data.get("steps"), dict)):
        for step_id, path, table in _definitions(parsed):
            body = {k: v for k, v in table.items() if k not in _PLACEMENT}
            key = (parsed.folder, json.dumps(body, sort_keys=True, default=str,
                                             ensure_ascii=False))
            if key not in first:
                first[key] = (step_id, parsed, path)
                continue
            other_id, other, other_path = first[key]
            count += 1
            where = f"{other.path.name}:{other.checker.lines.line(other_path)}"
            parsed.checker.report(
                path, f'step "{step_id}" is written exactly like "{other_id}" in '
                f"{other.path.parent.name}/{where}",
                f"define it once in platform.toml as [steps.{other_id}] and place it with "
                f'use = "{other_id}" (schema 2; records keep the id)'
                if other_id == step_id else "write it once and place it with use")
    return count


def named_two_ways(files: Sequence[Parsed]) -> None:
    """A platform step placed as `ID` in one flow and `PLATFORM.ID` in another would be
    recorded under two names, and reports would count it twice."""
    seen: dict[tuple[int, str], tuple[str, Parsed]] = {}
    for parsed in files:
        if parsed.schema < 2 or not isinstance(parsed.data.get("flow"), dict):
            continue
        platform = parsed.path.parent.name
        steps = parsed.data.get("steps")
        for n, table in enumerate(steps if isinstance(steps, list) else []):
            ref = table.get("use") if isinstance(table, dict) else None
            if not isinstance(ref, str):
                continue
            full = ref if "." in ref else f"{platform}.{ref}"
            earlier = seen.setdefault((parsed.folder, full), (ref, parsed))
            if earlier[0] != ref:
                path: KeyPath = ("steps", n, "use")
                parsed.checker.report(path, f'{show_path(path)} "{ref}" names the step '
                                      f'{earlier[1].path.name} writes as "{earlier[0]}"',
                                      f'write use = "{earlier[0]}" here too, so records '
                                      "name the step one way")
