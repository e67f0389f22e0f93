"""Provides signoff's core: flows, the decision tree, records and exports.

Nothing under tui.core imports Textual or Rich, so the plain mode, the CLI and the
tests can use it without paying for a UI toolkit (a test enforces this).

The names below are resolved on first use (PEP 562), not at import: importing any
`tui.core.x` runs this file first, and loading the loader and the engine here made
`history` and `--version`-sized commands pay for TOML parsing they never do.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.core.engine import Choice, EngineError, Prompt, Wizard
    from tui.core.loader import load_library
    from tui.core.model import Flow, Library, LocalText, Problem, Question, Source, Step

_HOMES = {
    "Choice": "engine", "EngineError": "engine", "Prompt": "engine", "Wizard": "engine",
    "load_library": "loader",
    "Flow": "model", "Library": "model", "LocalText": "model", "Problem": "model",
    "Question": "model", "Source": "model", "Step": "model",
}

__all__ = [
    "Choice",
    "EngineError",
    "Flow",
    "Library",
    "LocalText",
    "Problem",
    "Prompt",
    "Question",
    "Source",
    "Step",
    "Wizard",
    "load_library",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'tui.core' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui.core.{home}"), name)
