"""Provides SignoffScreen: the language and practice state every screen shares, and
footer labels translated from the binding ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.dom import DOMNode
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen

from tui.app.textual_patches import PacedFrames, relabel_bindings
from tui.i18n import MESSAGES, t

if TYPE_CHECKING:
    from tui.app.host import SignoffHost


def translate_bindings(node: DOMNode, lang: str) -> None:
    """Relabel the node's bindings in `lang` from the catalogue key "key.<binding id>",
    so the footer and the help screen follow the language switch."""
    def label(binding_id: str) -> str | None:
        key = f"key.{binding_id}"
        return t(key, lang) if key in MESSAGES else None

    relabel_bindings(node, label)


class SignoffScreen(PacedFrames, Screen[None]):
    """A full screen of the app. The app pushes `lang` and `practice` into every screen
    on the stack; children follow them through `data_bind`."""

    lang: reactive[str] = reactive("en")
    """Interface and flow language ("en" or "zh")."""
    practice: reactive[bool] = reactive(False)
    """Practice mode, shown by the banner."""

    def __init__(self) -> None:
        super().__init__()
        # In the app's language from the start, footer included: the footer draws its
        # keys in the first frame, before on_mount could relabel them.
        app = self.signoff
        self.set_reactive(SignoffScreen.lang, app.lang)
        self.set_reactive(SignoffScreen.practice, app.practice)
        translate_bindings(self, app.lang)

    @property
    def signoff(self) -> SignoffHost:
        return cast("SignoffHost", self.app)

    def on_mount(self) -> None:
        # Again: a switch made between __init__ and mounting reached only mounted screens.
        self.lang = self.signoff.lang
        self.practice = self.signoff.practice

    def on_resize(self) -> None:
        self.signoff.check_size()

    def watch_lang(self, lang: str) -> None:
        translate_bindings(self, lang)
        self.refresh_bindings()
        if self.is_mounted:
            self.relabel()

    def relabel(self) -> None:
        """Redraw every text in the current language (called on a language switch)."""

    def library_loaded(self) -> None:
        """The flow library arrived: redraw what was shown by id before it did (flow,
        platform and goal names)."""
        self.relabel()


T = TypeVar("T")


class SignoffModal(PacedFrames, ModalScreen[T]):
    """A dialog; its language is fixed when it opens (it is short-lived)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def on_mount(self) -> None:
        translate_bindings(self, self.lang)
        self.refresh_bindings()
        if self.focused is None and not self.app.app_focus:
            # A served tab starts blurred (Textual's web driver says so until the page
            # reports focus), and a screen composed then is given no focus; the keys a
            # trainee types into "Who are you?" went nowhere. The first field takes them.
            fields = self.query("Input")
            if fields:
                fields.first().focus()
            else:
                self.focus_next()
