"""Provides `signoff handout PLATFORM SURFACE GOAL`: a flow's checklist to print and
hand out, in HTML (print CSS: A4, a page per phase) or Markdown.

The flow's own questions are answered with `--answers key=value` (the same ids the
wizard records); one left unanswered is an error naming its choices, never a guess,
since a guess prints steps that do not apply to the room's devices.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tui.i18n import t, words_for


class HandoutError(Exception):
    """Bad input: one sentence, exit 2."""


def parse_answers(pairs: Sequence[str]) -> dict[str, str]:
    answers = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key or not value:
            raise HandoutError(f"--answers takes key=value, not {pair!r}")
        answers[key.strip()] = value.strip()
    return answers


def handout(flow_dirs: Sequence[Path], path: Sequence[str], answers: dict[str, str],
            lang: str, fmt: str, today: date) -> str:
    """The handout's text for the flow at `path` (platform, surface, goal)."""
    from tui.core.engine import EngineError, Wizard
    from tui.core.flows.cache import load_library_cached
    from tui.core.reports.handout import handout_html, handout_markdown, handout_of
    from tui.paths import cache_dir

    library = load_library_cached(list(flow_dirs), cache_dir())
    try:
        wizard = Wizard(library, list(path))
        while (prompt := wizard.current()) is not None:
            short = prompt.key.rpartition(":")[2]  # "flow-id:phone" is asked as "phone"
            value = answers.get(prompt.key) or answers.get(short)
            if value is None:
                question = prompt.text.get(lang) if prompt.text else prompt.key
                raise HandoutError(t("ho.needs_answer", lang, question=question, qid=short,
                                     options=", ".join(c.id for c in prompt.choices)))
            wizard.answer(value)
    except EngineError as exc:
        raise HandoutError(str(exc)) from None
    flow = wizard.flow
    assert flow is not None
    words = words_for(("field.", "phase.", "ho."), lang)
    made = handout_of(flow, wizard.answers, lang, today, words)
    return handout_html(made, words) if fmt == "html" else handout_markdown(made, words)
