"""Provides `signoff batch` (one run per leaver from a CSV) and `signoff board` (one
line per leaver: what is next and when)."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from tui.commands.records import CommandError, report_damaged
from tui.core.batch import BatchError, decode, new_rows, read_batch, subject_key
from tui.core.board import BoardRow, board
from tui.core.flows.model import Flow, Library
from tui.core.records.record import Mode
from tui.core.records.store import RecordStore, local_now
from tui.core.safe_text import json_literal, literal
from tui.gate_text import board_state
from tui.i18n import t


def _flow(library: Library, platform: str, surface: str, goal: str) -> Flow:
    flow = library.flow_for(platform, surface, goal)
    if flow is None:
        raise CommandError(f'there is no flow for "{literal(platform)} {literal(surface)} '
                           f"{literal(goal)}\"; 'signoff flows matrix' lists them")
    if not library.goals[flow.goal].needs_subject:
        raise CommandError(f'the goal "{flow.goal}" is not done for someone else, so it has '
                           "no leavers to batch (offboard-employee is)")
    return flow


def batch(store: RecordStore, library: Library, where: tuple[str, str, str], file: str, *,
          lang: str, mode: Mode, operator: str) -> str:
    """Open a run for each new leaver in `file`; every row is checked first, and one bad
    row means nothing is opened (the problems go to stderr, line by line)."""
    flow = _flow(library, *where)
    path = Path(file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {literal(file)} ({exc.strerror})") from exc
    try:
        rows = read_batch(decode(raw), library, flow)
    except BatchError as exc:
        raise CommandError(f"{literal(file)}: {exc}") from exc
    if rows.problems:
        for problem in rows.problems:
            sys.stderr.write(f"signoff: {literal(file)}: {literal(problem)}\n")
        raise CommandError(t("batch.bad", lang, count=len(rows.problems), file=literal(file)))
    store.ensure()
    found = store.scan()
    report_damaged(found.damaged)
    opened = {subject_key(r.subject, r.fields.get("employee_id", ""), r.flow_id): r.id
              for r in found.records if r.subject and r.outcome != "abandoned"}
    fresh, known = new_rows(rows, flow.id, opened)
    from tui.core.engine import Wizard
    from tui.core.run import Run

    lines = [t("batch.known", lang, id=opened[r.key(flow.id)], who=_who(r.subject, r.fields),
               line=r.line) for r in known]
    for row in fresh:
        wizard = Wizard(library, [flow.platform, flow.surface, flow.goal, *row.answers])
        run = Run.start(store, wizard, lang=lang, mode=mode, operator=operator,
                        subject=row.subject, fields=row.fields)
        run.close()
        lines.append(t("batch.opened", lang, id=run.record.id, who=_who(row.subject, row.fields)))
    lines.append(t("batch.done", lang, opened=len(fresh), known=len(known)))
    return "\n".join(literal(line, keep_newlines=False) for line in lines)


def _who(subject: str, fields: dict[str, str]) -> str:
    eid = fields.get("employee_id", "")
    return f"{subject} ({eid})" if eid else subject


def board_rows(store: RecordStore, library: Library, now: datetime | None = None
               ) -> list[BoardRow]:
    found = store.scan()
    report_damaged(found.damaged)
    return board(found.records, library, now or local_now())


def board_text(rows: list[BoardRow], lang: str, as_json: bool) -> str:
    if as_json:
        return json_literal(json.dumps({"leavers": [r.to_json() for r in rows]},
                                       ensure_ascii=False, indent=1))
    if not rows:
        return t("board.none", lang)
    return "\n".join(literal(board_line(r, lang), keep_newlines=False) for r in rows)


def board_line(row: BoardRow, lang: str) -> str:
    fields = dict(row.fields)
    extra = "  ".join(v for k, v in fields.items() if k in ("department", "ticket") and v)
    from rich.cells import cell_len  # Chinese names are two columns a character

    who = row.who + " " * max(0, 24 - cell_len(row.who))
    return (f"{who}  {row.done:>2}/{row.total:<2}  {board_state(row, lang)}"
            f"{'  ' + extra if extra else ''}  {row.record_id}")
