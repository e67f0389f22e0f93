"""Provides the one sentence both front ends show when a step must wait for others.

The core says which prerequisites are missing and until when a wait runs
(tui.core.gates.Blocked); this names them as the person sees them, by their titles."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from tui.i18n import t

if TYPE_CHECKING:  # the start screen shows `when` before the board or a gate exists
    from tui.core.board import BoardRow
    from tui.core.gates import Blocked
    from tui.core.run import Run


def when(at: datetime) -> str:
    """A wait's end as shown everywhere: date and time, in the offset it was ticked in."""
    return at.strftime("%Y-%m-%d %H:%M")


def refusal(blocked: Blocked, titles: Mapping[str, str], hours: Mapping[str, int],
            lang: str) -> str:
    """"Not yet: first do, or skip with a reason, “Back up”." (or the wait, or both).
    `titles` maps step ids to titles in `lang`; `hours` the waits of the prerequisites."""
    def names(ids: tuple[str, ...]) -> str:
        return t("gate.join", lang).join(t("gate.step", lang, title=titles.get(i, i))
                                         for i in ids)

    until = blocked.until
    if blocked.missing and until is not None:
        return t("gate.both", lang, steps=names(blocked.missing), when=when(until))
    if blocked.missing:
        return t("gate.missing", lang, steps=names(blocked.missing))
    assert until is not None
    last = next(step for step, at in blocked.waiting if at == until)
    return t("gate.wait", lang, when=when(until), hours=hours.get(last, 0),
             steps=names((last,)))


def run_refusal(run: Run, step_id: str, lang: str) -> str | None:
    """Why the run's step cannot be ticked now, as one sentence; None when it can."""
    found = run.blocked(step_id)
    if found is None:
        return None
    titles = {step.id: step.title.get(lang) for step, _ in run.items()}
    hours = {p.step: p.wait_hours for use in run.flow.steps if use.step.id == step_id
             for p in use.after}
    return refusal(found, titles, hours, lang)


def run_waiting(run: Run, record_id: str, lang: str) -> str:
    """"The run stays open, waiting until …": said when finishing keeps a run open."""
    waits = run.waits()
    if not waits:
        return ""
    step, until = min(waits, key=lambda w: w[1])
    return t("gate.waiting", lang, when=when(until), title=step.title.get(lang), id=record_id)


def after_line(run: Run, step_id: str, lang: str) -> str:
    """"Comes after: “Back up”, “Start the transfer” (then 24 hours)": the step's
    prerequisites in this run, shown with the step; "" when it has none."""
    titles = {step.id: step.title.get(lang) for step, _ in run.items()}
    use = next(u for u in run.flow.steps if u.step.id == step_id)
    names = []
    for pre in use.after:
        if pre.step not in titles:
            continue  # not part of this run
        name = t("gate.step", lang, title=titles[pre.step])
        names.append(t("gate.after_wait", lang, step=name, hours=pre.wait_hours)
                     if pre.wait_hours else name)
    return t("gate.after", lang, steps=t("gate.join", lang).join(names)) if names else ""


def board_state(row: BoardRow, lang: str) -> str:
    """What a leaver's run needs next, in words (`signoff board` and the app's board):
    now, waiting until, blocked on, done."""
    if row.state == "ready":
        said = t("board.ready", lang, step=row.current) if row.current \
            else t("board.ready_finish", lang)
        if row.waiting_until is not None:
            said += t("board.later", lang, when=when(row.waiting_until))
        return said
    if row.state == "waiting" and row.waiting_until is not None:
        return t("board.waiting", lang, when=when(row.waiting_until))
    if row.state == "blocked":
        return t("board.blocked", lang, steps=", ".join(row.blocked_on))
    return t("board.done" if row.state == "done" else "board.incomplete", lang)
