"""QuietStatic asks for a layout of the screen only when its text's height changes from
the height it was laid out with: not for a text of the same height, the first change
after the screen opened included (the checklist's first tick laid out the whole screen)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult

from tui.app.widgets.quiet_static import QuietStatic


class Shown(App[None]):
    CSS = "QuietStatic { height: auto; }"

    def compose(self) -> ComposeResult:
        yield QuietStatic(id="text")

    def on_mount(self) -> None:
        self.query_one(QuietStatic).set_text(Text("0 done\n13 to do"))


async def test_only_a_change_of_height_asks_for_a_layout() -> None:
    app = Shown()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        text = app.query_one(QuietStatic)
        assert text.content_region.height == 2
        layouts: list[bool] = []
        refresh = text.refresh

        def recording(*regions: Any, layout: bool = False, **kwargs: Any) -> QuietStatic:
            layouts.append(layout)
            return refresh(*regions, layout=layout, **kwargs)

        text.refresh = recording  # type: ignore[method-assign]
        text.set_text(Text("1 done\n12 to do"))
        assert layouts and not any(layouts), "the same height: no layout"
        layouts.clear()
        text.set_text(Text("1 done\n12 to do\n1 skipped"))
        assert any(layouts), "a line more: the screen is laid out again"
        await pilot.pause()
        assert text.content_region.height == 3
