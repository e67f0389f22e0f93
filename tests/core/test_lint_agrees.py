"""What lints clean must run, and the linter and flows/schema.json agree on what is
valid: a recheck window too long to compute, a date-time where a date belongs,
`schema = 1.0`, a platform id too long to make a record id."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import REPO
from tests.core.test_flows_content import isoformat_dates
from tests.core.test_model_loader import GOOD_STEP, _load
from tests.helpers.flow_text import HEAD
from tests.helpers.records import store_at
from tui.core.engine import Wizard
from tui.core.flows.loader import load_library
from tui.core.run import Run

SCHEMA = json.loads((REPO / "flows" / "schema.json").read_text(encoding="utf-8"))
RECHECK = 'recheck = {{ hours = {hours}, text = {{ en = "Again.", zh = "再查。" }} }}\n'


def _schema_errors(text: str) -> list[str]:
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = isoformat_dates(tomllib.loads(text))
    return [e.message for e in validator.iter_errors(data)]


def _platform(platform_id: str) -> tuple[str, str]:
    platform = (f'schema = 1\n\n[platform]\nid = "{platform_id}"\n'
                'name = { en = "Long", zh = "长" }\n')
    flow = HEAD.replace('platform = "demo"', f'platform = "{platform_id}"') + GOOD_STEP
    return platform, flow


REJECTED = {
    "huge recheck hours": HEAD + GOOD_STEP + RECHECK.format(hours=100_000_000),
    "checked is a date-time": HEAD + GOOD_STEP.replace("checked = 2026-11-22",
                                                       "checked = 2026-11-22T10:00:00Z"),
    "schema is 1.5": HEAD.replace("schema = 1", "schema = 1.5") + GOOD_STEP,
    "schema is true": HEAD.replace("schema = 1", "schema = true") + GOOD_STEP,
}


@pytest.mark.parametrize("case", REJECTED, ids=list(REJECTED))
def test_the_linter_and_the_schema_both_refuse(case: str, tmp_path: Path) -> None:
    problems, _ = _load(tmp_path, REJECTED[case])
    assert problems, f"the linter passed {case}"
    assert _schema_errors(REJECTED[case]), f"the schema passed {case}"


def test_schema_1_0_is_1_for_both(tmp_path: Path) -> None:
    """JSON has one number type: the schema cannot tell 1.0 from 1, so the linter takes
    1.0 as 1 too (it used to refuse what an editor's schema check passed)."""
    text = HEAD.replace("schema = 1", "schema = 1.0") + GOOD_STEP
    problems, _ = _load(tmp_path, text)
    assert problems == [] and _schema_errors(text) == []


def _run_to_the_end(folder: Path, tmp_path: Path, platform: str = "demo",
                    surface: str = "android") -> None:
    library = load_library([folder])
    assert not library.problems, [str(p) for p in library.problems]
    store = store_at(tmp_path / "records")
    run = Run.start(store, Wizard(library, [platform, surface, "shared-computer"]), lang="en")
    for step, _ in run.items():
        run.tick(step.id)
    assert run.finish().outcome == "completed"
    assert run.rechecks() or platform != "demo"


def test_the_longest_recheck_that_lints_clean_finishes(tmp_path: Path) -> None:
    text = HEAD + GOOD_STEP + RECHECK.format(hours=8760)
    problems, target = _load(tmp_path, text)
    assert problems == [] and _schema_errors(text) == []
    _run_to_the_end(target.parent.parent, tmp_path)


def test_a_platform_id_too_long_for_a_record_id_fails_lint(tmp_path: Path) -> None:
    platform, flow = _platform("p" * 56)
    folder = tmp_path / "flows"
    shutil.copytree(REPO / "tests" / "data" / "flows", folder)
    (folder / "long").mkdir()
    (folder / "long" / "platform.toml").write_text(platform, encoding="utf-8")
    (folder / "long" / "flow.toml").write_text(flow, encoding="utf-8")
    problems = load_library([folder]).problems
    assert any("p" * 56 in str(p) and "55" in str(p) for p in problems), \
        [str(p) for p in problems]
    assert _schema_errors(platform), "the schema passed a 56-character platform id"


def test_the_longest_platform_id_that_lints_clean_runs(tmp_path: Path) -> None:
    long_id = "p" * 55
    platform, flow = _platform(long_id)
    folder = tmp_path / "flows"
    shutil.copytree(REPO / "tests" / "data" / "flows", folder)
    (folder / "long").mkdir()
    (folder / "long" / "platform.toml").write_text(platform, encoding="utf-8")
    (folder / "long" / "flow.toml").write_text(flow, encoding="utf-8")
    assert _schema_errors(platform) == [] and _schema_errors(flow) == []
    _run_to_the_end(folder, tmp_path, platform=long_id)
