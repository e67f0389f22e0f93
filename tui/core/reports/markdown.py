"""Provides the Markdown renderings of records and reports, in either UI language.

The core imports no catalogue (it sits below tui.i18n), so each renderer takes its
words as a mapping; ENGLISH is the default, and the front ends pass the catalogue's
words for the chosen language (tui.i18n.outputs holds the same keys; a test keeps the
English of both equal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from tui.core.present import RecordView
from tui.core.records.record import Record
from tui.core.safe_text import literal

ENGLISH: dict[str, str] = {
    "md.title": "# signoff records",
    "md.head": "Chain head: `{head}` (write it down; `signoff verify --expect {head}` proves "
               "later that the records up to it were not changed).",
    "md.count": "{count} record(s).",
    "md.redacted": " Redacted: notes, reasons, operator and subject removed.",
    "md.what": "- What: {platform} / {surface} / {goal} (flow `{flow}`)",
    "md.when": "- When: {start} to {end}",
    "md.not_finished": "(not finished)",
    "md.who": "- Who: {who}",
    "md.operator": "operator {name}",
    "md.subject": "subject {name}",
    "md.not_given": "(not given)",
    "md.mode": "- Mode: {mode}; outcome: {outcome}",
    "md.chain": "- Chain: place {seq}, hash `{hash}`, previous `{prev}`",
    "md.header": "| # | Step | Status | Time | Reason or note |",
    "md.mismatch": "did not match the app",
    "md.status.done": "done",
    "md.status.skipped": "skipped",
    "md.status.pending": "not done",
    "md.status.not-applicable": "not applicable",
    "md.mode.real": "real",
    "md.mode.practice": "practice",
    "md.outcome.in-progress": "in-progress",
    "md.outcome.completed": "completed",
    "md.outcome.incomplete": "incomplete",
    "md.outcome.abandoned": "abandoned",
    "rp.title": "# signoff report, by {by}",
    "rp.by.operator": "operator",
    "rp.by.flow": "flow",
    "rp.by.subject": "subject",
    "rp.real": "## Real runs",
    "rp.practice": "## Practice runs",
    "rp.header": "| {by} | runs | completed | not completed | in progress | median minutes "
                 "| skipped steps | did not match |",
    "rp.skipped": "- skipped: {text}",
    "rp.mismatch": "- did not match the app: {text}",
    "rp.none": "No records match.",
}
"""Every word the Markdown renderings use, by key; `{name}` fields are filled in."""

Words = Mapping[str, str]


def md_text(text: str) -> str:
    """Literal text inside a Markdown table or line: no markup, no HTML, no links, no
    entities (`&amp;` stays as typed), no control characters. Shared by the export and
    the report."""
    escaped = literal(text, keep_newlines=False)
    for ch in "\\|*_`[]<>#&":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def _iso(record: Record, which: str) -> str:
    value = record.started if which == "started" else record.finished
    return value.isoformat() if value else ""


def markdown_chunks(records: Iterable[Record], redact: bool, count: int | None,
                    words: Words = ENGLISH, head: str | None = None) -> Iterator[str]:
    """The Markdown export a record at a time (see export.chunks)."""
    w = words
    if count is None:
        records = list(records)
        count = len(records)
    witness = "" if head is None else w["md.head"].format(head=head) + "\n\n"
    yield (f"{w['md.title']}\n\n{witness}{w['md.count'].format(count=count)}"
           + (w["md.redacted"] if redact else ""))
    for record in records:
        view = RecordView.of(record, record.lang)
        lines = ["", "", f"## {md_text(record.id)}", ""]
        lines.append(w["md.what"].format(
            platform=md_text(record.platform), surface=md_text(record.surface),
            goal=md_text(record.goal), flow=md_text(record.flow_id)))
        lines.append(w["md.when"].format(start=_iso(record, "started"),
                                         end=_iso(record, "finished") or w["md.not_finished"]))
        if not redact:
            who = ", ".join(x for x in (
                w["md.operator"].format(name=md_text(view.operator)) if view.operator
                else "",
                w["md.subject"].format(name=md_text(view.subject)) if view.subject
                else "", md_text(", ".join(f"{k} {v}" for k, v in record.fields.items())))
                if x)
            lines.append(w["md.who"].format(who=who or w["md.not_given"]))
        lines.append(w["md.mode"].format(mode=w[f"md.mode.{record.mode}"],
                                         outcome=w[f"md.outcome.{record.outcome}"]))
        if record.chain:
            lines.append(w["md.chain"].format(seq=record.chain.seq, hash=record.chain.hash,
                                              prev=record.chain.prev))
        lines += ["", w["md.header"], "|---|---|---|---|---|"]
        for line in view.lines:
            reason, note = ("", "") if redact else (line.reason, line.note)
            extra = "; ".join(x for x in (reason, note) if x)
            if line.mismatch:
                extra = (extra + "; " if extra else "") + w["md.mismatch"]
            at = line.at.isoformat() if line.at else "-"
            lines.append(f"| {line.n} | {md_text(line.title)} | "
                         f"{w['md.status.' + line.status]} | {at} | {md_text(extra) or '-'} |")
        yield "\n".join(lines)
    yield "\n"
