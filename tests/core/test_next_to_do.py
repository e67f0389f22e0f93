"""Run.next_to_do: where the checklist's cursor goes after a tick or a skip (and the
step list draws ahead for): the next step still to do, going round the list."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.records import fixture_library, store_at
from tui.core.engine import Wizard
from tui.core.run import Run


def test_the_next_step_to_do_goes_round_the_list(tmp_path: Path) -> None:
    run = Run.start(store_at(tmp_path / "r"),
                    Wizard(fixture_library(), ["demo", "web", "shared-computer", "yes", "yes"]),
                    lang="en")
    ids = [step.id for step, _ in run.items()]
    assert len(ids) == 3
    assert run.next_to_do(ids[0]) == ids[1]
    run.tick(ids[1])
    assert run.next_to_do(ids[0]) == ids[2], "a step done is passed over"
    assert run.next_to_do(ids[2]) == ids[0], "round from the last to the first"
    run.skip(ids[0], "not here")
    assert run.next_to_do(ids[2]) is None, "the step itself is not its own next"
    assert run.next_to_do("no-such-step") is None
