"""Provides ReportScreen: the class (or personal) report in the app, per operator or per
flow, real runs and practice runs in separate tables; export as Markdown or CSV."""

from __future__ import annotations

from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.binding import Binding

from tui.app.background_reads import read_in_background
from tui.app.screens.dialogs import ExportModal, ExportRequest
from tui.app.screens.page import PageScreen
from tui.core.reports.report import GROUPINGS, ReportRow, StepRow, build_reports
from tui.core.safe_text import literal
from tui.i18n import t, words_for

COLUMNS = ("runs", "completed", "incomplete", "in_progress", "minutes", "skipped", "mismatch")


def write_report(rows: list[ReportRow], by: str, request: ExportRequest,
                 lang: str = "en", steps: list[StepRow] | None = None) -> None:
    """The same Markdown or CSV as `signoff report --lang LANG`, written atomically,
    and only as a regular file: renaming over a device node or a FIFO replaces it."""
    from tui.core.records.files import atomic_write, not_a_regular_file
    from tui.core.reports.report import report_csv, report_markdown

    if (why := not_a_regular_file(request.path)) is not None:
        raise ValueError(why)
    text = report_csv(rows, by) if request.fmt == "csv" \
        else report_markdown(rows, by, words_for(("rp.",), lang), steps)
    atomic_write(request.path, text.encode("utf-8"))


class ReportScreen(PageScreen):
    """Runs, completions, median time, skipped steps (with reasons) and "did not match
    my app" flags, grouped by operator or by flow. The records are read in a thread."""

    BINDINGS = [
        Binding("g", "group", "By operator/flow", id="report.group"),
        Binding("e", "export", "Export", id="report.export"),
        Binding("b", "close", "Back", id="report.close"),
        Binding("escape", "close", "Back", show=False, id="report.close_alt"),
        Binding("j", "scroll(1)", show=False, id="report.scroll_down"),
        Binding("k", "scroll(-1)", show=False, id="report.scroll_up"),
        Binding("ctrl+d", "page(1)", show=False, id="report.page_down"),
        Binding("ctrl+u", "page(-1)", show=False, id="report.page_up"),
    ]
    PAGE = "report"

    def __init__(self, by: str = "operator") -> None:
        super().__init__()
        self.by = by
        """"operator" or "flow"."""
        self.count: int | None = None
        """How many records the report counts; None while they are read."""
        self.rows: dict[str, list[ReportRow]] = {}
        self.steps: list[StepRow] = []
        """The steps skipped or flagged, for the Markdown export (titles in the language
        the report was opened in)."""
        """The rows for each grouping, made in one pass as the records are read."""

    def on_mount(self) -> None:
        super().on_mount()
        self.load()

    def load(self) -> None:
        """Every record, a record at a time, off the UI thread (stopped if the screen
        is closed first)."""
        read_in_background(self, self._read, self._read_done, group="report-load")

    def _read(self) -> tuple[int, dict[str, list[ReportRow]], list[StepRow]]:
        from tui.core.reports.report import library_titles
        from tui.runtime.stop import checked

        chosen = self.signoff.store.select(lambda summary: True)
        library = self.signoff.library
        titles = library_titles(library, self.lang) if library is not None \
            else (lambda flow_id, step_id, kept: kept)
        steps: list[StepRow] = []
        rows = build_reports(checked(chosen.records), GROUPINGS, titles,
                             steps)  # a record at a time, never all of them
        return chosen.count, rows, steps

    def _read_done(self, found: tuple[int, dict[str, list[ReportRow]], list[StepRow]]
                   ) -> None:
        count, rows, self.steps = found
        self._loaded(count, rows)

    def _loaded(self, count: int, rows: dict[str, list[ReportRow]]) -> None:
        self.count, self.rows = count, rows
        self.relabel()

    def render_page(self) -> RenderableType:
        return self.render_report()

    def _row_name(self, row: ReportRow) -> str:
        if self.by == "operator" and row.key == "(no operator)":
            return t("report.no_operator", self.lang)
        return literal(row.key, keep_newlines=False)

    def _table(self, rows: list[ReportRow]) -> Table:
        lang = self.lang
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column(t(f"report.by.{self.by}", lang), overflow="fold")
        for name in COLUMNS:
            table.add_column(t(f"report.col.{name}", lang), justify="right")
        for row in rows:
            minutes = row.median_minutes
            table.add_row(Text(self._row_name(row)), str(row.runs), str(row.completed),
                          str(row.incomplete), str(row.in_progress),
                          "-" if minutes is None else f"{minutes:.1f}", str(len(row.skipped)),
                          str(len(row.mismatches)))
        return table

    def render_report(self) -> RenderableType:
        lang = self.lang
        title = Text(t("report.title", lang, by=t(f"report.by.{self.by}", lang)), style="bold")
        if self.count is None:
            return Group(title, Text(t("report.loading", lang)))
        if not self.count:
            return Group(title, Text(t("report.none", lang)))
        rows = self.rows[self.by]
        parts: list[RenderableType] = [
            title, Text(t("report.count", lang, count=self.count), style="dim")]
        for mode in ("real", "practice"):
            part = [r for r in rows if r.mode == mode]
            if not part:
                continue
            parts += [Text(f"\n{t(f'report.{mode}', lang)}  [{t(f'mode.{mode}', lang)}]",
                           style="bold underline"), self._table(part)]
            details = Text()
            for row in part:
                for item in row.skipped:
                    details.append(f"{self._row_name(row)}: {t('report.skipped', lang)}: "
                                   f"{literal(item, keep_newlines=False)}\n")
                for item in row.mismatches:
                    details.append(f"{self._row_name(row)}: {t('report.mismatch', lang)}: "
                                   f"{literal(item, keep_newlines=False)}\n")
            if details:
                parts.append(Text("\n") + details)
        return Group(*parts)

    def action_group(self) -> None:
        self.by = GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)]
        self.relabel()


    @work(exclusive=True, group="export")
    async def action_export(self) -> None:
        count, lang, by = self.count, self.lang, self.by
        if not count:
            self.notify(t("history.nothing", lang), severity="warning")
            return
        rows = self.rows[by]
        request = await self.app.push_screen_wait(ExportModal(
            lang, count, Path.cwd(), f"signoff-report-{by}", formats=("md", "csv"),
            title=t("report.export_title", lang)))
        if request is None:
            return

        def write() -> None:
            try:
                write_report(rows, by, request, lang, self.steps)
            except (OSError, ValueError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                self.app.call_from_thread(self.notify, t("export.failed", lang, reason=reason),
                                          severity="error")
                return
            self.app.call_from_thread(self.notify,
                                      t("report.exported", lang, path=str(request.path)))

        self.run_worker(write, thread=True, group="export-write")
