"""Provides class and personal summaries of records: per operator, per flow or per
subject (the departing employee: one row per leaver, the runs done for them).

Practice and real runs are always counted apart (the mode is part of every row's key),
so a training session never inflates the count of real sign-outs.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tui.core.flows.model import Library
from tui.core.records.record import Record
from tui.core.reports.export import cell
from tui.core.reports.markdown import ENGLISH, Words, md_text

GROUPINGS = ("operator", "flow", "subject")

Titles = Callable[[str, str, str], str]
"""(flow id, step id, the title the record kept) -> the step's title in the report's
language: the front end looks it up in the flow library, the record's is the fallback."""


def _kept(flow_id: str, step_id: str, title: str) -> str:
    return title


def library_titles(library: Library, lang: str) -> Titles:
    """Step titles in `lang` from the flow library; the record's own for a step the
    library no longer has."""
    titles = {(flow.id, use.step.id): use.step.title.get(lang)
              for flow in library.flows.values() for use in flow.steps}
    return lambda flow_id, step_id, kept: titles.get((flow_id, step_id), kept)


@dataclass
class ReportRow:
    mode: str
    key: str
    runs: int = 0
    completed: int = 0
    incomplete: int = 0
    in_progress: int = 0
    minutes: list[float] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def median_minutes(self) -> float | None:
        return statistics.median(self.minutes) if self.minutes else None


@dataclass
class StepRow:
    """One step of one flow that trainees skipped or flagged, with how many and why."""

    mode: str
    flow_id: str
    step_id: str
    title: str
    order: int
    """The step's place in its flow, so the table follows the flow."""
    skipped: int = 0
    mismatches: int = 0
    reasons: list[str] = field(default_factory=list)


def build_report(records: Iterable[Record], by: str, titles: Titles = _kept,
                 steps: list[StepRow] | None = None) -> list[ReportRow]:
    """The rows grouped `by`; with `steps`, also fills it with the per-step rows."""
    return build_reports(records, (by,), titles, steps)[by]


def build_reports(records: Iterable[Record], groupings: Iterable[str] = GROUPINGS,
                  titles: Titles = _kept, steps: list[StepRow] | None = None,
                  ) -> dict[str, list[ReportRow]]:
    """The rows for each grouping, from one pass over `records`: a stream read a record
    at a time is never held whole (100,000 records took 700 MB as a list)."""
    tables: dict[str, dict[tuple[str, str], ReportRow]] = {}
    for by in groupings:
        if by not in GROUPINGS:
            raise ValueError(f"group by one of {', '.join(GROUPINGS)}")
        tables[by] = {}
    per_step: dict[tuple[str, str, str], StepRow] = {}
    for record in records:
        for by, rows in tables.items():
            key = _key(record, by)
            row = rows.setdefault((record.mode, key), ReportRow(record.mode, key))
            _count(row, record, titles)
        _count_steps(per_step, record, titles)
    if steps is not None:
        steps[:] = sorted(per_step.values(), key=lambda s: (s.mode != "real", s.flow_id,
                                                            s.order))
    return {by: sorted(rows.values(), key=lambda r: (r.mode != "real", r.key))
            for by, rows in tables.items()}


def _count_steps(rows: dict[tuple[str, str, str], StepRow], record: Record,
                 titles: Titles) -> None:
    for order, step in enumerate(record.steps):
        if step.status != "skipped" and not step.mismatch:
            continue
        row = rows.get((record.mode, record.flow_id, step.id))
        if row is None:
            row = rows[(record.mode, record.flow_id, step.id)] = StepRow(
                record.mode, record.flow_id, step.id,
                titles(record.flow_id, step.id, step.title), order)
        if step.status == "skipped":
            row.skipped += 1
            row.reasons.append(step.reason)
        row.mismatches += step.mismatch


def _key(record: Record, by: str) -> str:
    if by == "operator":
        return record.operator or "(no operator)"
    if by == "subject":  # the employee id keeps two leavers with one name apart
        return record.who or "(no subject)"
    return record.flow_id


def _count(row: ReportRow, record: Record, titles: Titles = _kept) -> None:
    row.runs += 1
    if record.outcome == "completed":
        row.completed += 1
    elif record.outcome == "in-progress":
        row.in_progress += 1
    else:
        row.incomplete += 1
    if record.finished is not None:
        row.minutes.append((record.finished - record.started).total_seconds() / 60)
    for step in record.steps:
        title = titles(record.flow_id, step.id, step.title)
        if step.status == "skipped":
            row.skipped.append(f"{title}: {step.reason}")
        if step.mismatch:
            row.mismatches.append(f"{record.flow_id} / {title}")


def _minutes(row: ReportRow) -> str:
    value = row.median_minutes
    return "-" if value is None else f"{value:.1f}"


def report_markdown(rows: list[ReportRow], by: str, words: Words = ENGLISH,
                    steps: list[StepRow] | None = None) -> str:
    """The report; with `steps`, each mode's table is followed by the steps trainees
    skipped or flagged (how many, and every reason given)."""
    w = words
    out = [w["rp.title"].format(by=w[f"rp.by.{by}"]), ""]
    for mode in ("real", "practice"):
        part = [r for r in rows if r.mode == mode]
        if not part:
            continue
        out += [w[f"rp.{mode}"], "", w["rp.header"].format(by=w[f"rp.by.{by}"]),
                "|---|---|---|---|---|---|---|---|"]
        for r in part:
            out.append(f"| {md_text(r.key)} | {r.runs} | {r.completed} | {r.incomplete} | "
                       f"{r.in_progress} | {_minutes(r)} | {len(r.skipped)} | "
                       f"{len(r.mismatches)} |")
        details = [r for r in part if r.skipped or r.mismatches]
        for r in details:
            out += ["", f"### {md_text(r.key)}"]
            out += [w["rp.skipped"].format(text=md_text(s)) for s in r.skipped]
            out += [w["rp.mismatch"].format(text=md_text(m)) for m in r.mismatches]
        out += _step_table([s for s in steps or [] if s.mode == mode], w)
        out.append("")
    if len(out) == 2:
        out.append(w["rp.none"])
    return "\n".join(out).rstrip() + "\n"


def _step_table(steps: list[StepRow], w: Words) -> list[str]:
    if not steps:
        return []
    out = ["", w["rp.steps"], "", w["rp.steps_header"], "|---|---|---|---|---|"]
    for s in steps:
        reasons = "; ".join(md_text(r) for r in s.reasons)
        out.append(f"| {md_text(s.title)} | {md_text(s.flow_id)} | {s.skipped} | "
                   f"{s.mismatches} | {reasons} |")
    return out


def report_csv(rows: list[ReportRow], by: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["mode", by, "runs", "completed", "not_completed", "in_progress",
                     "median_minutes", "skipped_steps", "did_not_match", "skipped_reasons"])
    for r in rows:
        writer.writerow([cell(v) for v in (r.mode, r.key, r.runs, r.completed, r.incomplete,
                                            r.in_progress, _minutes(r), len(r.skipped),
                                            len(r.mismatches), " | ".join(r.skipped))])
    return "\ufeff" + buffer.getvalue()
