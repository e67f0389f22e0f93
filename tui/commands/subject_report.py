"""Provides `signoff report --subject NAME`: one leaver's runs for an HR auditor.

The selection, the chain head and the verify verdict are the export's (the same
head an auditor writes down and the same verdict `signoff verify` prints), the words
the catalogue's in the chosen language; tui.core.reports.subject lays it out.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from tui.commands.out_file import check_out_file, write_out_file
from tui.commands.records import CommandError, report_damaged, shown_texts, verify
from tui.core.flows.model import Step
from tui.core.records.record import Record
from tui.core.records.store import RecordStore
from tui.core.reports.subject import build, is_subject, subject_markdown
from tui.core.reports.subject_html import subject_html
from tui.core.safe_text import literal
from tui.i18n import t, words_for


def _shown_or_current(store: RecordStore) -> Callable[[Record], Mapping[str, Step]]:
    """A finished run's steps as it showed them (its texts file); an open run has none
    yet, and shows the flow as the library has it now (what resuming it would show),
    so its titles too are in the report's language rather than the run's."""
    shown = shown_texts(store)
    current: dict[str, Mapping[str, Step]] = {}

    def steps(record: Record) -> Mapping[str, Step]:
        if record.texts is not None:
            return shown(record)
        if not current:
            from tui.core.flows.cache import load_library_cached
            from tui.paths import builtin_flows_dir, cache_dir, user_flows_dir

            library = load_library_cached([builtin_flows_dir(), user_flows_dir()],
                                          cache_dir())
            current.update({flow.id: {use.step.id: use.step for use in flow.steps}
                            for flow in library.flows.values()})
        return current.get(record.flow_id, {})

    return steps


def subject_report(store: RecordStore, *, subject: str, fmt: str, lang: str,
                   out: str | None, practice: bool = False) -> str:
    """The report on `subject` (name or employee id, whole, any case) as Markdown or
    HTML: real runs only unless `practice`, which adds the practice runs (a trainer's
    dry run for the leaver is part of the story only when someone asks for it). With
    `out`, the text is written there and "" returned."""
    target = Path(out) if out is not None else None
    if target is not None:
        check_out_file(target)  # before the work: a wrong name is said at once
    chosen = store.select(lambda s: is_subject(s, subject)
                          and (practice or s.mode == "real"))
    report_damaged(chosen.damaged)
    if chosen.count == 0:
        raise CommandError(t("sr.not_found", lang,
                             name=literal(f'"{subject[:80]}"', keep_newlines=False)))
    from tui.core.records.head import current_witness

    _, verdict = verify(store, lang)
    words = words_for(("md.", "sr."), lang)
    report = build(chosen.records, head=current_witness(store.root) or "",
                   verified=verdict.splitlines()[-1], practice=practice, words=words,
                   lang=lang, shown=_shown_or_current(store))
    text = (subject_html(report, lang, words) if fmt == "html"
            else subject_markdown(report, words))
    if target is None:
        return text
    write_out_file(target, text.encode("utf-8"))
    sys.stderr.write(f"signoff: wrote {len(report.runs)} run(s) to {target}.\n")
    return ""
