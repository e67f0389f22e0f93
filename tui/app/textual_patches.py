"""Provides every reach into Textual's private internals, in one place.

signoff pins Textual (pyproject.toml) and, for speed and for terminals that cannot draw
everything, changes a few of its internals. Each change is here, says why, and has a
canary in tests/app/test_textual_patches.py that fails when the Textual it patches
changes shape, so an upgrade shows at once what to look at again. Nothing outside this
module names a private Textual attribute.

What is here:
- FrameTimer and PacedFrames: the screen's frame timer with its skip-ahead fixed.
- CroppedCompositor: a frame that changes a few lines draws only the widgets under them.
- FirstFrameFooter: a footer that draws its keys in its first frame and rebuilds only
  when they change.
- RowCachedOptionList: an option list that redraws the rows that changed, not all,
  draws its lines with one lookup per pass, draws rows ahead of a change, and scrolls
  by the view; resize_without_layout: a scroll view's size without a layout of the
  screen.
- relabel_bindings, keymap_of: the binding table a footer and help screen read.
- PlainToggle: check boxes and radio buttons drawn as [x] and (*).
- current_app, replace_filters, fail_in_one_sentence: the running app, its line
  filters, and its fatal-error report.
- press_keys: keys pressed again, each once the one before has been handled.
- InlineWriter, write_frames_inline: a small frame written by the thread that drew it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import IO, TYPE_CHECKING, Any, cast

from rich.segment import Segment
from rich.text import Text
from textual import _time
from textual._compositor import Compositor
from textual._context import active_app
from textual._time import sleep
from textual.app import App, ComposeResult
from textual.content import Content
from textual.dom import DOMNode
from textual.drivers import linux_driver
from textual.drivers._writer_thread import WriterThread
from textual.filter import LineFilter
from textual.geometry import Region, Size, Spacing
from textual.screen import UPDATE_PERIOD, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.timer import EventTargetGone, Timer
from textual.visual import Padding, VisualType, visualize
from textual.widgets import Footer, OptionList

if TYPE_CHECKING:
    from textual.widgets import Checkbox, RadioButton


# -- frames ----------------------------------------------------------------------------
# A Textual screen draws from a timer of 1/60 s that is paused while nothing changes and
# resumed when something does. After a pause, Textual 8.2.8's Timer skips the periods it
# missed with `count = int((now - start) / interval + 1)`: one period too many, so the
# frame after a resumed one waited up to two periods instead of at most one. On the
# checklist a keypress draws two frames (the tick, then the next step's page), and a
# key pressed while the second waited was drawn that much later. `_run` below is
# Textual's own with that one line changed.

class FrameTimer(Timer):
    async def _run(self) -> None:
        count = 0
        _repeat = self._repeat
        _interval = self._interval
        self._active  # noqa: B018 - creates the Event on this thread, as Textual does
        await self._active.wait()
        start = _time.get_time()

        while _repeat is None or count <= _repeat:
            next_timer = start + ((count + 1) * _interval)
            now = _time.get_time()
            if self._skip and next_timer < now:
                count = int((now - start) / _interval)  # Textual: ... / _interval + 1
                continue
            now = _time.get_time()
            wait_time = max(0, next_timer - now)
            await sleep(wait_time)
            count += 1
            await self._active.wait()
            if self._reset:
                start = _time.get_time()
                count = 0
                self._reset = False
                continue
            try:
                await self._tick(next_timer=next_timer, count=count)
            except EventTargetGone:
                break


class PacedFrames:
    """Mixed into a Screen: its frames come from a FrameTimer and are drawn by a
    CroppedCompositor. Textual's Screen makes its timer in the `_update_timer` property;
    this one makes the same timer, as a FrameTimer."""

    _frame_timer: FrameTimer | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor: Compositor = CroppedCompositor()

    @property
    def _update_timer(self) -> Timer:
        if self._frame_timer is None:
            assert isinstance(self, Screen)
            timer = FrameTimer(self, UPDATE_PERIOD, name="screen_update",
                               callback=self._on_timer_update, pause=True)
            timer._start()
            self._timers.add(timer)
            self._frame_timer = timer
        return self._frame_timer


# -- partial frames --------------------------------------------------------------------
# A frame that changes a few lines (a tick: the row, the cursor, the progress) asks the
# compositor for the lines under the changed regions. Textual 8.2.8's `_get_renders`
# picks the widgets whose *clip* overlaps those regions, and the clip of nearly every
# widget is the whole screen, so it drew every widget on the screen in full (12 on the
# checklist: the screen, the footer, the detail pane...) and then used the few lines
# it needed. CroppedCompositor draws only the widgets that overlap the changed area,
# and of each only the lines in it, at the widget's full width (the line's cuts are
# made from whole widgets). Nothing else can reach the changed lines: any part of a
# line that is written back lies in the area, and a widget covering it overlaps it.

class CroppedCompositor(Compositor):
    def _get_renders(self, crop: Region | None = None
                     ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        top, bottom = crop.y, crop.bottom
        left, right = crop.x, crop.right
        for widget, (region, clip) in self.visible_widgets.items():
            x, y, width, height = region.intersection(clip)
            first, last = max(y, top), min(y + height, bottom)
            if last <= first or x >= right or x + width <= left or not width:
                continue
            shown = Region(x, first, width, last - first)
            yield region, shown, widget.render_lines(shown.translate(-region.offset))


# -- the footer ------------------------------------------------------------------------
# FirstFrameFooter: the key bar, rebuilt only when the keys it shows change.
#
# Textual's Footer rebuilds all its key widgets every time anything says the bindings may
# have changed: a focus change, a screen push, a language switch. Several such signals
# arrive while a screen starts, and each rebuild mounts and styles a dozen widgets; on
# signoff's start screen that was the largest piece of start-up work after the imports.
# This footer coalesces the signals into one check after the next refresh and rebuilds
# only when the keys, labels or enabled states it would show differ from those shown.
#
# It also draws its keys in its first compose. Textual's Footer starts empty and fills in
# once the screen first says its bindings changed, two frames later: a start screen
# without its keys is not ready to use. The keys a screen shows are known when it is
# composed (its own bindings and the app's, in its language: see SignoffScreen), and
# the check above corrects the rare case where focus changes them.

Shown = tuple[tuple[str, str, str, bool], ...]


class FirstFrameFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._shown: Shown | None = None
        self._check_pending = False
        self.set_reactive(Footer._bindings_ready, True)  # keys in the first frame

    def _what_to_show(self) -> Shown:
        return tuple((binding.key, self.app.get_key_display(binding), binding.description,
                      enabled)
                     for _node, binding, enabled, _tooltip
                     in self.screen.active_bindings.values() if binding.show)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._what_to_show()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._check_pending:
            return
        if self.is_attached and screen is self.screen:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._what_to_show() != self._shown:
            await self.recompose()


# -- option lists ------------------------------------------------------------------------

class RowCachedOptionList(OptionList):
    """An OptionList that redraws only what changed: the two rows a cursor move leaves
    and reaches, one row whose text changed, and nothing on a layout pass elsewhere."""

    _last_sizes: tuple[Size, Size, Size] | None = None

    def __init__(self, *content: Any, **kwargs: Any) -> None:
        super().__init__(*content, **kwargs)
        self._ready = {}

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        """Ignore a layout pass that leaves the list exactly as it was. Textual's
        ScrollView (8.2.8) takes every layout pass anywhere on the screen for a resize:
        it redraws the scrollbar and sends a Resize, on which OptionList throws away
        every row's rendering, so a change in the detail pane redrew this whole list."""
        sizes = (size, virtual_size, container_size)
        if sizes == self._last_sizes:
            return False
        self._last_sizes = sizes
        return super()._size_updated(size, virtual_size, container_size, layout)

    _pass: tuple[Spacing, dict[str, Style]] | None = None
    """While render_lines draws: the options' padding and each state's style."""

    def render_lines(self, crop: Region) -> list[Strip]:
        """Bring the line map up to date once for all the lines drawn, and look up the
        options' padding and each state's style once: OptionList's render_line did all
        of that for every line, and a scroll draws every line (about 20 µs a line)."""
        self._update_lines()
        padding = self.get_component_styles("option-list--option").padding
        self._pass = (padding, {})
        try:
            return super(OptionList, self).render_lines(crop)  # past OptionList's own
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        """OptionList's line (8.2.8), from what render_lines looked up."""
        if self._pass is None:
            return super().render_line(y)
        padding, styles = self._pass
        try:
            index, offset = self._line_cache.lines[self.scroll_offset.y + y]
            option = self.options[index]
        except IndexError:
            return super().render_line(y)  # the blank line below the options
        state = ("option-list--option-disabled" if option.disabled else
                 "option-list--option-highlighted" if self.highlighted == index else
                 "option-list--option-hover" if self._mouse_hovering_over == index else "")
        style = styles.get(state)
        if style is None:
            style = styles[state] = self._state_style(state)
        strips = self._option_render_cache.get((option, style, padding))
        if strips is None:
            strips = self._get_option_render(option, style)
        return strips[offset] if offset < len(strips) else super().render_line(y)

    def refresh_rows(self, *indexes: int | None) -> None:
        """Redraw these options' lines only."""
        for index in indexes:
            if index is not None and index in self._index_to_line:
                self.refresh_lines(self._index_to_line[index], self._heights[index])

    def replace_row(self, index: int, prompt: VisualType) -> None:
        """Replace one row's text and redraw its lines only; when its height changes
        (a longer title wraps), fall back to the full redraw. OptionList's own
        replace_option_prompt throws away every row's rendering. A row drawn ahead
        for this prompt (prepare_row) is used as it is."""
        option = self.get_option_at_index(index)
        height = self._heights.get(index)
        option._set_prompt(prompt)
        cache = self._option_render_cache
        for key in [k for k in cache.keys() if k[0] is option]:  # noqa: SIM118 - no __iter__
            cache.discard(key)
        padding = self.get_component_styles("option-list--option").padding
        ready = self._ready.pop(index, None)
        if ready is not None and ready[0] is prompt and ready[1] == (padding, self._width()):
            for style, strips in ready[2].items():
                cache[(option, style, padding)] = strips
            drawn = next(iter(ready[2].values()))
        else:
            drawn = self._get_option_render(option, self._state_style(""))
        if height is None or len(drawn) != height:
            self._clear_caches()
            return
        self.refresh_lines(self._index_to_line[index], height)

    # Drawing ahead. A tick changes two rows: the ticked one (new text, drawn plain as
    # the cursor moves on) and the next one (drawn highlighted). Drawn while the screen
    # waits for the next key, they are ready when it comes, and the tick's frame only
    # copies them. What is drawn ahead is OptionList's own drawing (render_prompt).

    _ready: dict[int, tuple[VisualType, tuple[Spacing, int], dict[Style, list[Strip]]]]

    def _width(self) -> int:
        return self.scrollable_content_region.width - self._get_left_gutter_width()

    def _state_style(self, state: str) -> Style:
        """The style of an option in `state` ("" for none), as OptionList (8.2.8) asks."""
        return (self.get_visual_style("option-list--option", state) if state
                else self.get_visual_style("option-list--option"))

    def render_prompt(self, index: int, prompt: VisualType, style: Style) -> list[Strip]:
        """The lines OptionList's `_get_option_render` (8.2.8) draws for option `index`
        showing `prompt`, without giving it that prompt."""
        option = self.get_option_at_index(index)
        padding = self.get_component_styles("option-list--option").padding
        width = self._width()
        visual = visualize(self, prompt, markup=self._markup)
        if padding:
            visual = Padding(visual, padding)
        strips = visual.to_strips(self, visual, width, None, style)
        meta = {"option": index}
        strips = [strip.extend_cell_length(width, style.rich_style).apply_meta(meta)
                  for strip in strips]
        if option._divider:
            rule = self.get_visual_style("option-list--separator")
            strips.append(Strip([Segment("\u2500" * width, rule.rich_style)], width))
        return strips

    def prepare_row(self, index: int, prompt: VisualType, highlighted: bool) -> None:
        """Draw option `index` as replace_row(index, prompt) will show it, plain or
        highlighted; one row is kept ready at a time."""
        style = self._state_style("option-list--option-highlighted" if highlighted else "")
        padding = self.get_component_styles("option-list--option").padding
        self._ready = {index: (prompt, (padding, self._width()),
                               {style: self.render_prompt(index, prompt, style)})}

    def prepare_highlight(self, index: int) -> None:
        """Draw option `index` highlighted, as its text is now."""
        option = self.get_option_at_index(index)
        self._get_option_render(option, self._state_style("option-list--option-highlighted"))

    def _clear_caches(self) -> None:
        self._ready = {}
        super()._clear_caches()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll by the view, not by a row. A highlighted row in view scrolls nothing;
        one below the view is brought near its top, the row before it still in view,
        and one above near its bottom. OptionList scrolled just enough to show the
        row, so once a checklist's cursor reached the bottom every tick scrolled the
        list, and a scroll redraws every line of it (2-3 ms of a tick's 4); a person
        working down the list now also sees what comes next."""
        index = self.highlighted
        if top or index is None or not self.is_mounted:
            super().scroll_to_highlight(top)
            return
        self._update_lines()
        try:
            y, height = self._index_to_line[index], self._heights[index]
        except KeyError:
            return
        before = self._heights.get(index - 1, 0) if index > 0 else 0
        seen, room = self.scroll_offset.y, self.scrollable_content_region.height
        if seen <= y and y + height <= seen + room:
            return
        target = y - before if y > seen else y + height + 1 - room
        self.scroll_to(y=max(0, min(target, y)), animate=False, force=True,
                       immediate=True)


def resize_without_layout(view: ScrollView, size: Size) -> None:
    """Set a scroll view's virtual size and update its scrollbars, without the layout of
    the whole screen that assigning `virtual_size` asks for."""
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)


# -- bindings ------------------------------------------------------------------------------

def relabel_bindings(node: DOMNode, label: Callable[[str], str | None]) -> None:
    """Relabel the node's bindings from `label(binding id)` (None keeps the label), so
    the footer and the help screen follow the language switch. Textual has no public
    way to change a bound key's description."""
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=text) if b.id and (text := label(b.id)) is not None
            else b for b in bindings]


def keymap_of(app: App[Any]) -> dict[str, str]:
    """The binding id -> keys map set with App.set_keymap (Textual keeps it private)."""
    return dict(app._keymap)


# -- toggles ---------------------------------------------------------------------------------

def plain_toggle(widget: Checkbox | RadioButton, on: str, off: str) -> Content:
    return Content.assemble((on if widget.value else off,
                             widget.get_visual_style("toggle--button")))


class PlainToggle:
    """Mixed into a Checkbox or RadioButton: drawn as `ON` / `OFF` text where the app
    says glyphs or colour are limited (Textual draws the button in `_button`)."""

    ON = "[x]"
    OFF = "[ ]"

    @property
    def _button(self) -> Content:
        widget = cast("Checkbox", self)
        if getattr(widget.app, "limited", False):
            return plain_toggle(widget, self.ON, self.OFF)
        return cast(Content, super()._button)  # type: ignore[misc]


# -- the app -----------------------------------------------------------------------------------

def current_app() -> App[Any] | None:
    """The app drawing now, for code Textual calls without one (a scrollbar renderer)."""
    return active_app.get(None)


def replace_filters(app: App[Any], swap: Callable[[LineFilter], LineFilter]) -> None:
    """Swap the app's line filters (NO_COLOR's is chosen inside App.__init__)."""
    app._filters[:] = [swap(f) for f in app._filters]


def fail_in_one_sentence(app: App[Any], sentence: Callable[[BaseException | None], str]
                         ) -> None:
    """End the app after an unhandled error with one readable line instead of Textual's
    traceback screen (App._fatal_error's work, less the traceback)."""
    app.bell()
    app._exit_renderables.append(Text(f"signoff: {sentence(app._exception)}"))
    app._close_messages_no_wait()


async def press_keys(app: App[Any], keys: list[str]) -> None:
    """Press `keys` in order, each after the app has handled the one before (and
    whatever screen it pushed is in place): what Textual's own headless key presses do
    (App._press_keys). Posting them all at once sent each to the screen that was
    current when the app read it, before the previous key had opened the next one."""
    await app._press_keys(keys)


# -- output ------------------------------------------------------------------------------------
# Textual writes every frame to the terminal from a thread of its own (WriterThread), so
# that a slow terminal never holds the app up. A frame then waits until that thread is
# given the interpreter lock and a processor: on a busy 2-core machine a checklist tick
# reached the terminal 1-5 ms after it was drawn (the bare Textual app's one-line frame:
# 0.1 ms), the largest single part of the tick. InlineWriter writes a small text at once,
# on the thread that drew it, when nothing older is still waiting to be written; anything
# else goes to the thread as before, so the order is kept. A terminal that stops reading
# holds the app up at once rather than after Textual's 30 queued writes.

INLINE_MAX = 8192
"""Characters written at once at most (a keypress's frame: 1-4 KB; a whole screen goes
to the thread)."""


class InlineWriter(WriterThread):
    def __init__(self, file: IO[str]) -> None:
        super().__init__(file)
        self._lock = threading.Lock()
        self._queued = 0
        """Texts handed to the thread and not written yet."""

    def write(self, text: str) -> None:
        with self._lock:
            if self._queued == 0 and len(text) <= INLINE_MAX:
                self._file.write(text)
                self._file.flush()
                return
            self._queued += 1
        self._queue.put(text)

    def run(self) -> None:
        """WriterThread.run (8.2.8), counting what it has written."""
        while True:
            text = self._queue.get()
            if text is None:
                break
            self._file.write(text)
            if self._queue.qsize() == 0:
                self._file.flush()
            with self._lock:
                self._queued -= 1
        self._file.flush()


def write_frames_inline() -> None:
    """Textual's terminal driver makes its output thread from the name WriterThread in
    its module when the app starts; from now on that is an InlineWriter."""
    linux_driver.WriterThread = InlineWriter  # type: ignore[attr-defined]
