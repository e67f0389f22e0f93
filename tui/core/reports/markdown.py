"""Provides the Markdown renderings of records and reports, in either UI language.

The core imports no catalogue (it sits below tui.i18n), so each renderer takes its
words as a mapping; ENGLISH is the default, and the front ends pass the catalogue's
words for the chosen language (tui.i18n.outputs holds the same keys; a test keeps the
English of both equal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from tui.core.flows.model import Step
from tui.core.present import RecordView, StepView
from tui.core.records.record import Record
from tui.core.safe_text import literal

ENGLISH: dict[str, str] = {
    "md.title": "# signoff records",
    "md.head": "Chain head: `{head}` (write it down; `signoff verify --expect {head}` proves "
               "later that the records up to it were not changed).",
    "md.verify": "Verify: {result}",
    "md.count": "{count} record(s).",
    "md.redacted": " Redacted: notes, reasons, operator and subject removed.",
    "md.what": "- What: {platform} / {surface} / {goal} (flow `{flow}`)",
    "md.when": "- When: {start} to {end}",
    "md.not_finished": "(not finished)",
    "md.flow": "- Flow: `{flow}`, hash `{hash}`; signoff {version}",
    "md.answers": "- Answers: {answers}",
    "md.signed": "- Signed: key {key}",
    "md.unsigned": "- NOT signed: {why}",
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
    "md.shown": "### Steps as shown",
    "md.shown.menu": "   - Where: {text}",
    "md.shown.why": "   - Why: {text}",
    "md.shown.verify": "   - How to check: {text}",
    "md.shown.warning": "   - Warning: {text}",
    "md.shown.recheck": "   - Look again after {hours} h: {text}",
    "md.shown.source": "   - Source: {url} (checked {checked}, {kind})",
    "md.shown.missing": "The step texts this record names are missing or changed "
                        "(`signoff verify` says which).",
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
    "fb.title": "# signoff feedback: steps that did not match the app",
    "fb.intro": "Each flag was set by a person following the step. Names, subjects, notes, skip "
                "reasons and record ids are left out; app version, system and what they saw "
                "are as they typed them.",
    "fb.none": "No step was marked as not matching the app.",
    "fb.step": "## {flow} / {step}: {title} ({count} flag(s))",
    "fb.hash": "Flow version (hash): `{hash}`",
    "fb.item": "- app {app}; system {os}; saw instead: {saw} ({mode}, {lang})",
    "rp.steps": "### Steps skipped or flagged",
    "rp.steps_header": "| step | flow | skipped | did not match | reasons |",
}
"""Every word the Markdown renderings use, by key; `{name}` fields are filled in."""

Words = Mapping[str, str]
Shown = Callable[[Record], Mapping[str, Step]]
"""The steps as a record's run showed them (texts.TextsCache), by step id."""


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


def _shown_lines(record: Record, steps: Mapping[str, Step], w: Words) -> list[str]:
    """What each step said, in the record's language, from the texts the record names:
    the instructions followed, whatever the flow library says today."""
    if not record.texts:
        return []
    if not steps:
        return ["", w["md.shown.missing"]]
    lines = ["", w["md.shown"], ""]
    for n, entry in enumerate(record.steps, start=1):
        step = steps.get(entry.id)
        if step is None:
            continue
        view = StepView.of(step, record.lang)
        lines.append(f"{n}. {md_text(view.title)}")
        for key, text in (("menu", view.menu), ("why", view.why), ("verify", view.verify),
                          ("warning", view.warning)):
            if text:
                lines.append(w[f"md.shown.{key}"].format(text=md_text(text)))
        if view.recheck_hours is not None:
            lines.append(w["md.shown.recheck"].format(hours=view.recheck_hours,
                                                      text=md_text(view.recheck)))
        lines += [w["md.shown.source"].format(url=md_text(s.url), checked=s.checked,
                                              kind=s.kind) for s in view.sources]
    return lines


def markdown_chunks(records: Iterable[Record], redact: bool, count: int | None,
                    words: Words = ENGLISH, head: str | None = None,
                    shown: Shown | None = None, verified: str | None = None,
                    prelude: bool = True, ending: bool = True) -> Iterator[str]:
    """The Markdown export a record at a time (see export.chunks); with `shown`, each
    record's steps as its run showed them."""
    w = words
    if count is None:
        records = list(records)
        count = len(records)
    witness = "" if head is None else w["md.head"].format(head=head) + "\n\n"
    if verified is not None:
        witness += w["md.verify"].format(result=md_text(verified)) + "\n\n"
    if prelude:
        yield (f"{w['md.title']}\n\n{witness}{w['md.count'].format(count=count)}"
               + (w["md.redacted"] if redact else ""))
    for record in records:
        steps = shown(record) if shown is not None else {}
        view = RecordView.of(record, record.lang, steps)
        lines = ["", "", f"## {md_text(record.id)}", ""]
        lines.append(w["md.what"].format(
            platform=md_text(record.platform), surface=md_text(record.surface),
            goal=md_text(record.goal), flow=md_text(record.flow_id)))
        lines.append(w["md.when"].format(start=_iso(record, "started"),
                                         end=_iso(record, "finished") or w["md.not_finished"]))
        lines.append(w["md.flow"].format(flow=md_text(record.flow_id),
                                         hash=md_text(record.flow_hash),
                                         version=md_text(record.app_version) or "?"))
        if record.answers:
            lines.append(w["md.answers"].format(answers=md_text("; ".join(
                f"{q}={a}" for q, a in record.answers.items()))))
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
        if record.key:
            lines.append(w["md.signed"].format(key=md_text(record.key)))
        elif record.unsigned:
            lines.append(w["md.unsigned"].format(why=md_text(record.unsigned)))
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
        if shown is not None:
            lines += _shown_lines(record, steps, w)
        yield "\n".join(lines)
    if ending:
        yield "\n"
