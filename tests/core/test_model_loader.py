"""The loader and linter: every kind of fault is reported with its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.flow_text import HEAD
from tui.core.flows.loader import load_library
from tui.core.flows.model import Problem

GOOD_STEP = """
[[steps]]
id = "log-out"
title = { en = "Log out", zh = "退出登录" }
why = { en = "Ends it.", zh = "结束。" }
verify = { en = "Login page.", zh = "登录页。" }
confidence = "medium"
sources = [{ url = "https://example.org/x", checked = 2026-11-22, kind = "third-party" }]
"""



def _load(tmp_path: Path, text: str, name: str = "broken.toml") -> tuple[list[Problem], Path]:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    target = folder / "demo" / name
    target.write_text(text, encoding="utf-8")
    library = load_library([folder])
    return [p for p in library.problems if p.file == target], target


CASES: list[tuple[str, str, int, str]] = [
    ("toml syntax", HEAD + 'title.en = "unterminated\n', 10, "TOML syntax error"),
    ("unknown key", HEAD.replace('goal = "shared-computer"\n',
                                 'goal = "shared-computer"\ncolour = "red"\n')
     + GOOD_STEP, 8, "unknown key flow.colour"),
    ("near miss key", HEAD + GOOD_STEP.replace("verify =", "verfy ="), 15, 'did you mean "verify"'),
    ("missing key", HEAD + GOOD_STEP.replace('confidence = "medium"\n', ""), 11,
     "steps[1] has no confidence"),
    ("wrong type", HEAD + GOOD_STEP.replace('"medium"', "3"), 16, "must be a non-empty string"),
    ("missing translation", HEAD + GOOD_STEP.replace(', zh = "结束。"', ""), 14,
     "steps[1].why is missing its zh translation"),
    ("dangling reference", HEAD + '\n[[steps]]\nuse = "demo.nope"\n', 12,
     'step reference "demo.nope" does not exist'),
    ("duplicate step id", HEAD + GOOD_STEP + GOOD_STEP, 19, 'step "log-out" appears twice'),
    ("no https source", HEAD + GOOD_STEP.replace("https://", "http://"), 17, "has no https source"),
    ("unknown goal", HEAD.replace('"shared-computer"', '"nap"') + GOOD_STEP, 7,
     'unknown goal "nap"'),
    ("cycle", HEAD + 'start = "a"\n' + """
[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" }, next = "b" },
  { id = "y", label = { en = "Y", zh = "Y" } },
]

[questions.b]
text = { en = "B?", zh = "乙？" }
options = [
  { id = "x", label = { en = "X", zh = "X" }, next = "a" },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
""" + GOOD_STEP, 12, "questions form a cycle: a → b → a"),
    ("dangling next", HEAD + 'start = "a"\n' + """
[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" }, next = "zzz" },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
""" + GOOD_STEP, 15, 'leads to "zzz", which does not exist'),
    ("unreachable question", HEAD + 'start = "a"\n' + """
[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" } },
]

[questions.orphan]
text = { en = "O?", zh = "孤？" }
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
""" + GOOD_STEP, 19, "question orphan can never be asked"),
    ("dead end", HEAD + 'start = "a"\n' + """
[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
""" + GOOD_STEP + 'when = { a = "x" }\n', 19, "answering a=y leaves an empty checklist"),
    ("when names unknown option", HEAD + 'start = "a"\n' + """
[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
""" + GOOD_STEP + 'when = { a = "maybe" }\n', 26, 'depends on answer "maybe" to a'),
    ("irreversible without warning", HEAD + GOOD_STEP + "irreversible = true\n", 11,
     "is irreversible but has no warning"),
    ("wrong schema", HEAD.replace("schema = 1", "schema = 3") + GOOD_STEP, 1,
     "schema is 3, this signoff reads schema 1 or 2"),
]


@pytest.mark.parametrize(("text", "line", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_fault_is_reported_with_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    problems, target = _load(tmp_path, text)
    assert problems, "expected a problem"
    matching = [p for p in problems if message in str(p)]
    assert matching, [str(p) for p in problems]
    assert matching[0].line == line, str(matching[0])
    rendered = str(matching[0])
    assert rendered.startswith(f"{target}:{line}: ")
    assert rendered.split(" — ", 1)[1].strip(), "every problem says how to fix it"


def test_all_problems_are_reported_not_just_the_first(tmp_path: Path) -> None:
    text = HEAD + GOOD_STEP.replace(', zh = "结束。"', "").replace('"medium"', '"certain"')
    text = text.replace('goal = "shared-computer"\n', 'goal = "shared-computer"\nextra = 1\n')
    problems, _ = _load(tmp_path, text)
    messages = " | ".join(p.message for p in problems)
    assert "missing its zh translation" in messages
    assert '"certain" is not one of' in messages
    assert "unknown key flow.extra" in messages


def test_a_broken_file_never_stops_the_others(tmp_path: Path) -> None:
    problems, _ = _load(tmp_path, "this is = = not toml")
    assert problems
    library = load_library([tmp_path / "flows"])
    assert "demo-web-shared-computer" in library.flows
    assert "demo-android-delete-account" in library.flows


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"\x00\x01binary", "binary"), (b"title = '\xff\xfe'", "not valid UTF-8"),
     (b"# x\n" * 300_000, "too large")],
)
def test_unreadable_files_get_one_clear_problem(
    tmp_path: Path, content: bytes, message: str
) -> None:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    bad = folder / "bad.toml"
    bad.write_bytes(content)
    library = load_library([folder])
    problems = [p for p in library.problems if p.file == bad]
    assert len(problems) == 1 and message in problems[0].message
    assert len(library.flows) == 2


def test_duplicate_flow_ids_in_one_folder(tmp_path: Path) -> None:
    original = (FIXTURE_FLOWS / "demo" / "web-shared-computer.toml").read_text(encoding="utf-8")
    _load(tmp_path, original.replace('surface = "web"', 'surface = "android"'))
    problems = load_library([tmp_path / "flows"]).problems
    assert any('duplicate flow id "demo-web-shared-computer"' in p.message for p in problems)


def test_user_folder_overrides_builtin_flow(tmp_path: Path) -> None:
    user = tmp_path / "user"
    (user / "demo").mkdir(parents=True)
    original = (FIXTURE_FLOWS / "demo" / "web-shared-computer.toml").read_text(encoding="utf-8")
    (user / "demo" / "mine.toml").write_text(
        original.replace("Demo web: shared computer", "My own version"), encoding="utf-8")
    library = load_library([FIXTURE_FLOWS, user])
    assert not library.problems
    assert library.flows["demo-web-shared-computer"].title.en == "My own version"


def test_shared_steps_resolve_and_hash_changes_with_content(tmp_path: Path) -> None:
    library = load_library([FIXTURE_FLOWS])
    flow = library.flows["demo-web-shared-computer"]
    ids = [use.step.id for use in flow.steps]
    assert ids == ["log-out", "demo.check-devices", "check-later", "close-private"]
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    platform = folder / "demo" / "platform.toml"
    platform.write_text(platform.read_text(encoding="utf-8").replace("every session", "all"),
                        encoding="utf-8")
    changed = load_library([folder]).flows["demo-web-shared-computer"]
    assert changed.content_hash != flow.content_hash


def test_question_faults_are_reported_even_when_steps_are_broken(tmp_path: Path) -> None:
    text = HEAD + 'start = "a"\n' + """
[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" }, next = "a" },
  { id = "y", label = { en = "Y", zh = "Y" } },
]

[[steps]]
use = "demo.check-device"
"""
    problems, _ = _load(tmp_path, text)
    messages = [str(p) for p in problems]
    assert any("questions form a cycle: a → a" in m for m in messages), messages
    assert any('did you mean "demo.check-devices"?' in m for m in messages), messages
