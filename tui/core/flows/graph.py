"""Provides the structural checks of a flow's question tree.

A flow that loops, strands a question, or leaves some set of answers with an empty
checklist would put a person in a dead end at the worst moment, so such a flow is
refused at load time with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from tui.core.flows.model import Flow, Problem, Question
from tui.core.flows.toml_lines import LineMap

MAX_PATHS = 10_000
"""Question trees are small; more answer paths than this means a mistake."""


def answer_paths(flow: Flow) -> Iterator[dict[str, str]]:
    """Every complete set of answers a person can give, in the order asked.

    Assumes the tree has no cycle and no dangling `next` (checked first)."""
    if not flow.start:
        yield {}
        return

    def walk(qid: str, answers: dict[str, str]) -> Iterator[dict[str, str]]:
        question = flow.questions[qid]
        for option in question.options:
            chosen = {**answers, qid: option.id}
            if option.next:
                yield from walk(option.next, chosen)
            else:
                yield chosen

    yield from walk(flow.start, {})


def _find_cycle(flow: Flow) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(qid: str, trail: list[str]) -> list[str] | None:
        state[qid] = 1
        for option in flow.questions[qid].options:
            nxt = option.next
            if nxt is None or nxt not in flow.questions:
                continue
            if state.get(nxt) == 1:
                return [*trail, qid, nxt]
            if nxt not in state and (found := visit(nxt, [*trail, qid])):
                return found
        state[qid] = 2
        return None

    for qid in flow.questions:
        if qid not in state and (found := visit(qid, [])):
            return found
    return None


def graph_problems(flow: Flow, lines: LineMap, questions_only: bool = False) -> list[Problem]:
    """Dangling references, cycles, unreachable questions and steps, dead ends.

    With `questions_only` (the steps did not load), only the question tree is checked."""
    problems: list[Problem] = []

    def report(path: tuple[str | int, ...], message: str, fix: str) -> None:
        problems.append(Problem(flow.source_file, lines.line(path), message, fix))

    questions = flow.questions
    if questions and flow.start is None:
        report(("flow",), "the flow has questions but no start",
               f'add start = "{next(iter(questions))}" to [flow]')
        return problems
    if flow.start is not None and flow.start not in questions:
        report(("flow", "start"), f'start question "{flow.start}" does not exist',
               f"use one of: {', '.join(questions) or '(define a [questions.…] table)'}")
        return problems
    for qid, question in questions.items():
        for n, option in enumerate(question.options):
            if option.next is not None and option.next not in questions:
                report(("questions", qid, "options", n, "next"),
                       f'option "{option.id}" of question {qid} leads to "{option.next}", '
                       "which does not exist", f"use one of: {', '.join(questions)}")
    for n, use in enumerate(flow.steps):
        for qid, allowed in use.when.items():
            asked = questions.get(qid)
            if asked is None:
                report(("steps", n, "when", qid), f'step "{use.step.id}" depends on question '
                       f'"{qid}", which does not exist', f"use one of: {', '.join(questions)}")
                continue
            for option_id in sorted(allowed - {o.id for o in asked.options}):
                report(("steps", n, "when", qid), f'step "{use.step.id}" depends on answer '
                       f'"{option_id}" to {qid}, which is not one of its options',
                       f"use one of: {', '.join(o.id for o in asked.options)}")
    if problems and not questions_only:
        return problems
    cycle = _find_cycle(flow)
    if cycle:
        report(("questions", cycle[0]), f"questions form a cycle: {' → '.join(cycle)}",
               "make the last question end the flow (no next) or lead to a later question")
        return problems
    reachable = _reachable(flow.start, questions)
    for qid in questions:
        if qid not in reachable:
            report(("questions", qid), f"question {qid} can never be asked",
                   "point an option's next at it, or remove it")
    if questions_only:
        return problems
    paths = []
    for count, answers in enumerate(answer_paths(flow)):
        if count >= MAX_PATHS:
            report(("questions",), f"more than {MAX_PATHS:,} answer paths",
                   "split the flow into several flows")
            return problems
        paths.append(answers)
    for answers in paths:
        if not flow.applicable_steps(answers):
            chosen = ", ".join(f"{q}={a}" for q, a in answers.items())
            report(("steps",), f"answering {chosen} leaves an empty checklist (dead end)",
                   "add a step for that answer, or loosen a step's when")
    for n, use in enumerate(flow.steps):
        if not any(use.applies(answers) for answers in paths):
            report(("steps", n), f'step "{use.step.id}" applies under no possible answers',
                   "fix its when, or remove it")
    return problems


def _reachable(start: str | None, questions: Mapping[str, Question]) -> set[str]:
    seen: set[str] = set()
    todo = [start] if start else []
    while todo:
        qid = todo.pop()
        if qid in seen or qid not in questions:
            continue
        seen.add(qid)
        todo.extend(o.next for o in questions[qid].options if o.next)
    return seen
