"""Canaries for tui/app/textual_patches.py: one per reach into Textual's internals.

Each test runs the patch against the installed Textual and checks the private shape
it leans on, so a Textual upgrade that moves one of them fails here, by name, rather
than as a blank footer or a frozen list somewhere else. The frame timer has its own
file (test_frame_timer.py)."""

from __future__ import annotations

import inspect
import io
import threading
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.filter import LineFilter, NoColor
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widgets import Checkbox, Footer, OptionList

from tui.app.textual_patches import (
    INLINE_MAX,
    FirstFrameFooter,
    FrameTimer,
    InlineWriter,
    PacedFrames,
    PlainToggle,
    RowCachedOptionList,
    current_app,
    fail_in_one_sentence,
    keymap_of,
    press_keys,
    relabel_bindings,
    replace_filters,
    resize_without_layout,
    write_frames_inline,
)


class PacedScreen(PacedFrames, Screen[None]):
    BINDINGS = [Binding("x", "bell", "Ring", id="demo.ring")]

    def compose(self) -> ComposeResult:
        yield RowCachedOptionList("one", "two", "three", id="list")
        yield LimitedBox("box")
        yield FirstFrameFooter()


class LimitedBox(PlainToggle, Checkbox):
    pass


class Demo(App[None]):
    limited = False

    def on_mount(self) -> None:
        self.push_screen(PacedScreen())


async def test_a_paced_screen_draws_from_a_frame_timer() -> None:
    """Screen still makes its frame timer in the `_update_timer` property."""
    assert isinstance(inspect.getattr_static(Screen, "_update_timer"), property)
    async with Demo().run_test() as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, PacedScreen)
        assert isinstance(screen._update_timer, FrameTimer)
        assert screen._update_timer in screen._timers


async def test_the_footer_has_its_keys_in_its_first_compose() -> None:
    """Footer's `_bindings_ready` is still the reactive that lets its compose yield keys."""
    assert "_bindings_ready" in Footer._reactives
    async with Demo().run_test() as pilot:
        footer = pilot.app.screen.query_one(FirstFrameFooter)
        assert footer._bindings_ready
        await pilot.pause()
        assert any(shown[2] == "Ring" for shown in footer._what_to_show())
        assert footer.query("FooterKey"), "the keys are drawn"


async def test_a_row_cached_list_replaces_one_row() -> None:
    """OptionList still keeps the maps and caches replace_row reads and clears."""
    async with Demo().run_test() as pilot:
        await pilot.pause()
        options = pilot.app.screen.query_one(RowCachedOptionList)
        for name in ("_index_to_line", "_heights", "_option_render_cache"):
            assert hasattr(options, name), name
        options.replace_row(1, Text("TWO"))
        await pilot.pause()
        assert str(options.get_option_at_index(1).prompt) == "TWO"
        assert "TWO" in options.render_line(1).text
        assert not options._size_updated(*options._last_sizes or (Size(), Size(), Size()))


class LongList(App[None]):
    """A list taller than its room, with a heading, a wrapped row and a long one."""

    def compose(self) -> ComposeResult:
        from textual.widgets.option_list import Option

        rows: list[Option] = [Option(Text("Heading", style="bold"), disabled=True)]
        rows += [Option(f"row {n} " + "word " * (n % 4) * 3) for n in range(30)]
        yield RowCachedOptionList(*rows, id="long")


async def test_a_row_cached_list_draws_its_lines_as_option_list_does() -> None:
    """render_lines' one-lookup pass gives OptionList's own lines, line for line, in
    every state a row can be in (heading, highlighted, hovered, plain), scrolled too."""
    async with LongList().run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        options = pilot.app.query_one(RowCachedOptionList)
        for name in ("_line_cache", "_option_render_cache", "_mouse_hovering_over",
                     "_get_option_render", "_update_lines"):
            assert hasattr(options, name), name

        def drawn(stock: bool) -> list[list[Any]]:
            options._styles_cache.clear()
            crop = options.size.region
            strips = (OptionList.render_lines(options, crop) if stock  # no pass: stock lines
                      else options.render_lines(crop))
            return [list(strip) for strip in strips]

        for highlighted, hovered, scroll in ((3, None, 0), (5, 7, 0), (20, 2, 9)):
            options.highlighted = highlighted
            options._mouse_hovering_over = hovered
            options.scroll_to(y=scroll, animate=False, immediate=True)
            await pilot.pause()
            fast = drawn(stock=False)
            assert fast == drawn(stock=True)
            assert any("Heading" in "".join(seg.text for seg in line) for line in fast) \
                == (scroll == 0)


class Layered(App[None]):
    """Nested containers, a scrolled list clipped by its pane, a bordered side pane, and
    a box on a layer above them all: what a partial frame must get right."""

    CSS = """
    Screen { layers: base above; }
    #pane { width: 30; border: round $primary; }
    #rows { height: 8; }
    #side { border-left: solid $accent; padding: 1; }
    #above { layer: above; offset: 10 5; width: 24; height: 5; border: heavy red; }
    """

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal, Vertical, VerticalScroll
        from textual.widgets import Static

        with Horizontal():
            with Vertical(id="pane"):
                yield Static("A title over the list")
                yield RowCachedOptionList(*(f"row {n} " + "word " * (n % 5)
                                            for n in range(40)), id="rows")
                with VerticalScroll(id="scroller"):  # widgets cut by their clip
                    for n in range(30):
                        yield Static(f"static {n} " + "word " * (n % 7))
            yield Static("The side pane\n" + "text " * 200, id="side")
        yield Static("On top of the rest", id="above")


class LayeredScreen(PacedFrames, Screen[None]):
    def compose(self) -> ComposeResult:
        yield from Layered().compose()


async def test_a_cropped_compositor_writes_what_textuals_own_writes() -> None:
    """Compositor still picks a partial frame's widgets in `_get_renders(crop)` from
    `visible_widgets` (widget: region, clip); and a partial frame made from the widgets
    under the changed area alone is byte for byte Textual's own, for changed areas of
    every size and place (rows in the list, the side pane, the box above, several at
    once, the whole screen), with the list scrolled and not."""
    import random

    from rich.console import Console
    from textual._compositor import Compositor
    from textual.geometry import Region

    from tui.app.textual_patches import CroppedCompositor

    assert list(inspect.signature(Compositor._get_renders).parameters) == ["self", "crop"]
    app = Layered()
    async with app.run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(LayeredScreen())
        await pilot.pause()
        screen = pilot.app.screen
        compositor = screen._compositor
        assert isinstance(compositor, CroppedCompositor)
        widget, (region, clip) = next(iter(compositor.visible_widgets.items()))
        assert isinstance(region, Region) and isinstance(clip, Region)
        console = Console(width=80, height=24, color_system="truecolor", file=io.StringIO())
        rows = screen.query_one("#rows", RowCachedOptionList)
        draws = random.Random(18)
        compared = 0
        scroller = screen.query_one("#scroller")
        for scroll in (0, 7):
            rows.scroll_to(y=scroll, animate=False, immediate=True)
            scroller.scroll_to(y=scroll * 2 + 1, animate=False, immediate=True)
            await pilot.pause()
            for _ in range(150):
                changed = [Region(draws.randrange(80), draws.randrange(24),
                                  draws.randrange(1, 40), draws.randrange(1, 8)
                                  ).intersection(screen.region)
                           for _ in range(draws.randrange(1, 4))]
                frames = []
                for renders in (Compositor._get_renders, CroppedCompositor._get_renders):
                    for widget in compositor.visible_widgets:
                        widget._styles_cache.clear()  # each draws every line afresh
                    compositor._dirty_regions.update(changed)
                    compositor._get_renders = renders.__get__(compositor)  # type: ignore[method-assign]
                    try:
                        update = compositor.render_partial_update()
                    finally:
                        del compositor._get_renders
                    assert update is not None
                    frames.append(update.render_segments(console))
                assert frames[0] == frames[1], changed
                compared += 1
        assert compared == 300
        assert any(not clip.contains_region(region)  # some widgets were cut by their clip
                   for region, clip in compositor.visible_widgets.values())


async def test_a_row_drawn_ahead_is_optionlists_own_drawing_and_is_used() -> None:
    """render_prompt draws what OptionList's `_get_option_render` draws, for every row,
    plain and highlighted; replace_row uses a row prepared for its prompt as it is
    (no drawing), and a row prepared for another prompt or width is not used."""
    async with LongList().run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        options = pilot.app.query_one(RowCachedOptionList)
        states = ("", "option-list--option-highlighted")
        for index, option in enumerate(options.options):
            for state in states:
                style = options._state_style(state)
                options._option_render_cache.clear()
                assert options.render_prompt(index, option.prompt, style) \
                    == options._get_option_render(option, style), (index, state)
        new = Text("row 0 changed")  # one line, as row 0 is
        options.prepare_row(1, new, highlighted=False)
        (_, _, ready), = options._ready.values()
        options.replace_row(1, new)
        cached = options._option_render_cache.get(
            (options.get_option_at_index(1), options._state_style(""),
             options.get_component_styles("option-list--option").padding))
        assert cached is next(iter(ready.values())), "the prepared lines, not new ones"
        assert "row 0 changed" in "".join(seg.text for seg in cached[0])
        options.prepare_row(5, Text("prepared"), highlighted=False)
        options.replace_row(5, Text("another"))
        assert "another" in options.render_line(
            options._index_to_line[5] - options.scroll_offset.y).text


async def test_the_highlight_scrolls_the_list_by_the_view_not_by_a_row() -> None:
    """Moving down a row at a time, the list scrolls only when the highlighted row
    leaves the view, and then shows it near the top; OptionList scrolled on every
    move once the highlight reached the bottom."""
    async with LongList().run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        options = pilot.app.query_one(RowCachedOptionList)
        assert hasattr(OptionList, "scroll_to_highlight")
        options.highlighted = 1
        await pilot.pause()
        offsets = []
        for index in range(2, 26):
            options.highlighted = index
            await pilot.pause()
            top = options.scroll_offset.y
            line = options._index_to_line[index]
            assert top <= line and line + options._heights[index] \
                <= top + options.scrollable_content_region.height, "always in view"
            offsets.append(top)
        scrolls = len(set(offsets)) - 1
        assert 0 < scrolls <= len(offsets) // 3, offsets
        back = 14  # back up, out of view above: shown near the bottom
        line = options._index_to_line[back]
        assert line < options.scroll_offset.y
        options.highlighted = back
        await pilot.pause()
        top, room = options.scroll_offset.y, options.scrollable_content_region.height
        assert top <= line and line + options._heights[back] <= top + room
        assert line + options._heights[back] > top + room // 2, (line, top, room)


async def test_resize_without_layout_sets_the_virtual_size() -> None:
    async with Demo().run_test() as pilot:
        await pilot.pause()
        view = pilot.app.screen.query_one(OptionList)
        assert isinstance(view, ScrollView)
        resize_without_layout(view, Size(10, 99))
        assert view.virtual_size == Size(10, 99)
        assert view.vertical_scrollbar.window_virtual_size == 99


async def test_bindings_are_relabelled_and_the_keymap_read() -> None:
    async with Demo().run_test() as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        relabel_bindings(screen, lambda bid: "响铃" if bid == "demo.ring" else None)
        labels = [b.description for bs in screen._bindings.key_to_bindings.values() for b in bs]
        assert "响铃" in labels and "Ring" not in labels
        pilot.app.set_keymap({"demo.ring": "y"})
        assert keymap_of(pilot.app) == {"demo.ring": "y"}


async def test_a_plain_toggle_draws_in_letters_where_the_app_is_limited() -> None:
    async with Demo().run_test() as pilot:
        await pilot.pause()
        box = pilot.app.screen.query_one(LimitedBox)
        assert "[ ]" not in box._button.plain
        pilot.app.limited = True  # type: ignore[attr-defined]
        assert box._button.plain == "[ ]"
        box.value = True
        assert box._button.plain == "[x]"


class Failing(Demo):
    """Ends as SignoffApp does after an unhandled error."""

    BINDINGS = [Binding("z", "break", "Break")]
    said: list[str] = []

    def action_break(self) -> None:
        raise ValueError("broken")

    def _fatal_error(self) -> None:
        fail_in_one_sentence(self, lambda error: f"it broke: {error}")
        self.said = [str(r) for r in self._exit_renderables]


async def test_the_app_and_its_filters_are_reached() -> None:
    app = Demo()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert current_app() is app
        seen: list[LineFilter] = []

        def swap(old: LineFilter) -> LineFilter:
            seen.append(old)
            return NoColor()

        replace_filters(app, swap)
        assert seen and all(isinstance(f, NoColor) for f in app._filters)


async def test_a_fatal_error_ends_the_app_in_one_sentence() -> None:
    app = Failing()
    with pytest.raises(ValueError, match="broken"):  # run_test re-raises what ended the app
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.press("z")
            await pilot.pause()
    assert app.said == ["signoff: it broke: broken"]
    assert app.return_code == 1


async def test_keys_pressed_again_each_reach_the_screen_the_one_before_opened() -> None:
    """App._press_keys still waits for each key to be handled before the next."""
    seen: list[str] = []

    class Second(Screen[None]):
        def on_key(self, event: Any) -> None:
            seen.append(f"second:{event.key}")

    class First(Screen[None]):
        def on_key(self, event: Any) -> None:
            seen.append(f"first:{event.key}")
            self.app.push_screen(Second())

    class Pushing(App[None]):
        def on_mount(self) -> None:
            self.push_screen(First())

    app = Pushing()
    async with app.run_test() as pilot:
        await pilot.pause()
        await press_keys(app, ["a", "b"])
        await pilot.pause()
    assert seen == ["first:a", "second:b"]


class GatedFile(io.StringIO):
    """A terminal that takes its time over one text, and says who wrote what."""

    def __init__(self, slow: str) -> None:
        super().__init__()
        self.slow = slow
        self.gate = threading.Event()
        self.writers: list[tuple[str, str]] = []

    def write(self, text: str) -> int:
        if text == self.slow:
            assert self.gate.wait(10)
        self.writers.append((threading.current_thread().name, text))
        return super().write(text)


def test_the_terminal_driver_makes_its_writer_by_name() -> None:
    """LinuxDriver makes its output thread from the module name WriterThread (which
    write_frames_inline replaces), and WriterThread still queues and writes as copied."""
    from textual.drivers import linux_driver
    from textual.drivers._writer_thread import WriterThread

    assert "WriterThread(self._file)" in inspect.getsource(
        linux_driver.LinuxDriver.start_application_mode)
    source = inspect.getsource(WriterThread.run)
    assert "get()" in source and "qsize() == 0" in source and "flush()" in source
    writer = WriterThread(io.StringIO())
    assert hasattr(writer, "_queue") and hasattr(writer, "_file")


def test_write_frames_inline_swaps_the_drivers_writer(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    from textual.drivers import linux_driver

    monkeypatch.setattr(linux_driver, "WriterThread", vars(linux_driver)["WriterThread"])
    write_frames_inline()
    assert vars(linux_driver)["WriterThread"] is InlineWriter


def test_a_small_frame_is_written_at_once_and_the_order_is_kept() -> None:
    big = "B" * (INLINE_MAX + 1)
    file = GatedFile(slow=big)
    writer = InlineWriter(file)
    writer.start()
    writer.write("first")  # nothing waiting: written here, at once
    assert file.writers == [(threading.current_thread().name, "first")]
    writer.write(big)  # too big: the thread writes it (and waits at the gate)
    writer.write("after")  # small, but the big one is not written yet: queued after it
    assert [text for _, text in file.writers] == ["first"]
    file.gate.set()
    writer.stop()
    assert [text for _, text in file.writers] == ["first", big, "after"]
    assert {name for name, text in file.writers[1:]} == {writer.name}
    assert file.getvalue() == "first" + big + "after"
