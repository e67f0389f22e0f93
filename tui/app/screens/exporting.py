"""Provides `ask_and_export`: the export dialog, then the writing in a worker thread,
so a long export never freezes the screen. The file is written atomically."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from tui.app.screens.dialogs import ExportModal, ExportRequest
from tui.core.records.files import atomic_write_chunks
from tui.core.records.record import Record
from tui.i18n import t, words_for


def write_export(records: list[Record], request: ExportRequest, lang: str = "en",
                 head: str | None = None) -> int:
    """Render the records (Markdown in the app's language, the chain head at the top)
    and write them; returns how many were written."""
    from tui.core.records.files import not_a_regular_file
    from tui.core.reports.export import chunks

    if (why := not_a_regular_file(request.path)) is not None:
        raise ValueError(why)
    pieces = chunks(records, request.fmt, redact=request.redact, head=head,
                    words=words_for(("md.",), lang))
    atomic_write_chunks(request.path, (piece.encode("utf-8") for piece in pieces))
    return len(records)


async def ask_and_export(screen: Screen[None], records: list[Record], lang: str,
                         stem: str, records_dir: Path) -> None:
    """Run inside a worker: ask for format and path, then export in a thread worker."""
    if not records:
        screen.notify(t("history.nothing", lang), severity="warning")
        return
    request = await screen.app.push_screen_wait(ExportModal(lang, len(records), Path.cwd(), stem))
    if request is None:
        return

    def work() -> None:
        try:
            from tui.core.records.head import current_witness

            count = write_export(records, request, lang, current_witness(records_dir))
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            screen.app.call_from_thread(screen.notify, t("export.failed", lang, reason=reason),
                                        severity="error")
            return
        screen.app.call_from_thread(screen.notify, t("export.done", lang, count=count,
                                                     path=str(request.path)))

    screen.run_worker(work, thread=True, group="export-write")
