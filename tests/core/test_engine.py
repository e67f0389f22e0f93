"""The decision-tree walk: only real combinations, back keeps answers, no dead ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS, REPO
from tui.core.engine import EngineError, Wizard
from tui.core.flows.graph import answer_paths
from tui.core.flows.loader import load_library
from tui.core.flows.model import Library


@pytest.fixture(scope="module")
def library() -> Library:
    lib = load_library([FIXTURE_FLOWS])
    assert not lib.problems
    return lib


def test_offers_only_combinations_that_exist(library: Library) -> None:
    wizard = Wizard(library)
    prompt = wizard.current()
    assert prompt is not None and [c.id for c in prompt.choices] == ["demo"]
    wizard.answer("demo")
    prompt = wizard.current()
    assert prompt is not None and [c.id for c in prompt.choices] == ["web", "android"]
    wizard.answer("android")
    prompt = wizard.current()
    assert prompt is not None and [c.id for c in prompt.choices] == ["delete-account"]


def test_full_walk_resolves_checklist_by_answers(library: Library) -> None:
    wizard = Wizard(library, ["demo", "web", "shared-computer", "yes", "no"])
    assert wizard.complete
    assert wizard.answers == {"phone": "yes", "private": "no"}
    assert [s.id for s in wizard.checklist()] == ["log-out", "demo.check-devices"]
    other = Wizard(library, ["demo", "web", "shared-computer", "no"])
    assert other.complete, "answering no ends the questions (no next)"
    assert [s.id for s in other.checklist()] == ["log-out", "check-later"]


def test_back_keeps_earlier_answers_as_defaults(library: Library) -> None:
    wizard = Wizard(library, ["demo", "web", "shared-computer", "yes", "yes"])
    assert wizard.back() and wizard.back()
    prompt = wizard.current()
    assert prompt is not None and prompt.default == "yes"
    wizard.answer("yes")
    prompt = wizard.current()
    assert prompt is not None and prompt.default == "yes", "the later answer is remembered too"
    for _ in range(5):
        wizard.back()
    assert wizard.path == [] and not wizard.back()
    prompt = wizard.current()
    assert prompt is not None and prompt.default == "demo"


def test_wrong_answer_is_refused_with_the_choices(library: Library) -> None:
    wizard = Wizard(library, ["demo"])
    with pytest.raises(EngineError, match="choose one of: web, android"):
        wizard.answer("windows")
    assert wizard.path == ["demo"]


def test_checklist_refused_before_the_end(library: Library) -> None:
    wizard = Wizard(library, ["demo", "web", "shared-computer"])
    with pytest.raises(EngineError):
        wizard.checklist()


def test_for_flow_rebuilds_a_walk_from_a_record(library: Library) -> None:
    flow = library.flows["demo-web-shared-computer"]
    wizard = Wizard.for_flow(library, flow, {"phone": "yes", "private": "yes"})
    assert wizard.complete and wizard.answers == {"phone": "yes", "private": "yes"}
    trail = [choice.id for _, choice in wizard.trail()]
    assert trail == ["demo", "web", "shared-computer", "yes", "yes"]


@pytest.mark.parametrize("folder", [FIXTURE_FLOWS, REPO / "flows"], ids=["fixtures", "shipped"])
def test_no_dead_ends_anywhere(folder: Path) -> None:
    library = load_library([folder])
    assert library.flows
    for flow in library.flows.values():
        for answers in answer_paths(flow):
            wizard = Wizard(library, [flow.platform, flow.surface, flow.goal, *answers.values()])
            assert wizard.complete, (flow.id, answers)
            assert wizard.checklist(), (flow.id, answers)
