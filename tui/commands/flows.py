"""Provides `signoff flows list | show | lint | matrix`: the flow library as text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from tui.core.flows.model import Flow, Library, Step
from tui.core.present import StepView
from tui.core.safe_text import literal
from tui.i18n import t


def list_flows(library: Library, lang: str, as_json: bool) -> str:
    flows = sorted(library.flows.values(), key=lambda f: (f.platform, f.surface, f.goal))
    if as_json:
        return json.dumps(
            [
                {
                    "id": f.id,
                    "platform": f.platform,
                    "surface": f.surface,
                    "goal": f.goal,
                    "title": f.title.as_dict(),
                    "steps": len(f.steps),
                    "questions": len(f.questions),
                    "source_file": str(f.source_file),
                    "content_hash": f.content_hash,
                }
                for f in flows
            ],
            ensure_ascii=False,
            indent=2,
        )
    if not flows:
        return "No flows loaded."
    width = max(len(f.id) for f in flows)
    lines = [f"{f.id:<{width}}  {len(f.steps):>2} steps  {literal(f.title.get(lang))}"
             for f in flows]
    return "\n".join(lines)


def _step_lines(step: Step, lang: str) -> list[str]:
    view = StepView.of(step, lang)
    mark = f" ({t('field.optional', lang)})" if view.optional else ""
    out = [f"  {view.title}{mark}   [{view.id}]"]
    if view.menu:
        out.append(f"      {t('field.menu', lang)}: {view.menu}")
        if view.menu_other:
            out.append(f"      {t('field.menu_other', lang)}: {view.menu_other}")
    out.append(f"      {t('field.why', lang)}: {view.why}")
    out.append(f"      {t('field.verify', lang)}: {view.verify}")
    if view.warning:
        out.append(f"      {t('field.warning', lang)}: {view.warning}")
    out.append(f"      {t('field.confidence', lang)}: {t('confidence.' + view.confidence, lang)}")
    out.extend(f"      - {source.url} ({source.checked})" for source in view.sources)
    return out


def show_flow(flow: Flow, lang: str) -> str:
    out = [literal(flow.title.get(lang)), literal(flow.summary.get(lang)), "",
           f"signoff run {flow.platform} {flow.surface} {flow.goal}", ""]
    for question in flow.questions.values():
        out.append(f"? {literal(question.text.get(lang))}   [{question.id}]")
        for option in question.options:
            then = f" -> {option.next}" if option.next else ""
            out.append(f"    {option.id}: {literal(option.label.get(lang))}{then}")
        out.append("")
    for n, use in enumerate(flow.steps, start=1):
        cond = " and ".join(f"{q} = {'/'.join(sorted(v))}" for q, v in use.when.items())
        when = f" when {cond}" if cond else ""
        out.append(f"{n}. ({t('phase.' + use.step.phase, lang)}){when}")
        out.extend(_step_lines(use.step, lang))
        out.append("")
    return "\n".join(out).rstrip()


def lint_report(library: Library, only: Sequence[Path] = ()) -> list[str]:
    """Problems as FILE:LINE lines; with `only`, just those in files under these paths."""
    roots = [p.resolve() for p in only]
    problems = [
        p for p in library.problems
        if not roots or any(p.file.resolve().is_relative_to(r) or p.file.resolve() == r
                            for r in roots)
    ]
    return [literal(str(p), keep_newlines=False) for p in problems]


def matrix(library: Library, lang: str) -> str:
    """Which goals have a flow, per platform and surface: the coverage at a glance."""
    goals = sorted(library.goals.values(), key=lambda g: (g.order, g.id))
    used_goals = [g for g in goals if any(f.goal == g.id for f in library.flows.values())]
    out = [t("matrix.title", lang), ""]
    for n, goal in enumerate(used_goals, start=1):
        out.append(f"  G{n} = {goal.id}: {goal.name.get(lang)}")
    out.append("")
    header = f"{'':<22}" + "".join(f"G{n:<3}" for n in range(1, len(used_goals) + 1))
    out.append(header)
    for platform in library.platform_ids():
        for surface in library.surface_ids(platform):
            row = f"{platform + ' ' + surface:<22}"
            for goal in used_goals:
                row += f"{'x' if library.flow_for(platform, surface, goal.id) else '.':<4}"
            out.append(row.rstrip())
    total = len(library.flows)
    steps = sum(len(f.steps) for f in library.flows.values())
    out += ["", f"{total} flows, {steps} steps"]
    return "\n".join(out)
