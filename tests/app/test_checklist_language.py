"""Switching the language on the checklist relabels everything in it, the phase
headings too: they stayed in the language the checklist was opened in."""

from __future__ import annotations

from rich.text import Text

from tests.helpers.app import AppFactory, open_screen, ready, to_checklist
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


async def test_the_saved_as_record_line_speaks_the_apps_language(make_app: AppFactory) -> None:
    """It was made once, in the record's language: a run begun in English and resumed in
    Chinese said "Saved as record ..." among Chinese lines, and a switch left it."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        record_id = screen.active_run.record.id
        assert screen.saved_text == t("checklist.ready", "en", id=record_id)
        await pilot.press("ctrl+l")
        await ready(pilot)
        assert screen.saved_text == t("checklist.ready", "zh", id=record_id)
        await pilot.press("ctrl+x")
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        resumed = await open_screen(pilot, "r", ChecklistScreen)
        assert resumed.active_run.record.lang == "en"
        assert resumed.saved_text == t("checklist.ready", "zh", id=record_id)


async def test_the_saved_line_of_a_tick_follows_a_language_switch(make_app: AppFactory) -> None:
    """"Saved: <step> - done" was made once: after ctrl+l it stayed English among
    Chinese lines until the next tick."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        step, _ = screen.active_run.items()[0]
        await pilot.press("space")
        await ready(pilot)
        assert screen.saved_text == t("checklist.saved", "en", title=step.title.get("en"),
                                      status=t("status.done", "en"))
        await pilot.press("ctrl+l")
        await ready(pilot)
        line = t("checklist.saved", "zh", title=step.title.get("zh"),
                 status=t("status.done", "zh"))
        assert screen.saved_text == line
        assert line in str(screen.query_one("#saved-line").render())
