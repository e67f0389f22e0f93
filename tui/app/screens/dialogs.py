"""Provides the app's dialogs, each a typed ModalScreen: a line of text, a yes/no,
the typed confirmation word of an irreversible goal, and the export choices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioSet, Static

from tui.app.screens.base import SignoffModal
from tui.app.toggles import TextCheckbox, TextRadioButton
from tui.core.safe_text import literal
from tui.i18n import t

CANCEL: list[BindingType] = [
    Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    Binding("ctrl+g", "cancel", "Cancel", show=False, id="dialog.cancel_alt"),
]


def field(value: str = "", placeholder: str = "", max_length: int = 0) -> Input:
    """An Input without a blinking cursor: nothing redraws while nothing changes."""
    box = Input(value=value, placeholder=placeholder, select_on_focus=False,
                max_length=max_length)
    box.cursor_blink = False
    return box


class TextModal(SignoffModal[str | None]):
    """Ask for one line (a skip reason, a note, a name); None when cancelled."""

    BINDINGS = CANCEL

    def __init__(self, lang: str, title: str, prompt: str, *, value: str = "",
                 required: bool = True, max_length: int = 0) -> None:
        super().__init__(lang)
        self.title_text, self.prompt, self.value, self.required = title, prompt, value, required
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Static(Text(literal(self.prompt)))
            yield field(self.value, max_length=self.max_length)
            yield Static("", id="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dialog.ok", self.lang), id="ok", variant="primary")
                yield Button(t("dialog.cancel", self.lang), id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        value = self.query_one(Input).value.strip()
        if self.required and not value:
            self.query_one("#dialog-error", Static).update(t("dialog.required", self.lang))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class YesNoModal(SignoffModal[bool]):
    """A question with a yes and a no; y and n answer it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *CANCEL, Binding("y", "answer(True)", show=False, id="dialog.yes"),
        Binding("n", "answer(False)", show=False, id="dialog.no")]

    def __init__(self, lang: str, title: str, question: str) -> None:
        super().__init__(lang)
        self.title_text, self.question = title, question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Static(Text(self.question))
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{t('dialog.yes', self.lang)} (y)", id="yes", variant="primary")
                yield Button(f"{t('dialog.no', self.lang)} (n)", id="no")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class ConfirmWordModal(SignoffModal[bool]):
    """An irreversible goal: True only when the exact confirmation word is typed."""

    BINDINGS = CANCEL

    def __init__(self, lang: str, goal: str, word: str) -> None:
        super().__init__(lang)
        self.goal, self.word = goal, word

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -danger"):
            yield Label(t("confirm.irreversible_title", self.lang), classes="dialog-title")
            yield Static(Text(t("confirm.type_word", self.lang, goal=literal(self.goal),
                                word=literal(self.word))))
            yield field()

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() == self.word)

    def action_cancel(self) -> None:
        self.dismiss(False)


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    redact: bool = False


FORMATS = ("md", "csv", "jsonl", "xlsx")


class ExportModal(SignoffModal[ExportRequest | None]):
    """Choose a format and a file; the screen that owns the records writes it."""

    BINDINGS = CANCEL

    def __init__(self, lang: str, count: int, default_dir: Path, stem: str, *,
                 formats: tuple[str, ...] = FORMATS, title: str = "") -> None:
        super().__init__(lang)
        self.count, self.default_dir, self.stem = count, default_dir, stem
        self.formats = formats
        self.title_text = title
        """A title of its own (the report) also means no redact choice."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text or t("export.title", self.lang, count=self.count),
                        classes="dialog-title")
            yield Label(t("export.format", self.lang))
            with RadioSet(id="format"):
                for index, fmt in enumerate(self.formats):
                    yield TextRadioButton(fmt, value=index == 0, id=f"fmt-{fmt}")
            if not self.title_text:
                yield TextCheckbox(t("export.redact", self.lang), id="redact")
            yield Label(t("export.path", self.lang))
            yield field(str(self.default_dir / f"{self.stem}.md"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("dialog.ok", self.lang), id="ok", variant="primary")
                yield Button(t("dialog.cancel", self.lang), id="cancel")

    def _fmt(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return str(pressed.label) if pressed else "md"

    @on(RadioSet.Changed)
    def follow_format(self) -> None:
        box = self.query_one(Input)
        path = Path(box.value)
        if path.suffix.lstrip(".") in FORMATS:
            box.value = str(path.with_suffix(f".{self._fmt()}"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self) -> None:
        value = self.query_one(Input).value.strip()
        if not value:
            return
        redact = [box.value for box in self.query(TextCheckbox)]
        self.dismiss(ExportRequest(self._fmt(), Path(value).expanduser(), any(redact)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
