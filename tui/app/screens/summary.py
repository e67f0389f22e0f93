"""Provides SummaryScreen: what a run did, what to re-check and when, and where its
record is; used at the end of a run and to open a record from history."""

from __future__ import annotations

from datetime import timedelta

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding

from tui.app.screens.exporting import ask_and_export
from tui.app.screens.page import PageScreen
from tui.app.widgets.step_detail import when
from tui.core.records.record import Record
from tui.core.safe_text import literal
from tui.glyphs import symbols
from tui.i18n import t


class SummaryScreen(PageScreen):
    """A finished (or any) record, read-only."""

    BINDINGS = [
        Binding("e", "export", "Export", id="summary.export"),
        Binding("b", "close", "Close", id="summary.close"),
        Binding("escape", "close", "Close", show=False, id="summary.close_alt"),
        Binding("j", "scroll(1)", show=False, id="summary.scroll_down"),
        Binding("k", "scroll(-1)", show=False, id="summary.scroll_up"),
    ]
    PAGE = "summary"

    def __init__(self, record: Record, *, just_finished: bool = False) -> None:
        super().__init__()
        self.record = record
        self.just_finished = just_finished

    def render_page(self) -> RenderableType:
        return self.render_summary()

    def render_summary(self) -> Text:
        record, lang, app = self.record, self.lang, self.signoff
        sym = symbols(app.plain_symbols)
        outcome = t(f"outcome.{record.outcome}", lang)
        key = "summary.title" if self.just_finished else "summary.record_title"
        out = Text(t(key, lang, outcome=outcome) + "\n", style="bold", overflow="fold")
        out.append(literal(app.describe(record, lang)) + "\n")
        none = t("summary.none", lang)
        private = app.present and self.just_finished  # from the presenter view: nothing personal
        if not private:
            out.append(t("summary.who", lang, mode=t(f"mode.{record.mode}", lang),
                         operator=literal(record.operator) or none,
                         subject=literal(record.subject) or none) + "\n")
        counts = record.counts()
        total = len(record.applicable())
        out.append(t("checklist.progress", lang, done=counts["done"], total=total,
                     skipped=counts["skipped"], todo=counts["pending"]) + "\n")
        titles = app.step_titles(record, lang)
        groups = (("done", "summary.done", sym.done), ("skipped", "summary.skipped",
                  sym.skipped), ("pending", "summary.pending", sym.pending))
        for status, heading, mark in groups:
            entries = [e for e in record.steps if e.status == status]
            if not entries:
                continue
            out.append(f"\n{t(heading, lang)}\n", style="bold underline")
            for entry in entries:
                out.append(f"{mark} {literal(titles.get(entry.id, entry.title))}")
                if entry.reason and not private:
                    out.append(f" - {t('detail.reason', lang)}: {literal(entry.reason)}")
                out.append("\n")
        noted = [e for e in record.steps if e.note and not private]
        if noted:
            out.append(f"\n{t('summary.notes', lang)}\n", style="bold underline")
            for entry in noted:
                out.append(f"- {literal(titles.get(entry.id, entry.title))}: "
                           f"{literal(entry.note)}\n")
        flagged = [e for e in record.steps if e.mismatch]
        if flagged:
            out.append(f"\n{t('summary.mismatch', lang)}\n", style="bold underline")
            for entry in flagged:
                out.append(f"{sym.mismatch} {literal(titles.get(entry.id, entry.title))}\n")
        rechecks = app.rechecks(record)
        if rechecks:
            out.append(f"\n{t('summary.recheck', lang)}\n", style="bold underline")
            for step, at in rechecks:
                due = when(at + timedelta(hours=step.recheck.hours)) if step.recheck else ""
                text = step.recheck.text.get(lang) if step.recheck else ""
                out.append(f"- {literal(step.title.get(lang))}: "
                           f"{t('summary.recheck_row', lang, when=due, text=literal(text))}\n")
        if not private:
            out.append("\n" + t("summary.saved_at", lang, path="") + "\n")
            out.append(str(app.store.path_for(record.id)) + "\n")
        self._append_proof(out)
        return out

    def _append_proof(self, out: Text) -> None:
        """The witness (the head this record made) and who signed it: neither is
        personal, so the presenter view shows them too."""
        record, lang = self.record, self.lang
        if record.chain is not None:
            from tui.core.records.head import witness

            out.append("\n" + t("summary.head", lang, head=witness(record.chain.seq,
                                                                  record.chain.hash)) + "\n",
                       style="bold")
        if record.key:
            out.append(t("summary.signed", lang, fingerprint=record.key) + "\n")
        elif record.unsigned:
            out.append(t("summary.unsigned", lang, reason=literal(record.unsigned.rstrip(".")))
                       + "\n", style="bold")


    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        await ask_and_export(self, [self.record], self.lang, f"signoff-{self.record.id}",
                             self.signoff.store.root)
