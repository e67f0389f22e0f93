"""The app's step pane on the Linux console (and in ASCII) says a Chinese label it cannot
draw in words, as the plain mode does, instead of `??` (#17 item 14)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.app import AppFactory, ready, to_checklist
from tests.plain.test_plain_concise import FLOW
from tui.app.widgets.step_detail import StepDetail
from tui.core.flows.loader import load_library
from tui.core.records.record import StepEntry


async def test_the_step_pane_spells_out_chinese_labels_in_ascii(
        make_app: AppFactory, tmp_path: Path) -> None:
    folder = tmp_path / "flows" / "demo"
    folder.mkdir(parents=True)
    (folder / "android-shared-computer.toml").write_text(FLOW, encoding="utf-8")
    library = load_library([FIXTURE_FLOWS, tmp_path / "flows"])
    flow = library.flows["demo-android-shared-computer"]
    tap, folder_step = flow.steps[0].step, flow.steps[1].step
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_checklist(pilot, "1", "1")
        detail = screen.query_one(StepDetail)
        detail.show(tap, StepEntry(tap.id, tap.title.get("en")), "en", ascii_only=True)
        await ready(pilot)
        text = " ".join(detail.text.split())
        assert ('"Windows WeChat is logged in" (Chinese label not shown: this console '
                "cannot draw it)") in text, text
        assert "?" not in text.split("helpcenter?")[0], "no question marks for a label"
        detail.show(folder_step, StepEntry(folder_step.id, ""), "en", ascii_only=True)
        await ready(pilot)
        assert "wxid_<your id>" in detail.text
        detail.show(tap, StepEntry(tap.id, ""), "en", ascii_only=False)
        await ready(pilot)
        assert "微信已登录" in detail.text, "a terminal that can draw it shows the label"
