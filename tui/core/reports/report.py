"""Provides class and personal summaries of records: per operator, per flow or per
subject (the departing employee: one row per leaver, the runs done for them).

Practice and real runs are always counted apart (the mode is part of every row's key),
so a training session never inflates the count of real sign-outs.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.core.records.record import Record
from tui.core.reports.export import cell
from tui.core.reports.markdown import ENGLISH, Words, md_text

GROUPINGS = ("operator", "flow", "subject")


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


def build_report(records: Iterable[Record], by: str) -> list[ReportRow]:
    return build_reports(records, (by,))[by]


def build_reports(records: Iterable[Record],
                  groupings: Iterable[str] = GROUPINGS) -> dict[str, list[ReportRow]]:
    """The rows for each grouping, from one pass over `records`: a stream read a record
    at a time is never held whole (100,000 records took 700 MB as a list)."""
    tables: dict[str, dict[tuple[str, str], ReportRow]] = {}
    for by in groupings:
        if by not in GROUPINGS:
            raise ValueError(f"group by one of {', '.join(GROUPINGS)}")
        tables[by] = {}
    for record in records:
        for by, rows in tables.items():
            key = _key(record, by)
            row = rows.setdefault((record.mode, key), ReportRow(record.mode, key))
            _count(row, record)
    return {by: sorted(rows.values(), key=lambda r: (r.mode != "real", r.key))
            for by, rows in tables.items()}


def _key(record: Record, by: str) -> str:
    if by == "operator":
        return record.operator or "(no operator)"
    if by == "subject":  # the employee id keeps two leavers with one name apart
        return record.who or "(no subject)"
    return record.flow_id


def _count(row: ReportRow, record: Record) -> None:
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
        if step.status == "skipped":
            row.skipped.append(f"{step.title}: {step.reason}")
        if step.mismatch:
            row.mismatches.append(f"{record.flow_id} / {step.id}")


def _minutes(row: ReportRow) -> str:
    value = row.median_minutes
    return "-" if value is None else f"{value:.1f}"


def report_markdown(rows: list[ReportRow], by: str, words: Words = ENGLISH) -> str:
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
        out.append("")
    if len(out) == 2:
        out.append(w["rp.none"])
    return "\n".join(out).rstrip() + "\n"


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
