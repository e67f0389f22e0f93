"""schema.json and the loader cannot drift apart: the same corpus of good and bad flow
files goes through both, and each file must be accepted by both or refused by both.

Only faults a JSON Schema can see are in the corpus (shapes, keys, types, enums); what
needs the whole library (unknown step names, cycles, the deny list, official sources
for `high`) is the linter's alone and tested in test_lint_rules.py."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import FIXTURE_FLOWS, REPO
from tests.core.test_flows_content import isoformat_dates
from tui.core.flows.loader import load_library

HEAD = """schema = 1

[flow]
id = "demo-android-shared-computer"
platform = "demo"
surface = "android"
goal = "shared-computer"
title = { en = "T", zh = "标题" }
summary = { en = "S", zh = "摘要" }
"""
SOURCE = '{ url = "https://example.org/x", checked = 2026-11-22, kind = "official-help" }'


def step(step_id: str = "one", extra: str = "", source: str = SOURCE) -> str:
    return f"""
[[steps]]
id = "{step_id}"
title = {{ en = "Do it", zh = "做" }}
why = {{ en = "Because.", zh = "因为。" }}
verify = {{ en = "Done.", zh = "完成。" }}
confidence = "medium"
sources = [{source}]
{extra}"""


WARN = 'irreversible = true\nwarning = { en = "Gone.", zh = "没了。" }\n'
CORPUS: list[tuple[str, bool, str]] = [
    ("plain step", True, HEAD + step()),
    ("prerequisite by name", True, HEAD + step("a") + step("b", 'after = ["a"]\n')),
    ("prerequisite with a wait", True,
     HEAD + step("a", 'phase = "prepare"\n')
     + step("b", WARN + 'after = [{ step = "a", wait_hours = 24 }]\n')),
    ("no_backup_reason", True, HEAD + step("a", WARN + 'no_backup_reason = "None."\n')),
    ("reviewed date", True, HEAD + step("a", "reviewed = 2026-12-06\n")),
    ("excerpt", True, HEAD + step(source=SOURCE.replace(" }", ', excerpt = "It says so." }'))),
    ("http with a reason", True, HEAD + step(source=SOURCE + ', { url = "http://example.net/p",'
                                             ' checked = 2026-11-22, kind = "third-party", '
                                             'http_reason = "no https version" }')),
    ("every kind", True, HEAD + step(source=", ".join(
        SOURCE.replace("official-help", k)
        for k in ("official-help", "official-api", "vendor-staff", "third-party")))),
    ("source without kind", False,
     HEAD + step(source=SOURCE.replace(', kind = "official-help"', ""))),
    ("unknown kind", False, HEAD + step(source=SOURCE.replace("official-help", "blog"))),
    ("unknown source key", False, HEAD + step(source=SOURCE.replace(" }", ", quote = 'x' }"))),
    ("http without a reason", False, HEAD + step(source=SOURCE + ', { url = "http://e.net/p",'
                                                 ' checked = 2026-11-22, kind = "third-party" }')),
    ("empty excerpt", False, HEAD + step(source=SOURCE.replace(" }", ', excerpt = " " }'))),
    ("excerpt too long", False,
     HEAD + step(source=SOURCE.replace(" }", f', excerpt = "{"x" * 401}" }}'))),
    ("after not a list", False, HEAD + step("a") + step("b", 'after = "a"\n')),
    ("after item a number", False, HEAD + step("a") + step("b", "after = [1]\n")),
    ("after table without step", False,
     HEAD + step("a") + step("b", "after = [{ wait_hours = 24 }]\n")),
    ("after table with an unknown key", False,
     HEAD + step("a") + step("b", 'after = [{ step = "a", hours = 24 }]\n')),
    ("negative wait", False,
     HEAD + step("a") + step("b", 'after = [{ step = "a", wait_hours = -1 }]\n')),
    ("wait as text", False,
     HEAD + step("a") + step("b", 'after = [{ step = "a", wait_hours = "24" }]\n')),
    ("wait over 90 days", False,
     HEAD + step("a") + step("b", 'after = [{ step = "a", wait_hours = 2161 }]\n')),
    ("empty no_backup_reason", False, HEAD + step("a", WARN + 'no_backup_reason = ""\n')),
    ("reviewed as a number", False, HEAD + step("a", "reviewed = 20261206\n")),
    ("irreversible without warning", False, HEAD + step("a", "irreversible = true\n")),
    ("missing translation", False, HEAD + step().replace(', zh = "因为。"', "")),
    ("unknown step key", False, HEAD + step("a", 'colour = "red"\n')),
    ("bad confidence", False, HEAD + step().replace('"medium"', '"sure"')),
    ("use with after", True, HEAD + step("a") + '\n[[steps]]\nuse = "demo.check-devices"\n'
     'after = ["a"]\n'),
    ("use with an unknown key", False, HEAD + '\n[[steps]]\nuse = "demo.check-devices"\n'
     'colour = "red"\n'),
]


def _schema_accepts(text: str) -> list[str]:
    schema = json.loads((REPO / "flows" / "schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = isoformat_dates(tomllib.loads(text))
    return [e.message for e in validator.iter_errors(data)]


def _loader_accepts(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    target = folder / "demo" / "case.toml"
    target.write_text(text, encoding="utf-8")
    return [str(p) for p in load_library([folder]).problems if p.file == target]


@pytest.mark.parametrize(("good", "text"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_the_schema_and_the_loader_agree(tmp_path: Path, good: bool, text: str) -> None:
    schema_errors, loader_problems = _schema_accepts(text), _loader_accepts(tmp_path, text)
    assert (not schema_errors) == good, f"schema: {schema_errors}"
    assert (not loader_problems) == good, f"loader: {loader_problems}"
