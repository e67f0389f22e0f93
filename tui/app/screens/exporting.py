"""Provides `ask_and_export`: the export dialog, then the writing in a worker thread,
so a long export never freezes the screen. The file is written atomically.

What the app writes is what `signoff export` writes of the same records: the chain
head, the verdict of verify (tui/verdict.py) and the step texts as the runs showed
them, labelled in the app's language."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from tui.app.screens.dialogs import ExportModal, ExportRequest
from tui.core.records.files import atomic_write_chunks
from tui.core.records.record import Record
from tui.core.records.store import RecordStore
from tui.i18n import t, words_for


def write_export(records: list[Record], request: ExportRequest, store: RecordStore,
                 lang: str = "en") -> int:
    """Verify the folder, then render the records with its head and verdict and write
    them; returns how many were written. Verify runs first and in full, as the
    command's does: a verdict is only worth carrying if it covers the folder now."""
    from tui.core.records.files import not_a_regular_file
    from tui.core.records.head import current_witness
    from tui.core.records.texts import TextsCache
    from tui.core.reports.export import chunks
    from tui.verdict import verdict

    if (why := not_a_regular_file(request.path)) is not None:
        raise ValueError(why)
    head = current_witness(store.root)
    _, said = verdict(store, lang)
    texts = TextsCache(store.root)
    verified = said.splitlines()[-1]
    if request.fmt == "xlsx":  # the CSV's table, every cell text (reports/xlsx.py)
        from tui.core.reports.export import table_rows
        from tui.core.reports.xlsx import workbook_bytes

        rows = table_rows(records, request.redact, head,
                          lambda record: texts.steps_for(record.texts), verified,
                          words_for(("csv.",), lang))
        atomic_write_chunks(request.path, [workbook_bytes(rows)])
        return len(records)
    pieces = chunks(records, request.fmt, redact=request.redact, head=head,
                    words=words_for(("md.", "csv."), lang),
                    shown=lambda record: texts.steps_for(record.texts), verified=verified)
    atomic_write_chunks(request.path, (piece.encode("utf-8") for piece in pieces))
    return len(records)


async def ask_and_export(screen: Screen[None], records: list[Record], lang: str,
                         stem: str, store: RecordStore) -> None:
    """Run inside a worker: ask for format and path, then export in a thread worker."""
    if not records:
        screen.notify(t("history.nothing", lang), severity="warning")
        return
    request = await screen.app.push_screen_wait(ExportModal(lang, len(records), Path.cwd(), stem))
    if request is None:
        return

    def work() -> None:
        try:
            count = write_export(records, request, store, lang)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            screen.app.call_from_thread(screen.notify, t("export.failed", lang, reason=reason),
                                        severity="error")
            return
        screen.app.call_from_thread(screen.notify, t("export.done", lang, count=count,
                                                     path=str(request.path)))

    screen.run_worker(work, thread=True, group="export-write")
