"""Class sessions (`--class NAME`, #19): every record is labelled with the class, each
trainee is asked their name (again after "next trainee" on a shared terminal), and a
trainee's lists keep to their own runs of that class."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.app.test_training import finish_to_start
from tests.helpers.app import AppFactory, export_with_e, ready, records, to_checklist
from tui.app.screens.dialogs import TextModal
from tui.app.screens.history import HistoryScreen
from tui.app.screens.start import StartScreen


async def _name(pilot: object, name: str) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    assert isinstance(pilot.app.screen, TextModal), "the trainee is asked who they are"
    await pilot.press(*name, "enter")
    await ready(pilot)


async def test_each_trainee_is_asked_and_recorded_under_the_class(
        make_app: AppFactory, records_dir: Path) -> None:
    """The bug: "Who is practising?" was asked once per process, so the 2nd and 3rd
    trainees at a shared terminal were recorded as the first."""
    app = make_app(mode="practice", operator="", class_name="room-3")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await _name(pilot, "ana")  # asked as the tab opens
        for trainee in ("bo", "cy"):
            await to_checklist(pilot, "1", "1")
            await finish_to_start(pilot)
            await pilot.press("t")  # next trainee
            await ready(pilot)
            await _name(pilot, trainee)
        await to_checklist(pilot, "1", "1")
    assert [(r["operator"], r["class_name"], r["mode"]) for r in records(records_dir)] == [
        ("ana", "room-3", "practice"), ("bo", "room-3", "practice"),
        ("cy", "room-3", "practice")]


async def test_next_trainee_asks_again_outside_a_class(make_app: AppFactory,
                                                       records_dir: Path) -> None:
    app = make_app(mode="practice", operator="")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for trainee in ("ana", "bo"):
            await pilot.press("n", "1", "1", "1", "1", "1")
            await ready(pilot)
            await _name(pilot, trainee)
            await finish_to_start(pilot)
            await pilot.press("t")
            await ready(pilot)
    assert [r["operator"] for r in records(records_dir)] == ["ana", "bo"]
    assert all("class_name" not in r for r in records(records_dir)), \
        "outside a class the record keeps its old form"


async def test_a_trainee_lists_only_their_own_runs(make_app: AppFactory,
                                                   records_dir: Path) -> None:
    """Two trainees' interrupted runs in one folder: each tab lists (and can resume, and
    sees in history) its own alone; before a name is given, nobody's."""
    for trainee in ("ana", "bo"):
        app = make_app(mode="practice", operator=trainee, class_name="room-3")
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            await to_checklist(pilot, "1", "1")
            await pilot.press("space")
            await ready(pilot)
            await pilot.press("ctrl+x")
    other = make_app(mode="practice", operator="", class_name="other-class")
    async with other.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await _name(pilot, "bo")
        assert isinstance(pilot.app.screen, StartScreen)
        assert pilot.app.screen.runs == [], "another class's runs are not listed"
    app = make_app(mode="practice", operator="", class_name="room-3")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, (StartScreen, TextModal))
        start = app.screen_stack[-2] if isinstance(screen, TextModal) else screen
        assert isinstance(start, StartScreen)
        assert start.runs == [], "nobody's runs before the name is given"
        await _name(pilot, "bo")
        assert start.runs is not None
        assert [r.operator for r in start.runs] == ["bo"]
        assert start.query_one("#runs", OptionList).option_count == 1
        await pilot.press("h")
        await ready(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert {r.operator for r in history.records} == {"bo"}
        await pilot.press("b")
        await ready(pilot)
        await pilot.press("c")  # the class report is the trainer's, not a trainee's
        await ready(pilot)
        assert isinstance(app.screen, StartScreen)


async def test_the_name_dialog_takes_keys_in_a_tab_that_starts_blurred(
        make_app: AppFactory, records_dir: Path) -> None:
    """A served tab starts blurred; the name field opened then took no keys at all."""
    from textual import events

    app = make_app(mode="practice", operator="", class_name="room-3")
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(events.AppBlur())
        await pilot.pause()
        assert not app.app_focus
        await ready(pilot)
        await _name(pilot, "ana")
        assert app.operator == "ana"


async def test_a_classmates_name_typed_in_another_browser_shows_nothing(
        make_app: AppFactory, records_dir: Path) -> None:
    """Served tabs carry their browser's seat: "bo" typed in another browser is not bo's
    browser, so bo's runs stay off that screen."""
    app = make_app(mode="practice", operator="bo", class_name="room-3", seat="seat-one")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await to_checklist(pilot, "1", "1")
        await pilot.press("ctrl+x")
    assert records(records_dir)[0]["seat"] == "seat-one"
    for seat, listed in (("seat-two", 0), ("seat-one", 1)):
        app = make_app(mode="practice", operator="bo", class_name="room-3", seat=seat)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            start = app.screen
            assert isinstance(start, StartScreen) and start.runs is not None
            assert len(start.runs) == listed, seat


async def test_the_apps_report_names_steps_in_its_language_and_exports_the_step_table(
        make_app: AppFactory, records_dir: Path, tmp_path: Path) -> None:
    """A run made in English, the report opened in Chinese: the step titles come from
    the flow library in Chinese, and the export has the per-step table."""

    from tui.app.screens.report import ReportScreen

    app = make_app(mode="practice", operator="bo")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n", "1", "1", "1", "1", "1")
        await ready(pilot)
        await pilot.press("s", *"no phone", "enter")
        await finish_to_start(pilot)
    app = make_app("zh", mode="practice", operator="bo")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await ready(pilot)
        assert isinstance(app.screen, ReportScreen)
        out = tmp_path / "report.md"
        await export_with_e(pilot, out)
    text = out.read_text()
    assert "### 被跳过或标记的步骤" in text
    assert "| 退出登录 | demo-web-shared-computer | 1 | 0 | no phone |" in text, text
    assert "Log out" not in text
