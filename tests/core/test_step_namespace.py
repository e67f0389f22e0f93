"""Across files: a step body written twice is flagged (so it is written once in
platform.toml), and a platform step is recorded under one name."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO
from tests.core.test_schema2 import HEAD2, _flows
from tests.helpers.flow_text import step
from tui.core.flows.loader import load_library


def test_a_step_body_written_twice_is_flagged_at_the_second_copy(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    first = flows / "demo" / "android-shared-computer.toml"
    second = flows / "demo" / "web-delete-account.toml"
    first.write_text(HEAD2 + step("one") + step("same", 'when = {}\n'))
    second.write_text(HEAD2 + step("same") + step("two"))
    problems = [p for p in load_library([flows]).problems]
    assert [(p.file, p.line) for p in problems] == [(second, 7)], [str(p) for p in problems]
    assert ('step "same" is written exactly like "same" in demo/android-shared-computer.toml:15'
            in problems[0].message)
    assert 'use = "same"' in problems[0].fix


def test_a_copy_in_a_users_folder_is_not_a_duplicate(tmp_path: Path) -> None:
    """A user overriding a built-in flow copies it: that is not writing a step twice."""
    flows = _flows(tmp_path)
    user = tmp_path / "user" / "demo"
    user.mkdir(parents=True)
    shutil.copy(flows / "demo" / "web-shared-computer.toml", user)
    assert not load_library([flows, user.parent]).problems


def test_a_platform_step_named_two_ways_is_flagged(tmp_path: Path) -> None:
    flows = _flows(tmp_path)
    (flows / "demo" / "android-shared-computer.toml").write_text(
        HEAD2 + '\n[[steps]]\nuse = "check-devices"\n')
    second = flows / "demo" / "web-delete-account.toml"
    second.write_text(HEAD2 + '\n[[steps]]\nuse = "demo.check-devices"\n')
    problems = [str(p) for p in load_library([flows]).problems]
    assert problems == [f'{second}:8: steps[1].use "demo.check-devices" names the step '
                        'android-shared-computer.toml writes as "check-devices" — write use = '
                        '"check-devices" here too, so records name the step one way'], problems


def test_the_shipped_library_writes_no_step_body_twice() -> None:
    """There were 51 redundant copies (48 bodies written more than once); each is now
    one [steps.ID] in its platform.toml, placed with use = "ID"."""
    library = load_library([REPO / "flows"])
    assert not [p for p in library.problems if "is written exactly like" in p.message]


def test_a_flow_step_written_like_a_platform_step_is_flagged(tmp_path: Path) -> None:
    """The platform file already has the body: the flow should place it with use."""
    flows = _flows(tmp_path)
    platform = (flows / "demo" / "platform.toml").read_text(encoding="utf-8")
    body = platform[platform.index("[steps.check-devices]") + len("[steps.check-devices]\n"):]
    target = flows / "demo" / "android-shared-computer.toml"
    target.write_text(HEAD2 + '\n[[steps]]\nid = "look-at-devices"\n' + body)
    problems = [str(p) for p in load_library([flows]).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{target}:7: step \"look-at-devices\" "
                                                         'is written exactly like '
                                                         '"check-devices" in demo/platform.toml'), \
        problems
