"""Provides typed reads of one parsed TOML file that record a Problem for every fault.

The loader reads every value through a Checker, so a broken file yields all its
problems with their lines instead of stopping at the first, and the model it builds
holds only values of the right type.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tui.core.flows.model import LANGS, LocalText, Problem
from tui.core.flows.toml_lines import KeyPath, LineMap

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def show_path(path: KeyPath) -> str:
    """Write a key path the way a person finds it in the file: steps[2].title.zh."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out or "the file"


class Checker:
    """Reads values from one file, collecting problems instead of raising."""

    def __init__(self, file: Path, lines: LineMap) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def report(self, path: KeyPath, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, self.lines.line(path), message, fix))

    def keys(
        self, table: Mapping[str, Any], path: KeyPath, required: set[str], optional: set[str]
    ) -> None:
        """Report unknown keys (with a likely intended name) and missing required ones."""
        allowed = required | optional
        for key in table:
            if key not in allowed:
                near = difflib.get_close_matches(key, sorted(allowed), n=1)
                hint = (f'did you mean "{near[0]}"?' if near
                        else f"allowed: {', '.join(sorted(allowed))}")
                self.report((*path, key), f"unknown key {show_path((*path, key))}",
                            f"remove it or rename it; {hint}")
        for key in sorted(required - table.keys()):
            self.report(path, f"{show_path(path)} has no {key}",
                        f"add {key} = … to {show_path(path)}")

    def table(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> dict[str, Any] | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.report((*path, key), f"{show_path((*path, key))} must be a table",
                        f"write it as [{show_path((*path, key))}] or {{ … }}")
            return None
        return value

    def string(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> str | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.report((*path, key), f"{show_path((*path, key))} must be a non-empty string",
                        f'write {key} = "…"')
            return None
        return value

    def ident(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> str | None:
        value = self.string(parent, key, path)
        if value is not None and not ID_PATTERN.match(value):
            self.report((*path, key), f'{show_path((*path, key))} "{value}" is not a valid id',
                        "use lower-case letters, digits and hyphens, e.g. shared-computer")
            return None
        return value

    def boolean(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> bool:
        value = parent.get(key, False)
        if not isinstance(value, bool):
            self.report((*path, key), f"{show_path((*path, key))} must be true or false",
                        f"write {key} = true or {key} = false")
            return False
        return value

    def integer(self, parent: Mapping[str, Any], key: str, path: KeyPath, default: int,
                maximum: int | None = None) -> int:
        value = parent.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.report((*path, key), f"{show_path((*path, key))} must be a whole number ≥ 0",
                        f"write {key} = 1")
            return default
        if maximum is not None and value > maximum:
            self.report((*path, key), f"{show_path((*path, key))} is {value}, more than "
                        f"{maximum}", f"write {key} = {maximum} or less")
            return default
        return value

    def choice(
        self, parent: Mapping[str, Any], key: str, path: KeyPath, choices: tuple[str, ...]
    ) -> str | None:
        value = self.string(parent, key, path)
        if value is not None and value not in choices:
            self.report((*path, key), f'{show_path((*path, key))} "{value}" is not one of '
                        f"{', '.join(choices)}", f"use one of: {', '.join(choices)}")
            return None
        return value

    def date(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> date | None:
        value = parent.get(key)
        if isinstance(value, date) and not isinstance(value, datetime):  # as the schema
            return value
        self.report((*path, key), f"{show_path((*path, key))} must be a date",
                    f"write {key} = 2026-11-22 (a TOML date, no quotes)")
        return None

    def text(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> LocalText | None:
        """A text in every UI language: a missing translation is a problem, never a
        silent fallback to English."""
        value = parent.get(key)
        if value is None:
            return None
        where = (*path, key)
        if not isinstance(value, dict):
            self.report(where, f"{show_path(where)} must give the text per language",
                        f'write {key} = {{ en = "…", zh = "…" }}')
            return None
        ok = True
        for lang in LANGS:
            item = value.get(lang)
            if item is None:
                self.report(where, f"{show_path(where)} is missing its {lang} translation",
                            f'add {key}.{lang} = "…" (every text needs en and zh)')
                ok = False
            elif not isinstance(item, str) or not item.strip():
                self.report((*where, lang), f"{show_path((*where, lang))} must be a non-empty "
                            "string", f'write {lang} = "…"')
                ok = False
        for extra in sorted(value.keys() - set(LANGS)):
            self.report((*where, extra), f"unknown language {show_path((*where, extra))}",
                        f"use only {' and '.join(LANGS)}")
        return LocalText(en=value["en"], zh=value["zh"]) if ok else None

    def array(self, parent: Mapping[str, Any], key: str, path: KeyPath) -> list[Any]:
        value = parent.get(key, [])
        if not isinstance(value, list):
            self.report((*path, key), f"{show_path((*path, key))} must be a list",
                        f"write {key} = [ … ]")
            return []
        return value
