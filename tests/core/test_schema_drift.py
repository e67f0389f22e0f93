"""schema.json and the loader cannot drift apart: the same corpus of good and bad flow
files goes through both, and each file must be accepted by both or refused by both.

Only faults a JSON Schema can see are in the corpus (shapes, keys, types, enums); what
needs the whole library (unknown step names, cycles, the deny list, official sources
for `high`) is the linter's alone and tested in test_lint_rules.py."""

from __future__ import annotations

import fnmatch
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import FIXTURE_FLOWS, REPO
from tests.core.test_flows_content import isoformat_dates
from tests.helpers.flow_text import HEAD, SOURCE, step
from tui.core.flows.loader import load_library

HEAD2 = """schema = 2

[flow]
title = { en = "T", zh = "标题" }
summary = { en = "S", zh = "摘要" }
"""
FLOW2 = "demo/android-shared-computer.toml"
"""Where a schema-2 case is written: its path says platform, surface and goal."""
QUESTIONS = """
[questions.a]
text = { en = "A?", zh = "甲？" }
NEXT
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" }OPTION_NEXT },
  { id = "z", label = { en = "Z", zh = "Z" } },
]

[questions.b]
text = { en = "B?", zh = "乙？" }
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
"""


def asking(head: str, question_next: str = 'next = "b"', option_next: str = "") -> str:
    """A flow that starts with question a (then b), with or without a's `next`."""
    return (head.rstrip() + '\nstart = "a"\n'
            + QUESTIONS.replace("OPTION_NEXT", option_next).replace("NEXT", question_next))


PLATFORM2 = 'schema = 2\n\n[platform]\nname = { en = "O", zh = "欧" }\n'
WARN = 'irreversible = true\nwarning = { en = "Gone.", zh = "没了。" }\n'
CORPUS: list[tuple[str, bool, str | tuple[str, str]]] = [
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
    # schema 2: identity from the path, one step namespace, question next, not in when
    ("schema 2 plain step", True, (FLOW2, HEAD2 + step())),
    ("schema 2 still names its id", False,
     (FLOW2, HEAD2.replace("[flow]\n", '[flow]\nid = "demo-android-shared-computer"\n')
      + step())),
    ("schema 2 still names its platform", False,
     (FLOW2, HEAD2.replace("[flow]\n", '[flow]\nplatform = "demo"\n') + step())),
    ("schema 2 uses a platform step by its bare id", True,
     (FLOW2, HEAD2 + '\n[[steps]]\nuse = "check-devices"\n')),
    ("schema 2 uses a platform step as OWNER.ID", True,
     (FLOW2, HEAD2 + '\n[[steps]]\nuse = "demo.check-devices"\n')),
    ("schema 2 use that is not a name", False, (FLOW2, HEAD2 + '\n[[steps]]\nuse = "a.b.c"\n')),
    ("bare use in schema 1", False, HEAD + '\n[[steps]]\nuse = "check-devices"\n'),
    ("question-level next", True, (FLOW2, asking(HEAD2) + step())),
    ("question-level next overridden by an option", True,
     (FLOW2, asking(HEAD2, option_next=', next = "b"') + step())),
    ("question-level next not an id", False,
     (FLOW2, asking(HEAD2, 'next = "B Question"') + step())),
    ("question-level next in schema 1", False, asking(HEAD) + step()),
    ("not in when", True,
     (FLOW2, asking(HEAD2) + step("a", 'when = { a = { not = ["x"] } }\n')
      + step("b", 'when = { a = "x" }\n'))),
    ("not in when, one id", True,
     (FLOW2, asking(HEAD2) + step("a", 'when = { a = { not = "x" } }\n')
      + step("b", 'when = { a = "x" }\n'))),
    ("not with an empty list", False,
     (FLOW2, asking(HEAD2) + step("a", "when = { a = { not = [] } }\n"))),
    ("not with a number", False,
     (FLOW2, asking(HEAD2) + step("a", "when = { a = { not = [1] } }\n"))),
    ("only instead of not", False,
     (FLOW2, asking(HEAD2) + step("a", 'when = { a = { only = ["x"] } }\n'))),
    ("not in schema 1", False,
     asking(HEAD, "") + step("a", 'when = { a = { not = ["x"] } }\n')),
    ("schema 2 platform file", True, ("other/platform.toml", PLATFORM2)),
    ("schema 2 platform file with an id", False,
     ("other/platform.toml", PLATFORM2.replace("[platform]\n", '[platform]\nid = "other"\n'))),
    ("schema 2 library file", True, ("lib.toml", 'schema = 2\n\n[library]\nid = "lib"\n')),
    ("schema 3", False, (FLOW2, HEAD2.replace("schema = 2", "schema = 3") + step())),
]


def _schema_accepts(text: str) -> list[str]:
    schema = json.loads((REPO / "flows" / "schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = isoformat_dates(tomllib.loads(text))
    return [e.message for e in validator.iter_errors(data)]


def _loader_accepts(tmp_path: Path, text: str, name: str = "demo/case.toml") -> list[str]:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    target = folder / name
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return [str(p) for p in load_library([folder]).problems if p.file == target]


@pytest.mark.parametrize(("good", "text"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_the_schema_and_the_loader_agree(
    tmp_path: Path, good: bool, text: str | tuple[str, str]
) -> None:
    """A case is the text of demo/case.toml (schema 1), or (where, text): schema 2 reads
    a flow's identity from its path."""
    name, body = text if isinstance(text, tuple) else ("demo/case.toml", text)
    schema_errors, loader_problems = _schema_accepts(body), _loader_accepts(tmp_path, body, name)
    assert (not schema_errors) == good, f"schema: {schema_errors}"
    assert (not loader_problems) == good, f"loader: {loader_problems}"


def test_the_taplo_config_points_every_flow_file_at_the_schema() -> None:
    """An editor with taplo (Even Better TOML) validates flow files out of the box: the
    repository's .taplo.toml sends every file of both flow folders to schema.json, and
    every one of them passes it."""
    config = tomllib.loads((REPO / ".taplo.toml").read_text(encoding="utf-8"))
    (rule,) = [r for r in config["rule"] if "schema" in r]
    assert (REPO / rule["schema"]["path"]).resolve() == REPO / "flows" / "schema.json"
    files = sorted((REPO / "flows").rglob("*.toml")) + sorted(FIXTURE_FLOWS.rglob("*.toml"))
    for path in files:
        relative = path.relative_to(REPO).as_posix()
        # in taplo's globs `**/` is zero or more folders: flows/**/*.toml has flows/x.toml
        patterns = [*rule["include"], *(p.replace("/**/", "/") for p in rule["include"])]
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), relative
        assert not _schema_accepts(path.read_text(encoding="utf-8")), relative
