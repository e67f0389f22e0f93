"""Provides SummaryScreen: what a run did, what to re-check and when, and where its
record is; used at the end of a run and to open a record from history."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.binding import Binding

from tui.app.screens.exporting import ask_and_export
from tui.app.screens.page import PageScreen
from tui.app.widgets.step_detail import when
from tui.core.present import RecordView
from tui.core.records.record import Record, Status
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
        Binding("ctrl+d", "page(1)", show=False, id="summary.page_down"),
        Binding("ctrl+u", "page(-1)", show=False, id="summary.page_up"),
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
        view = RecordView.of(record, lang, app.steps_of(record))
        if not private:
            out.append(t("summary.who", lang, mode=t(f"mode.{record.mode}", lang),
                         operator=view.operator or none, subject=view.subject or none) + "\n")
        out.append(t("checklist.progress", lang, done=len(view.with_status("done")),
                     total=len(view.applicable), skipped=len(view.with_status("skipped")),
                     todo=len(view.with_status("pending"))) + "\n")
        groups: tuple[tuple[Status, str, str], ...] = (
            ("done", "summary.done", sym.done), ("skipped", "summary.skipped", sym.skipped),
            ("pending", "summary.pending", sym.pending))
        for status, heading, mark in groups:
            lines = view.with_status(status)
            if not lines:
                continue
            out.append(f"\n{t(heading, lang)}\n", style="bold underline")
            for line in lines:
                out.append(f"{mark} {line.title}")
                if line.reason and not private:
                    out.append(f" - {t('detail.reason', lang)}: {line.reason}")
                out.append("\n")
        if view.noted and not private:
            out.append(f"\n{t('summary.notes', lang)}\n", style="bold underline")
            for line in view.noted:
                out.append(f"- {line.title}: {line.note}\n")
        if view.flagged:
            out.append(f"\n{t('summary.mismatch', lang)}\n", style="bold underline")
            for line in view.flagged:
                out.append(f"{sym.mismatch} {line.title}\n")
        if view.rechecks:
            out.append(f"\n{t('summary.recheck', lang)}\n", style="bold underline")
            for recheck in view.rechecks:
                row = t("summary.recheck_row", lang, when=when(recheck.due), text=recheck.text)
                out.append(f"- {recheck.title}: {row}\n")
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
                             self.signoff.store)
