"""The reference for bench/run.py: a bare Textual app (Header, one Static, Footer).

`space` changes what is shown (a counter), `n` pushes a question screen of the same
kind as signoff's first question (a label, an option list of eight apps, a hint, a
side pane and a footer), `q` quits; nothing else. What signoff does beyond this, in
reading flows and records, is what the benchmark's ratios show.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, OptionList, Static

APPS = ("WhatsApp", "WeChat", "WeCom", "Telegram", "Signal", "Feishu / Lark", "DingTalk",
        "QQ")


class QuestionScreen(Screen[None]):
    """Shaped like signoff's QuestionScreen, so that pushing it costs what pushing a
    screen of that kind costs in Textual itself."""

    BINDINGS = [Binding("1", "app.quit", "Choose", key_display="1-9"),
                Binding("b", "app.pop_screen", "Back")]
    DEFAULT_CSS = """
    QuestionScreen Vertical { width: 1fr; padding: 1 2; }
    QuestionScreen OptionList { height: auto; margin: 1 0; }
    QuestionScreen #path { width: 32; height: 1fr; border-left: solid $primary; padding: 1; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical():
                yield Label("Which app?")
                yield OptionList(*(f"{n}  {name}" for n, name in enumerate(APPS, 1)))
                yield Static(f"Press 1-{len(APPS)}, or move and press Enter.")
            yield Static("Your path\n▶ Which app?\n  you are here", id="path")
        yield Footer()


class BareApp(App[None]):
    BINDINGS = [("space", "count", "Count"), ("n", "question", "New run"), ("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A bare Textual app. Count: 0", id="text")
        yield Footer()

    def action_count(self) -> None:
        self.count += 1
        self.query_one("#text", Static).update(f"A bare Textual app. Count: {self.count}")

    def action_question(self) -> None:
        self.push_screen(QuestionScreen())


if __name__ == "__main__":
    BareApp().run()
