"""Switching the language on the checklist relabels everything in it, the phase
headings too: they stayed in the language the checklist was opened in."""

from __future__ import annotations

from rich.text import Text

from tests.helpers.app import AppFactory, ready, to_checklist
from tui.app.screens.checklist import ChecklistScreen
from tui.app.widgets.step_list import StepList
from tui.i18n import t


def _headings(screen: ChecklistScreen) -> list[str]:
    steps = screen.query_one(StepList)
    out = []
    for n in range(steps.option_count):
        option = steps.get_option_at_index(n)
        if option.id is None:
            prompt = option.prompt
            out.append(prompt.plain if isinstance(prompt, Text) else str(prompt))
    return out


async def test_phase_headings_follow_a_language_switch(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        english = _headings(screen)
        assert english and all(h.isascii() for h in english)
        await pilot.press("ctrl+l")
        await ready(pilot)
        chinese = _headings(screen)
        assert len(chinese) == len(english)
        assert chinese != english
        assert chinese[0] == t(f"phase.{screen.active_run.items()[0][0].phase}", "zh")
