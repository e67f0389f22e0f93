"""The reference for bench/run.py: a bare Textual app (Header, one Static, Footer).

`space` changes what is shown (a counter), `q` quits; nothing else.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    BINDINGS = [("space", "count", "Count"), ("q", "quit", "Quit")]

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


if __name__ == "__main__":
    BareApp().run()
