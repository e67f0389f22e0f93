"""Provides the move of a flow folder from schema 1 to schema 2.

    python -m tui.core.flows.migrate FOLDER [--dry-run]

Flow files are written by hand and their comments carry the research behind each step,
so the files are not parsed and written out again (a TOML writer drops comments and
reflows every table). The rewrite is by line, and touches only what schema 2 changed:
`schema = 1` becomes `schema = 2`, and a flow's `id`, `platform`, `surface` and `goal`
lines (a platform's `id` line) are removed once the file's path says the same. The
result is parsed again and must equal the old data minus exactly those keys; a file
where that does not hold (a header written as an inline table, a value spanning lines)
is left alone and named, so nobody loses a file to the tool.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.core.flows.files import flow_files
from tui.core.toml_text import loads

_SCHEMA = re.compile(r"^(schema\s*=\s*)1(?:\.0)?(\s*(?:#.*)?)$")
_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r'^(id|platform|surface|goal)\s*=\s*"([^"\\]*)"\s*(#.*)?$')


class MigrationError(ValueError):
    """A file the tool leaves alone, with the one sentence that says why."""


@dataclass(frozen=True)
class Result:
    path: Path
    changed: bool


def _expected_ids(path: Path, kind: str) -> dict[str, str]:
    """What the path says, i.e. what the lines removed from the header must say."""
    platform = path.parent.name
    if kind == "platform":
        return {"id": platform}
    return {"id": f"{platform}-{path.stem}", "platform": platform}


def migrate_text(path: Path, text: str) -> str | None:
    """The schema-2 text of one file, or None when it is already schema 2."""
    try:
        data = loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MigrationError(f"{path}: is not valid TOML ({exc}); fix it first") from None
    if data.get("schema") == 2:
        return None
    if data.get("schema") != 1 or isinstance(data.get("schema"), bool):
        raise MigrationError(f"{path}: schema is {data.get('schema')!r}, not 1")
    kind = next((k for k in ("flow", "platform") if isinstance(data.get(k), dict)), "")
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    table = ""
    removed: dict[str, str] = {}
    for line in lines:
        body = line.rstrip("\r\n")
        if _HEADER.match(body):
            table = body.strip().split("#", 1)[0].strip()
        if not table and (match := _SCHEMA.match(body)):
            out.append(f"{match.group(1)}2{match.group(2)}{line[len(body):]}")
            continue
        if kind and table == f"[{kind}]" and (match := _KEY.match(body)) \
                and (kind == "flow" or match.group(1) == "id"):
            removed[match.group(1)] = match.group(2)
            if match.group(3):  # keep the comment, lose the key
                out.append(match.group(3) + line[len(body):])
            continue
        out.append(line)
    _check_identity(path, kind, data, removed)
    new_text = "".join(out)
    expected = dict(data, schema=2)
    if kind:
        expected[kind] = {k: v for k, v in data[kind].items() if k not in removed}
    named = {"id", "platform", "surface", "goal"} if kind == "flow" else {"id"}
    try:
        same = (loads(new_text) == expected
                and not named & (expected[kind].keys() if kind else set()))
    except tomllib.TOMLDecodeError:
        same = False
    if not same:
        raise MigrationError(f"{path}: cannot be rewritten line by line (the schema line or "
                             "the header is not one key a line); edit it by hand")
    return new_text


def _check_identity(path: Path, kind: str, data: dict[str, Any], removed: dict[str, str]) -> None:
    """The header must say what the path says, or schema 2 would turn it into another
    flow (and records of the old id would no longer find it)."""
    if not kind:
        return
    wanted = _expected_ids(path, kind)
    for key, value in wanted.items():
        if removed.get(key, data[kind].get(key)) != value:
            raise MigrationError(f"{path}: [{kind}] says {key} = "
                                 f"{data[kind].get(key)!r} but its path says {value!r}; "
                                 "rename or move the file to PLATFORM/SURFACE-GOAL.toml first")
    if kind == "flow":
        combined = f"{data['flow'].get('surface')}-{data['flow'].get('goal')}"
        if combined != path.stem:
            raise MigrationError(f"{path}: [flow] says surface and goal {combined!r} but the "
                                 f"file is named {path.name!r}; rename it to {combined}.toml "
                                 "first")


def migrate_folder(folder: Path, dry_run: bool = False) -> tuple[list[Result], list[str]]:
    """Migrate every flow file under `folder`; returns what was done and what was not."""
    results: list[Result] = []
    errors: list[str] = []
    for path in flow_files(folder):
        try:
            text = path.read_text(encoding="utf-8")
            new_text = migrate_text(path, text)
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})")
            continue
        except MigrationError as exc:
            errors.append(str(exc))
            continue
        if new_text is not None and not dry_run:
            try:
                _write(path, new_text)
            except OSError as exc:
                errors.append(f"{path}: cannot be written ({exc.strerror or exc})")
                continue
        results.append(Result(path, new_text is not None))
    return results, errors


def _write(path: Path, text: str) -> None:
    """Replace the file at once, so an interrupted run leaves the old file or the new."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.core.flows.migrate",
                                     description="Move a flow folder to schema 2.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="say what would change")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder} is not a folder of flow files.", file=sys.stderr)
        return 2
    results, errors = migrate_folder(args.folder, args.dry_run)
    for message in errors:
        print(message, file=sys.stderr)
    changed = [r for r in results if r.changed]
    for result in changed:
        print(f"{'would migrate' if args.dry_run else 'migrated'} {result.path}")
    print(f"{len(changed)} file(s) {'to migrate' if args.dry_run else 'migrated'} to schema 2, "
          f"{len(results) - len(changed)} already at schema 2, {len(errors)} left alone")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
