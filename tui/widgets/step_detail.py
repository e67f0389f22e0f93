"""Provides StepDetail: everything a person needs to do the highlighted step."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalGroup

from tui.core.model import Step
from tui.core.records import StepEntry
from tui.core.safe_text import literal
from tui.i18n import t
from tui.widgets.quiet_static import QuietStatic
from tui.widgets.symbols import status_symbol, symbols


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class StepDetail(VerticalGroup):
    """Menu path (in both UI languages where they differ), why, how to verify,
    warning, confidence, re-check window and sources. Flow text is shown literally.

    Two parts: the head (title, status, time, reason, note) changes with every tick;
    the body (warning, where, why, verify, sources) only with the step. A tick redraws
    the few lines of the head, not the whole page of the body."""

    def compose(self) -> ComposeResult:
        yield QuietStatic(id="detail-head")
        yield QuietStatic(id="detail-body")

    @property
    def text(self) -> str:
        """The whole detail as plain text, head then body (for tests and tools)."""
        return "\n".join(str(part.render()) for part in self.query(QuietStatic))

    def show(self, step: Step, entry: StepEntry, lang: str, ascii_only: bool,
             present: bool = False) -> None:
        head, body = self.query_one("#detail-head", QuietStatic), \
            self.query_one("#detail-body", QuietStatic)
        if present:
            head.set_text(Text(literal(step.title.get(lang)), style="bold reverse"))
            body.set_text(self.presented_body(step, lang, ascii_only))
            return
        head.set_text(self.head(step, entry, lang, ascii_only))
        body.set_text(self.body(step, lang, ascii_only))

    @staticmethod
    def head(step: Step, entry: StepEntry, lang: str, ascii_only: bool) -> Text:
        sym = symbols(ascii_only)
        out = Text()
        out.append(literal(step.title.get(lang)) + "\n", style="bold")
        status = t(f"status.{entry.status}", lang)
        out.append(f"{t('detail.status', lang)}: {status_symbol(entry.status, ascii_only)} "
                   f"{status}")
        if entry.at and entry.status != "pending":
            out.append(" " + t("detail.at", lang, when=when(entry.at)))
        if entry.reason:
            out.append(f"\n{t('detail.reason', lang)}: {literal(entry.reason)}")
        if entry.note:
            out.append(f"\n{t('detail.note', lang)}: {literal(entry.note)}")
        if entry.mismatch:
            out.append(f"\n{sym.mismatch} {t('detail.mismatch', lang)}", style="bold")
        return out

    def body(self, step: Step, lang: str, ascii_only: bool) -> Text:
        out = Text()
        self._warning(out, step, lang, ascii_only)
        self._menu_why_verify(out, step, lang, ascii_only)
        if step.recheck:
            after = t("hours", lang, hours=step.recheck.hours)
            out.append(f"\n{t('field.recheck', lang)} ({after})\n", style="bold underline")
            out.append(literal(step.recheck.text.get(lang)) + "\n")
        out.append(f"\n{t('field.confidence', lang)}: ", style="bold")
        out.append(t(f"confidence.{step.confidence}", lang) + "\n")
        if step.sources:
            out.append(f"\n{t('field.sources', lang)}\n", style="bold underline")
            for source in step.sources:
                out.append(f"- {literal(source.url, keep_newlines=False)} "
                           f"({t('detail.checked', lang, date=source.checked.isoformat())})\n")
        return out

    @staticmethod
    def _warning(out: Text, step: Step, lang: str, ascii_only: bool) -> None:
        if step.warning or step.irreversible:
            out.append(f"\n{symbols(ascii_only).warning} {t('field.warning', lang)}: ",
                       style="bold reverse")
            warning = step.warning.get(lang) if step.warning else t("detail.irreversible", lang)
            out.append(literal(warning) + "\n", style="bold")

    @staticmethod
    def _menu_why_verify(out: Text, step: Step, lang: str, ascii_only: bool) -> None:
        if step.menu:
            out.append(f"\n{t('field.menu', lang)}\n", style="bold underline")
            out.append(literal(step.menu.get(lang)) + "\n")
            other = "en" if lang == "zh" else "zh"
            shown = step.menu.get(other) != step.menu.get(lang)
            if shown and (not ascii_only or step.menu.get(other).isascii()):
                out.append(f"{t('field.menu_other', lang)}: ", style="italic")
                out.append(literal(step.menu.get(other)) + "\n")
        for key, text in (("field.why", step.why), ("field.verify", step.verify)):
            out.append(f"\n{t(key, lang)}\n", style="bold underline")
            out.append(literal(text.get(lang)) + "\n")

    def presented_body(self, step: Step, lang: str, ascii_only: bool) -> Text:
        """The presenter view below the title: the step's own text only (warning,
        where, why, verify), with room around it; never a status time, note or reason."""
        out = Text()
        self._warning(out, step, lang, ascii_only)
        self._menu_why_verify(out, step, lang, ascii_only)
        return out
