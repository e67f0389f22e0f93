"""Provides PathTree and Breadcrumb: the decision tree walked so far.

Both are fed through `data_bind` from the owning screen's `trail` (the questions asked
and the answers given, already in the current language) and `current` (the question
being asked now, or empty once the checklist is reached).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tui.app.line_breaks import Breakable
from tui.core.engine import Wizard
from tui.core.safe_text import literal
from tui.glyphs import symbols
from tui.i18n import t

Trail = tuple[tuple[str, str], ...]
"""(question, answer) pairs; the question is empty for platform, surface and goal,
whose answers speak for themselves."""


def trail_of(wizard: Wizard, lang: str) -> Trail:
    return tuple((p.text.get(lang) if p.text else "", c.label.get(lang))
                 for p, c in wizard.trail())


class PathTree(Static):
    """The path as an indented tree: each answer under the one before, and a marker
    on the question being asked now ("you are here")."""

    trail: reactive[Trail] = reactive((), always_update=True)
    current: reactive[str] = reactive("")
    lang: reactive[str] = reactive("en")
    ascii_only: reactive[bool] = reactive(False)

    def render(self) -> Breakable:
        sym = symbols(self.ascii_only)
        branch = sym.branch[0] + "\u00a0"
        out = Text(t("tree.title", self.lang) + "\n", style="bold")
        for depth, (question, answer) in enumerate(self.trail):
            pad = "  " * (depth - 1) + branch if depth else ""
            if question:
                out.append(" " * len(pad) + literal(question, keep_newlines=False) + "\n",
                           style="dim")
            out.append(pad + literal(answer, keep_newlines=False) + "\n")
        if self.current:
            depth = len(self.trail)
            pad = "  " * (depth - 1) + branch if depth else ""
            out.append(pad)
            out.append(f"{sym.here}\u00a0{literal(self.current, keep_newlines=False)}",
                       style="bold reverse")
            out.append(f"\n{' ' * len(pad)}  {t('tree.here', self.lang)}", style="italic")
        return Breakable(out)


class Breadcrumb(Static):
    """The path on one line, for screens with no room for the tree."""

    trail: reactive[Trail] = reactive((), always_update=True)
    ascii_only: reactive[bool] = reactive(False)

    def render(self) -> Text:
        sep = " > " if self.ascii_only else " › "
        return Text(sep.join(literal(answer, keep_newlines=False) for _, answer in self.trail))
