"""Chinese lines break as Chinese is set: between characters, never before closing
punctuation, never leaving a status mark alone above its step."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from tests.helpers.app import fixed_store, ready
from tui.app.line_breaks import NO_START, break_lines, break_points
from tui.app.screens.checklist import ChecklistScreen
from tui.app.signoff_app import SignoffApp
from tui.app.widgets.step_detail import StepDetail
from tui.app.widgets.step_list import StepList
from tui.options import Options

SHIPPED_FLOWS = Path(__file__).parents[2] / "flows"


def lines(text: str, width: int) -> list[str]:
    return break_lines(Text(text), width).plain.split("\n")


def test_chinese_breaks_between_characters_and_keeps_the_mark_with_its_step() -> None:
    assert lines("○\u00a0把丢失手机上的聊天当作已经泄露", 28) == [
        "○\u00a0把丢失手机上的聊天当作已经", "泄露"]
    assert lines("一二三四五六七八九十", 10) == ["一二三四五", "六七八九十"]


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one() -> None:
    assert lines("一二三四五六七八九十。", 10) == ["一二三四五", "六七八九", "十。"]
    assert lines("一二三四（五六七八九", 10) == ["一二三四", "（五六七八", "九"]
    text = "用别的电话打给你的手机运营商，或者去营业厅：挂失丢失的 SIM 卡，并补办同一号码的新卡。"
    for width in range(6, 50):
        for line in lines(text, width)[1:]:
            assert line and line[0] not in NO_START, (width, line)


def test_latin_words_stay_whole_and_english_is_left_alone() -> None:
    assert lines("拿到这张 SIM 卡的人", 9) == ["拿到这张", "SIM 卡的", "人"]
    english = Text("so english text stays exactly as Textual would break it")
    assert break_lines(english, 10) is english
    assert break_points("Averyveryverylongword中文", 10) == [10, 20]


async def test_the_chinese_checklist_has_no_lone_marks_or_leading_punctuation(
        records_dir: Path) -> None:
    """The shipped WeChat lost-phone flow at 80x24, where both once showed."""
    options = Options(lang="zh", records_dir=records_dir, flow_dirs=(SHIPPED_FLOWS,),
                      mode="practice", operator="ana", run=("wechat", "android", "lost-device"))
    app = SignoffApp(options, store=fixed_store(records_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        steps = screen.query_one(StepList)
        shown = [steps.render_line(y).text.strip(" ▊▎") for y in range(steps.size.height)]
        detail = screen.query_one(StepDetail)
        shown += [strip.text.strip() for strip in detail._lines]
    assert len(shown) > 30
    assert [s for s in shown if s in ("○", "✓", "↷")] == []
    assert [s for s in shown if s and s[0] in NO_START] == []
