"""Schema 2: a flow's identity from its path, one step namespace per platform, a
question-level `next` and `not` in `when`. Schema-1 files keep loading (the fixture
library is schema 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.flow_text import step
from tests.helpers.records import store_at
from tui.core.engine import Wizard
from tui.core.flows.loader import load_library
from tui.core.run import Run

HEAD2 = """schema = 2

[flow]
title = { en = "T", zh = "标题" }
summary = { en = "S", zh = "摘要" }
"""
def _flows(tmp_path: Path) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    return folder


def test_a_schema_2_flow_takes_its_identity_from_its_path(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    (flows / "demo" / "android-shared-computer.toml").write_text(HEAD2 + step("one"))
    library = load_library([flows])
    assert not library.problems, [str(p) for p in library.problems]
    flow = library.flows["demo-android-shared-computer"]
    assert (flow.platform, flow.surface, flow.goal) == ("demo", "android", "shared-computer")


def test_a_file_name_that_is_not_surface_goal_is_one_problem(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    (flows / "demo" / "android-lunch.toml").write_text(HEAD2 + step("one"))
    problems = [str(p) for p in load_library([flows]).problems]
    assert len(problems) == 1, problems
    assert 'android-lunch.toml:1: the file name "android-lunch.toml" does not name a surface ' \
           "and a goal" in problems[0]


def test_a_schema_2_platform_is_named_by_its_folder(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    (flows / "other").mkdir()
    (flows / "other" / "platform.toml").write_text(
        'schema = 2\n\n[platform]\nname = { en = "Other", zh = "其他" }\n')
    (flows / "other" / "web-shared-computer.toml").write_text(HEAD2 + step("one"))
    library = load_library([flows])
    assert not library.problems, [str(p) for p in library.problems]
    assert library.platforms["other"].name.en == "Other"
    assert "other-web-shared-computer" in library.flows


QUESTIONS = """start = "a"

[questions.a]
text = { en = "A?", zh = "甲？" }
next = "b"
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" }, next = "c" },
  { id = "z", label = { en = "Z", zh = "Z" } },
]

[questions.b]
text = { en = "B?", zh = "乙？" }
options = [
  { id = "yes", label = { en = "Yes", zh = "是" } },
  { id = "no", label = { en = "No", zh = "否" } },
]

[questions.c]
text = { en = "C?", zh = "丙？" }
options = [
  { id = "yes", label = { en = "Yes", zh = "是" } },
  { id = "no", label = { en = "No", zh = "否" } },
]
"""


def test_a_question_level_next_applies_unless_an_option_overrides_it(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    (flows / "demo" / "android-shared-computer.toml").write_text(HEAD2 + QUESTIONS + step("one"))
    library = load_library([flows])
    assert not library.problems, [str(p) for p in library.problems]
    question = library.flows["demo-android-shared-computer"].questions["a"]
    assert {o.id: o.next for o in question.options} == {"x": "b", "y": "c", "z": "b"}
    wizard = Wizard(library, ["demo", "android", "shared-computer", "y"])
    prompt = wizard.current()
    assert prompt is not None and prompt.key.endswith(":c")


def test_not_in_when_means_every_other_option(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    text = (HEAD2 + QUESTIONS + step("not-x", 'when = { a = { not = ["x"] } }\n')
            + step("only-x", 'when = { a = "x" }\n'))
    (flows / "demo" / "android-shared-computer.toml").write_text(text)
    library = load_library([flows])
    assert not library.problems, [str(p) for p in library.problems]
    flow = library.flows["demo-android-shared-computer"]
    assert [s.id for s in flow.applicable_steps({"a": "x", "b": "no"})] == ["only-x"]
    assert [s.id for s in flow.applicable_steps({"a": "z", "b": "no"})] == ["not-x"]
    assert [s.id for s in flow.applicable_steps({})] == [], "an unasked question matches nothing"


def test_not_naming_an_unknown_option_is_a_problem_with_its_line(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    text = HEAD2 + QUESTIONS + step("one") + step("two", 'when = { a = { not = ["w"] } }\n')
    target = flows / "demo" / "android-shared-computer.toml"
    target.write_text(text)
    problems = [p for p in load_library([flows]).problems if p.file == target]
    assert len(problems) == 1, [str(p) for p in problems]
    assert 'leaves out "w", which is not an option of a' in problems[0].message
    assert problems[0].line == text.splitlines().index('when = { a = { not = ["w"] } }') + 1


def test_a_flow_step_cannot_take_a_platform_steps_id(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    target = flows / "demo" / "android-shared-computer.toml"
    target.write_text(HEAD2 + step("one") + step("check-devices"))
    problems = [str(p) for p in load_library([flows]).problems if p.file == target]
    assert any('step id "check-devices" is already a step of platform demo' in p
               for p in problems), problems


def test_a_step_moved_into_the_platform_file_keeps_its_recorded_id(tmp_path: Path) -> None:
    """A run recorded `close-private` written in the flow; the step then moves to
    platform.toml and the flow writes `use = "close-private"`: resuming finds the
    same step, with its tick, and reports no change."""
    flows = _flows(tmp_path)
    store = store_at(tmp_path / "r")
    run = Run.start(store, Wizard(load_library([flows]),
                                  ["demo", "web", "shared-computer", "yes", "yes"]), lang="en")
    run.tick("close-private")
    record_id = run.record.id
    run.close()

    flow_file = flows / "demo" / "web-shared-computer.toml"
    text = flow_file.read_text(encoding="utf-8")
    block = text[text.index('[[steps]]\nid = "close-private"'):]
    body = "\n".join(line for line in block.splitlines()[2:] if not line.startswith("when"))
    text = text.replace(block, '[[steps]]\nuse = "close-private"\nwhen = { private = "yes" }\n')
    flow_file.write_text(text.replace("schema = 1", "schema = 2").replace(
        'id = "demo-web-shared-computer"\nplatform = "demo"\nsurface = "web"\n'
        'goal = "shared-computer"\n', ""), encoding="utf-8")
    platform_file = flows / "demo" / "platform.toml"
    platform_file.write_text(platform_file.read_text(encoding="utf-8").replace(
        'schema = 1', 'schema = 2').replace('id = "demo"\n', "")
        + f"\n[steps.close-private]\n{body}\n", encoding="utf-8")

    library = load_library([flows])
    assert not library.problems, [str(p) for p in library.problems]
    resumed, change = Run.resume(store, library, record_id)
    assert not change, change
    assert resumed.record.step("close-private").status == "done"
    assert [s.id for s, _ in resumed.items()] == ["log-out", "demo.check-devices",
                                                  "close-private"]

