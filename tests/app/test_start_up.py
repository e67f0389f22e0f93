"""The start screen's first frame: the footer's keys and the interrupted runs are in
it, not one or two frames later (see tui.runtime.head_start and QuietFooter); and
nothing is drawn twice on the way to the first question."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label, OptionList, Static
from textual.widgets._footer import FooterKey

from tests.helpers.app import AppFactory, open_screen, ready
from tui.app.host import SignoffHost
from tui.app.screens.checklist import ChecklistScreen
from tui.app.screens.question import QuestionScreen, prompt_text
from tui.app.screens.start import StartScreen
from tui.app.signoff_app import SignoffApp
from tui.app.start_view import StartView, read_start
from tui.app.widgets.quiet_footer import QuietFooter
from tui.core.records.overview import Overview
from tui.core.records.store import RecordStore


async def leave_an_interrupted_run(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1")
        await ready(pilot)
        await pilot.press("space")
        await ready(pilot)


def app_with_early_scan(make_app: AppFactory, early: Future[StartView]) -> SignoffApp:
    app = make_app()
    assert app.early_start is not None, "the app did not begin reading the runs"
    app.early_start.result(timeout=10)  # its own scan, replaced by the test's
    app.early_start = early
    return app


def rows(app: SignoffHost) -> list[str]:
    runs = app.screen.query_one("#runs", OptionList)
    return [str(runs.get_option_at_index(i).prompt) for i in range(runs.option_count)]


async def test_runs_read_while_the_app_set_up_are_in_the_first_frame(
        make_app: AppFactory, records_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    await leave_an_interrupted_run(make_app)
    scanned: Future[StartView] = Future()
    scanned.set_result(read_start(RecordStore(records_dir)))
    app = app_with_early_scan(make_app, scanned)
    first_labels: list[list[str]] = []
    relabel = StartScreen.relabel

    def recording(screen: StartScreen) -> None:
        relabel(screen)
        if not first_labels:
            first_labels.append(rows(screen.signoff))

    workers: list[Any] = []
    monkeypatch.setattr(StartScreen, "relabel", recording)
    monkeypatch.setattr(StartScreen, "load", lambda screen, early=None: workers.append(early))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert workers == [], "the start screen scanned again"
        (first,) = first_labels[0]  # by ids: the flow library is read after the first frame
        assert first.startswith("demo · web · shared-computer") and "1 of 3 done" in first


async def test_a_slow_records_folder_does_not_hold_up_the_first_frame(
        make_app: AppFactory, records_dir: Path) -> None:
    await leave_an_interrupted_run(make_app)
    slow: Future[StartView] = Future()
    app = app_with_early_scan(make_app, slow)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert rows(app) == ["Looking for interrupted runs..."]
            slow.set_result(read_start(RecordStore(records_dir)))
            await ready(pilot)
            (row,) = rows(app)
            assert "1 of 3 done" in row
    finally:
        if not slow.done():
            slow.set_result(StartView(Overview(), 90))  # never leave the worker waiting


@pytest.mark.parametrize(("lang", "first_key"), [("en", "New run"), ("zh", "新流程")])
async def test_the_footer_draws_its_keys_once_in_the_language(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, lang: str,
        first_key: str) -> None:
    rebuilt: list[object] = []
    recompose = QuietFooter.recompose

    async def counting(footer: QuietFooter) -> None:
        rebuilt.append(footer.screen)
        await recompose(footer)

    monkeypatch.setattr(QuietFooter, "recompose", counting)
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StartScreen)
        keys = [key.description for key in app.screen.query(FooterKey)]
        assert keys[0] == first_key
        assert rebuilt == [], "the footer was built empty or in the wrong language first"


async def test_the_library_arriving_leaves_a_start_screen_without_runs_as_drawn(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing on it is named from the library: redrawing it cost a frame that `n`, typed
    at once and held until the library arrived, waited behind."""
    drawn: list[bool] = []
    relabel = StartScreen.relabel

    def recording(screen: StartScreen) -> None:
        drawn.append(screen.signoff.library is not None)
        relabel(screen)

    monkeypatch.setattr(StartScreen, "relabel", recording)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None
        assert rows(app) == ["No interrupted runs."]
        assert drawn == [False], "the start screen was drawn again when the library came"


async def test_the_library_arriving_names_the_interrupted_runs(
        make_app: AppFactory) -> None:
    await leave_an_interrupted_run(make_app)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None
        (row,) = rows(app)
        assert row.startswith("Demo Chat · Web browser · ") and "1 of 3 done" in row, row


def question_text(app: SignoffHost) -> str:
    return str(app.screen.query_one("#question-text", Label).render())


async def test_the_first_question_is_drawn_once(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """on_mount draws it; the resume Textual sends as the screen is pushed found it
    drawn and drew it again, on the way to the first question."""
    drawn: list[QuestionScreen] = []
    relabel = QuestionScreen.relabel

    def counting(screen: QuestionScreen) -> None:
        drawn.append(screen)
        relabel(screen)

    monkeypatch.setattr(QuestionScreen, "relabel", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        await ready(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert question_text(app) == "Which app?"
        assert drawn == [app.screen]


async def test_a_question_under_a_resumed_checklist_is_drawn_when_it_comes_back(
        make_app: AppFactory) -> None:
    await leave_an_interrupted_run(make_app)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, "r", ChecklistScreen)
        screen = await open_screen(pilot, "b", QuestionScreen)
        prompt = screen.wizard.current()
        assert prompt is not None and question_text(app) == prompt_text(prompt, "en") != ""


async def test_the_key_hints_are_laid_out_once_while_their_width_holds(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Resize as the screen came up packed them again into the same lines, and
    each update was a layout pass before the first frame was whole."""
    updated: list[str] = []
    update = Static.update

    def recording(widget: Static, *args: Any, **kwargs: Any) -> None:
        if widget.id == "start-actions":
            updated.append(str(args[0]))
        update(widget, *args, **kwargs)

    monkeypatch.setattr(Static, "update", recording)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert len(updated) == 1 and updated[0].startswith("n  start a new run")
        await pilot.resize_terminal(40, 24)
        await ready(pilot)
        assert len(updated) == 2 and "\n" in updated[1] and updated[1] != updated[0]
