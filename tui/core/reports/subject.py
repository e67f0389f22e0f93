"""Provides the per-subject report an HR auditor reads (#20 item 5), as Markdown.

An offboarding audit asks about one leaver: every run done for them, every step with
who did it, when (the local time it was recorded, with its offset, so nobody has to
guess the zone), what became of it and why, which flow version was followed, which
key signed it, and whether the trail still holds (chain head and verify verdict at
the top). `SubjectReport` gathers that once; this module writes it as Markdown and
subject_html.py as printable HTML, so both say the same thing.

The core imports no catalogue, so the words come in as a mapping: ENGLISH holds the
`sr.` keys (tui.i18n.audit has the same keys in both languages; a test keeps the
English equal), and the statuses, modes and outcomes are markdown.py's `md.` words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from tui.core.records.record import Record
from tui.core.reports.markdown import ENGLISH as MD_ENGLISH
from tui.core.reports.markdown import Shown, md_text
from tui.core.safe_text import literal

ENGLISH: dict[str, str] = {
    "sr.title": "Offboarding report: {who}",
    "sr.field.employee_id": "Employee id",
    "sr.field.department": "Department",
    "sr.field.ticket": "Ticket",
    "sr.field.last_day": "Last working day",
    "sr.head": "Chain head",
    "sr.verify": "Verify",
    "sr.count": "Runs",
    "sr.practice": "practice runs included",
    "sr.run": "Run {n}: {id}",
    "sr.flow": "Flow",
    "sr.version": "Flow version (hash)",
    "sr.started": "Started",
    "sr.finished": "Finished",
    "sr.not_finished": "(not finished)",
    "sr.operator": "Operator",
    "sr.outcome": "Outcome",
    "sr.outcome_value": "{mode}, {outcome}",
    "sr.key": "Signed with key",
    "sr.unsigned": "NOT signed",
    "sr.not_signed_yet": "not signed yet (the run is not finished)",
    "sr.place": "Place in the chain",
    "sr.col.n": "#",
    "sr.col.step": "Step",
    "sr.col.status": "Status",
    "sr.col.who": "Who",
    "sr.col.when": "When",
    "sr.col.why": "Reason or note",
    "sr.mismatch": "did not match the app",
    "sr.times": "Times are local, as recorded, with their offset from UTC.",
    "sr.not_found": "no record has the subject or employee id {name}; "
                    "'signoff report --by subject' lists the subjects",
}
"""The report's own words, by key; `{name}` fields are filled in."""

WORDS: dict[str, str] = {**MD_ENGLISH, **ENGLISH}
"""What the renderers take: their own words and markdown.py's status words."""

Words = Mapping[str, str]


def is_subject(record: object, wanted: str) -> bool:
    """Whether a record (or its summary) is about `wanted`: the subject's name or its
    employee id, whole and ignoring case. A part of a name is not enough: an audit of
    "Li" must not pull in "Li Na" and "Li Wei"."""
    key = wanted.strip().casefold()
    subject = str(getattr(record, "subject", "")).strip().casefold()
    fields = dict(getattr(record, "fields", ()) or ())
    return bool(key) and (key == subject
                          or key == str(fields.get("employee_id", "")).strip().casefold())


def when(value: datetime | None) -> str:
    """The time as recorded, local with its UTC offset: 2026-11-22 09:01:00+08:00."""
    return value.isoformat(sep=" ", timespec="seconds") if value is not None else ""


@dataclass(frozen=True, slots=True)
class StepRow:
    n: int
    title: str
    status: str
    who: str
    when: str
    why: str
    """The skip reason and the note as typed, and the mismatch flag, in one cell."""


@dataclass(frozen=True, slots=True)
class RunPart:
    id: str
    flow: str
    flow_hash: str
    started: str
    finished: str
    operator: str
    mode: str
    outcome: str
    key: str
    """The signing key's fingerprint, or "" (then `unsigned` says why)."""
    unsigned: str
    place: str
    steps: tuple[StepRow, ...]


@dataclass(frozen=True, slots=True)
class SubjectReport:
    """Everything the report shows, every text already through `literal()` and the
    words already chosen: the renderers only lay it out and escape it."""

    who: str
    fields: tuple[tuple[str, str], ...]
    head: str
    verified: str
    practice: bool
    runs: tuple[RunPart, ...]


def build(records: Iterable[Record], *, head: str, verified: str, practice: bool,
          words: Words = WORDS, lang: str = "en", shown: Shown | None = None
          ) -> SubjectReport:
    """The report over `records` (one subject's, oldest first); the subject's name and
    fields are the latest run's (a ticket added on a later run is the one to show).
    With `shown` (texts.TextsCache), step titles are in `lang` from the texts each run
    followed, so a Chinese report of a run done in English reads in Chinese; else
    the title the record kept."""
    w = words
    runs: list[RunPart] = []
    who = ""
    fields: tuple[tuple[str, str], ...] = ()
    for record in sorted(records, key=lambda r: (r.started, r.id)):
        who = literal(record.who, keep_newlines=False)
        fields = tuple((literal(w.get(f"sr.field.{k}", k), keep_newlines=False),
                        literal(v, keep_newlines=False)) for k, v in record.fields.items())
        texts = shown(record) if shown is not None else {}
        steps = []
        for n, e in enumerate(record.steps, start=1):
            step = texts.get(e.id)
            title = step.title.get(lang) if step is not None else e.title
            why = [literal(x, keep_newlines=False) for x in (e.reason, e.note) if x]
            if e.mismatch:
                why.append(w["sr.mismatch"])
            acted = e.status in ("done", "skipped")
            steps.append(StepRow(n, literal(title, keep_newlines=False),
                                 w[f"md.status.{e.status}"],
                                 literal(record.operator, keep_newlines=False) if acted else "",
                                 when(e.at), "; ".join(why)))
        unsigned = (literal(record.unsigned, keep_newlines=False) if record.unsigned
                    else "" if record.key or record.finished else w["sr.not_signed_yet"])
        runs.append(RunPart(
            literal(record.id, keep_newlines=False), literal(record.flow_id, keep_newlines=False),
            literal(record.flow_hash, keep_newlines=False), when(record.started),
            when(record.finished) or w["sr.not_finished"],
            literal(record.operator, keep_newlines=False), w[f"md.mode.{record.mode}"],
            w[f"md.outcome.{record.outcome}"], literal(record.key or "", keep_newlines=False),
            unsigned,
            literal(f"{record.chain.seq}:{record.chain.hash}", keep_newlines=False)
            if record.chain else "",
            tuple(steps)))
    return SubjectReport(who, fields, head, literal(verified, keep_newlines=False), practice,
                         tuple(runs))


def subject_markdown(report: SubjectReport, words: Words = WORDS) -> str:
    """The report as Markdown: every text signoff did not write escaped (md_text)."""
    w = words
    out = [f"# {md_text(w['sr.title'].format(who=report.who))}", ""]
    out += [f"- {md_text(k)}: {md_text(v)}" for k, v in report.fields]
    count = str(len(report.runs)) + (f" ({w['sr.practice']})" if report.practice else "")
    out += [f"- {w['sr.head']}: `{md_text(report.head)}`",
            f"- {w['sr.verify']}: {md_text(report.verified)}",
            f"- {w['sr.count']}: {count}", "", w["sr.times"]]
    for n, run in enumerate(report.runs, start=1):
        out += ["", f"## {md_text(w['sr.run'].format(n=n, id=run.id))}", ""]
        out += [f"- {w[k]}: {v}" for k, v in (
            ("sr.flow", f"`{md_text(run.flow)}`"), ("sr.version", f"`{md_text(run.flow_hash)}`"),
            ("sr.started", run.started), ("sr.finished", md_text(run.finished)),
            ("sr.operator", md_text(run.operator) or w["md.not_given"]),
            ("sr.outcome", w["sr.outcome_value"].format(mode=run.mode, outcome=run.outcome)))]
        out.append(f"- {w['sr.key']}: `{md_text(run.key)}`" if run.key
                   else f"- {w['sr.unsigned']}: {md_text(run.unsigned)}")
        if run.place:
            out.append(f"- {w['sr.place']}: `{md_text(run.place)}`")
        cols = ("n", "step", "status", "who", "when", "why")
        out += ["", "| " + " | ".join(w[f"sr.col.{c}"] for c in cols) + " |",
                "|" + "---|" * len(cols)]
        out += [f"| {s.n} | {md_text(s.title)} | {s.status} | {md_text(s.who) or '-'} | "
                f"{s.when or '-'} | {md_text(s.why) or '-'} |" for s in run.steps]
    return "\n".join(out) + "\n"
