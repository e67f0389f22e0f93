"""The start screen's first frame: the footer's keys and the interrupted runs are in
it, not one or two frames later (see tui.runtime.head_start and QuietFooter)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey

from tests.helpers.app import AppFactory, ready
from tui.app.host import SignoffHost
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
