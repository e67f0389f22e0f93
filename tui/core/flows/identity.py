"""Provides what schema 2 reads from where a file lives instead of from inside it.

In schema 1 a flow said its id, platform, surface and goal in its `[flow]` table, and
its path said the same again; the two could disagree and nobody noticed. In schema 2
the path is the only place: `PLATFORM/SURFACE-GOAL.toml` (and `PLATFORM/platform.toml`
for the platform). A file can only be in one place, so it can only mean one flow.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from tui.core.flows.checker import ID_PATTERN, Checker

MAX_PLATFORM_ID = 55
"""Record ids allow 60 characters after the stamp: the platform, a hyphen, 4 hex digits."""


def platform_of(check: Checker, path: Path) -> str | None:
    """The platform a schema-2 file belongs to: the name of its folder."""
    name = path.parent.name
    if not ID_PATTERN.match(name):
        check.report((), f'the folder name "{name}" is not a valid platform id',
                     "put the file in a folder named after its platform, in lower-case "
                     "letters, digits and hyphens (e.g. flows/whatsapp/)")
        return None
    if len(name) > MAX_PLATFORM_ID:
        check.report((), f'platform "{name}" (the folder name) is {len(name)} characters '
                     f"long, more than {MAX_PLATFORM_ID}",
                     f"use at most {MAX_PLATFORM_ID} characters (record ids hold it)")
        return None
    return name


def flow_id_of(check: Checker, path: Path) -> str | None:
    """A schema-2 flow's id, PLATFORM-SURFACE-GOAL, which is what records store: the
    same id schema 1 wrote inside the file, so records match after a migration."""
    platform = platform_of(check, path)
    if platform is None:
        return None
    if not ID_PATTERN.match(path.stem) or "-" not in path.stem:
        check.report((), f'the file name "{path.name}" is not SURFACE-GOAL.toml',
                     "name the file after its surface and goal, e.g. web-shared-computer.toml")
        return None
    return f"{platform}-{path.stem}"


def surface_and_goal(check: Checker, path: Path, surfaces: Collection[str],
                     goals: Collection[str]) -> tuple[str, str] | None:
    """Split the file name into a surface and a goal of the catalogue. Ids may hold
    hyphens themselves, so every split point is tried; exactly one must fit."""
    stem = path.stem
    splits = [(stem[:n], stem[n + 1:]) for n, char in enumerate(stem)
              if char == "-" and stem[:n] in surfaces and stem[n + 1:] in goals]
    if len(splits) == 1:
        return splits[0]
    if not splits:
        check.report((), f'the file name "{path.name}" does not name a surface and a goal of '
                     "the catalogue",
                     f"name it SURFACE-GOAL.toml with a surface ({', '.join(sorted(surfaces))})"
                     f" and a goal ({', '.join(sorted(goals))})")
    else:
        check.report((), f'the file name "{path.name}" can be read as several surface and goal '
                     f"pairs ({', '.join(f'{s} + {g}' for s, g in splits)})",
                     "rename a surface or a goal in catalog.toml so the name reads one way")
    return None
