"""Provides the decision-tree walk: platform → surface → goal → the flow's questions.

Both front ends drive the same Wizard, so the plain mode and the Textual app cannot
disagree about which choices exist or which steps apply. The Wizard only ever offers
combinations that have a flow, and remembers every answer given, so going back a level
and forward again offers the earlier choice as the default.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tui.core.flows.model import Flow, Library, LocalText, Step


class EngineError(ValueError):
    """An answer that is not one of the choices offered."""


@dataclass(frozen=True)
class Choice:
    id: str
    label: LocalText
    hint: LocalText | None = None


@dataclass(frozen=True)
class Prompt:
    """One question to put to the person. `text` is None for the three fixed levels,
    whose wording belongs to the front end's own catalogue."""

    key: str
    level: str
    choices: tuple[Choice, ...]
    text: LocalText | None = None
    help: LocalText | None = None
    default: str | None = None

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class Wizard:
    """The path taken through the tree so far."""

    def __init__(self, library: Library, answers: Sequence[str] = ()) -> None:
        self.library = library
        self.path: list[str] = []
        self._memory: dict[str, str] = {}
        for value in answers:
            self.answer(value)

    @classmethod
    def for_flow(cls, library: Library, flow: Flow, answers: Mapping[str, str]) -> Wizard:
        """Rebuild a walk from a record: the three ids, then the answers in asked order."""
        wizard = cls(library, [flow.platform, flow.surface, flow.goal])
        while (prompt := wizard.current()) is not None:
            qid = prompt.key.split(":", 1)[1]
            if qid not in answers:
                break
            wizard.answer(answers[qid])
        return wizard

    def _prompt(self, index: int) -> Prompt | None:
        lib = self.library
        if index == 0:
            choices = tuple(Choice(p, lib.platforms[p].name) for p in lib.platform_ids())
            return self._with_default(Prompt("platform", "platform", choices))
        if index == 1:
            surfaces = lib.surface_ids(self.path[0])
            choices = tuple(Choice(s, lib.surfaces[s].name) for s in surfaces)
            return self._with_default(Prompt("surface", "surface", choices))
        if index == 2:
            goals = [lib.goals[g] for g in lib.goal_ids(self.path[0], self.path[1])]
            choices = tuple(Choice(g.id, g.name, g.description) for g in goals)
            return self._with_default(Prompt("goal", "goal", choices))
        flow = self.flow
        assert flow is not None
        qid = flow.start
        for value in self.path[3:index]:
            question = flow.questions[qid] if qid else None
            option = question.option(value) if question else None
            qid = option.next if option else None
        if qid is None:
            return None
        question = flow.questions[qid]
        choices = tuple(Choice(o.id, o.label) for o in question.options)
        return self._with_default(
            Prompt(f"{flow.id}:{qid}", "question", choices, question.text, question.help)
        )

    def _with_default(self, prompt: Prompt) -> Prompt:
        remembered = self._memory.get(prompt.key)
        if remembered is None or prompt.choice(remembered) is None:
            return prompt
        return Prompt(prompt.key, prompt.level, prompt.choices, prompt.text, prompt.help,
                      remembered)

    def current(self) -> Prompt | None:
        """The question to ask now, or None once the checklist is resolved."""
        return self._prompt(len(self.path))

    def answer(self, value: str) -> None:
        prompt = self.current()
        if prompt is None:
            raise EngineError("every question is already answered")
        if prompt.choice(value) is None:
            offered = ", ".join(c.id for c in prompt.choices)
            raise EngineError(f'"{value}" is not a {prompt.level} here; choose one of: {offered}')
        self.path.append(value)
        self._memory[prompt.key] = value

    def back(self) -> bool:
        """Go up one level; the answer is remembered as the default. False at the top."""
        if not self.path:
            return False
        self.path.pop()
        return True

    @property
    def flow(self) -> Flow | None:
        if len(self.path) < 3:
            return None
        return self.library.flow_for(*self.path[:3])

    @property
    def answers(self) -> dict[str, str]:
        """The flow's own questions and the options chosen, keyed by question id."""
        flow = self.flow
        if flow is None:
            return {}
        answers: dict[str, str] = {}
        for index, value in enumerate(self.path[3:], start=3):
            prompt = self._prompt(index)
            assert prompt is not None
            answers[prompt.key.split(":", 1)[1]] = value
        return answers

    def trail(self) -> list[tuple[Prompt, Choice]]:
        """The path so far as (question, chosen option) pairs, for a breadcrumb."""
        out = []
        for index, value in enumerate(self.path):
            prompt = self._prompt(index)
            assert prompt is not None
            choice = prompt.choice(value)
            assert choice is not None
            out.append((prompt, choice))
        return out

    @property
    def complete(self) -> bool:
        return self.flow is not None and self.current() is None

    def checklist(self) -> list[Step]:
        flow = self.flow
        if flow is None or not self.complete:
            raise EngineError("the checklist is known only once every question is answered")
        return flow.applicable_steps(self.answers)
