"""Whose run it is, in the app: the start screen's interrupted runs name the leaver (two
runs of one flow are no longer identical rows) and the checklist header says it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.helpers.app import AppFactory, fixed_store, ready
from tests.helpers.records import fixture_library
from tui.app.screens.checklist import ChecklistScreen
from tui.app.widgets.breadcrumb import Breadcrumb
from tui.core.engine import Wizard
from tui.core.run import Run


def _open_runs(root: Path) -> list[str]:
    store, library = fixed_store(root), fixture_library()
    store.ensure()
    ids = []
    for name, eid in (("王小明", "E042"), ("Li Lei", "E043")):
        run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                        lang="en", subject=name, fields={"employee_id": eid})
        run.close()
        ids.append(run.record.id)
    return ids


async def test_interrupted_runs_name_their_subject(records_dir: Path,
                                                   make_app: AppFactory) -> None:
    _open_runs(records_dir)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        rows = app.screen.query_one("#runs", OptionList)
        texts = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert any("for 王小明 (E042)" in row for row in texts)
        assert any("for Li Lei (E043)" in row for row in texts)


async def test_the_resumed_checklist_says_whose_run_it_is(records_dir: Path,
                                                          make_app: AppFactory) -> None:
    first, _ = _open_runs(records_dir)
    app = make_app(resume=first)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ChecklistScreen)
        crumb = str(app.screen.query_one("#crumb", Breadcrumb).render())
        assert crumb.startswith("for 王小明 (E042)"), crumb
