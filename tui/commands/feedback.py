"""Provides `signoff feedback`: the "did not match my app" flags of every record in the
folder, redacted, as one Markdown or JSON Lines file for the flow maintainers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from tui.commands.out_file import write_out_file
from tui.commands.records import report_damaged
from tui.core.records.store import RecordStore
from tui.core.reports.feedback import flags, to_jsonl, to_markdown
from tui.i18n import t, words_for
from tui.runtime.gc_pause import without_gc


@without_gc
def feedback(store: RecordStore, *, fmt: str, out: str | None, to: TextIO,
             lang: str = "en") -> None:
    """Write every flag to `out` (a regular file, replaced atomically) or to `to`."""
    chosen = store.select(lambda _summary: True)
    report_damaged(chosen.damaged)
    items = list(flags(chosen.records))
    text = to_jsonl(items) if fmt == "jsonl" else to_markdown(items, words_for(("fb.",), lang))
    if out is None:
        to.write(text)
        return
    target = Path(out)
    write_out_file(target, text.encode("utf-8"))
    sys.stderr.write(t("feedback.written", lang, count=len(items), path=target) + "\n")
