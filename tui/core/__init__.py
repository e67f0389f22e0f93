"""Provides signoff's core: flows, the decision tree, records and exports.

Nothing under tui.core imports Textual or Rich, so the plain mode, the CLI and the
tests can use it without paying for a UI toolkit (a test enforces this).
"""

from tui.core.engine import Choice, EngineError, Prompt, Wizard
from tui.core.loader import load_library
from tui.core.model import Flow, Library, LocalText, Problem, Question, Source, Step

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
