"""Provides what the checklist's bottom line says ("Saved as record …", "Saving: …",
"Saved: …", why a step cannot be ticked yet) as a function of the language.

The line used to be text made once, in the language of that moment: after ctrl+l, or
on a run begun in English and resumed in Chinese, it stayed in the other language
among relabelled lines until the next tick. Kept as a function, it is said again in
whatever language the screen is in when it is drawn."""

from __future__ import annotations

from collections.abc import Callable

from tui.core.flows.model import Step
from tui.core.run import Run
from tui.gate_text import run_refusal
from tui.i18n import t

Said = Callable[[str], str]


def nothing(lang: str) -> str:
    """The line is empty (a failed write: the red line above says what failed)."""
    return ""


def ready(record_id: str) -> Said:
    return lambda lang: t("checklist.ready", lang, id=record_id)


def change(key: str, step: Step | None, status: str) -> Said:
    """`key`: checklist.saved or checklist.saving, of the step's change to `status`."""
    return lambda lang: t(key, lang, title=step.title.get(lang) if step else "",
                          status=t(f"status.{status}", lang))


def refusal(run: Run, step_id: str, said: str) -> Said:
    """Why the step cannot be ticked yet, as it is now; `said` once it can be."""
    return lambda lang: run_refusal(run, step_id, lang) or said
