"""The reference for the plain mode and the non-UI commands: a Rich-only prompt that
prints a short numbered question and waits for one line (what signoff --plain does
first, without any signoff code)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

if __name__ == "__main__":
    console = Console(highlight=False)
    console.print(Text("Which app?"))
    for n, name in enumerate(["WhatsApp", "WeChat", "WeCom", "Telegram", "Signal"], 1):
        console.print(Text(f"  {n}) {name}  [{name.lower()}]"))
    console.print(Text("Answer 1-5 or the id in brackets (b = back): "), end="")
    console.file.flush()
    input()
