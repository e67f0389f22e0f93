"""The linter's safety and provenance rules: each catches a broken fixture of its kind
(with file and line), and the same fixture repaired loads clean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.flow_text import HEAD, SOURCE, step
from tui.core.flows.loader import load_library
from tui.core.flows.model import Prerequisite, Problem

IRREVERSIBLE = 'irreversible = true\nwarning = { en = "Gone.", zh = "没了。" }\n'
PREPARE = 'phase = "prepare"\n'
QUESTION = """start = "a"

[questions.a]
text = { en = "A?", zh = "甲？" }
options = [
  { id = "x", label = { en = "X", zh = "X" } },
  { id = "y", label = { en = "Y", zh = "Y" } },
]
"""


def _load(tmp_path: Path, text: str, deny: str = "") -> tuple[list[Problem], Path]:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    if deny:
        (folder / "deny-domains.txt").write_text(deny, encoding="utf-8")
    target = folder / "demo" / "broken.toml"
    target.write_text(text, encoding="utf-8")
    library = load_library([folder])
    return [p for p in library.problems if p.file == target], target


CASES: list[tuple[str, str, str, int, str]] = [
    ("after names an unknown step",
     HEAD + step("backup", PREPARE) + step("wipe", IRREVERSIBLE + 'after = ["bakup"]\n'), "", 29,
     'comes after "bakup", which is not a step of this flow'),
    ("after forms a cycle",
     HEAD + step("one", 'after = ["two"]\n') + step("two", 'after = ["one"]\n'), "", 18,
     "steps wait for each other in a cycle: one → two → one"),
    ("after names a later step",
     HEAD + step("wipe", IRREVERSIBLE + 'after = ["backup"]\n') + step("backup"), "", 20,
     'comes after "backup", which is placed later'),
    ("irreversible with no prerequisite",
     HEAD + step("backup", PREPARE) + step("wipe", IRREVERSIBLE), "", 20,
     'irreversible step "wipe" has no backup or prepare step before it'),
    ("irreversible whose only prerequisite is not a prepare step",
     HEAD + step("lock") + step("wipe", IRREVERSIBLE + 'after = ["lock"]\n'), "", 19,
     'irreversible step "wipe" has no backup or prepare step before it'),
    ("irreversible whose prerequisite does not apply under some answers",
     HEAD + QUESTION + step("backup", PREPARE + 'when = { a = "x" }\n')
     + step("wipe", IRREVERSIBLE + 'after = ["backup"]\n'), "", 29,
     "(with a=y)"),
    ("wait that is not a number",
     HEAD + step("backup", PREPARE) + step("wipe", IRREVERSIBLE
                                  + 'after = [{ step = "backup", wait_hours = "a day" }]\n'),
     "", 29, "wait_hours must be a whole number"),
    ("high without an official source",
     HEAD + step("check", source=SOURCE.replace("official-help", "third-party"),
                 confidence="high"), "", 16, "is rated high but cites no official source"),
    ("source without a kind",
     HEAD + step("check", source=SOURCE.replace(', kind = "official-help"', "")), "", 17,
     "has no kind"),
    ("unknown kind",
     HEAD + step("check", source=SOURCE.replace("official-help", "blog")), "", 17,
     '"blog" is not one of'),
    ("root-only url",
     HEAD + step("check", source=SOURCE.replace("/x", "/")), "", 17,
     "is a site's front page"),
    ("url with no path at all",
     HEAD + step("check", source=SOURCE.replace("/x", "")), "", 17,
     "is a site's front page"),
    ("http without a reason",
     HEAD + step("check", source=SOURCE + ', { url = "http://example.net/p", checked = '
                 '2026-11-22, kind = "third-party" }'), "", 17, "is http:// only"),
    ("denied domain",
     HEAD + step("check", source=SOURCE.replace("example.org", "www.contentfarm.test")),
     "# farms\ncontentfarm.test\n", 17, "which is on the deny list"),
]


@pytest.mark.parametrize(("text", "deny", "line", "message"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_each_rule_catches_its_broken_fixture(
    tmp_path: Path, text: str, deny: str, line: int, message: str
) -> None:
    problems, target = _load(tmp_path, text, deny)
    matching = [p for p in problems if message in str(p)]
    assert matching, [str(p) for p in problems]
    assert matching[0].line == line, str(matching[0])
    assert str(matching[0]).startswith(f"{target}:{line}: ")
    assert str(matching[0]).split(" — ", 1)[1].strip(), "every problem says how to fix it"


GOOD: list[tuple[str, str]] = [
    ("prerequisite with a wait",
     HEAD + step("backup", PREPARE) + step("wipe", IRREVERSIBLE
                                  + 'after = [{ step = "backup", wait_hours = 24 }]\n')),
    ("stated reason instead of a backup",
     HEAD + step("wipe", IRREVERSIBLE + 'no_backup_reason = "Nothing is stored."\n')),
    ("high with an official source", HEAD + step("check", confidence="high")),
    ("http with a reason",
     HEAD + step("check", source=SOURCE + ', { url = "http://example.net/p", checked = '
                 '2026-11-22, kind = "third-party", http_reason = "no https version" }')),
    ("a deep page on an allowed site of a denied name's parent",
     HEAD + step("check", source=SOURCE.replace("example.org", "notcontentfarm.test"))),
    ("excerpt and review date",
     HEAD + step("check", "reviewed = 2026-12-06\n",
                 source=SOURCE.replace(" }", ', excerpt = "The sentence." }'))),
]


@pytest.mark.parametrize("text", [g[1] for g in GOOD], ids=[g[0] for g in GOOD])
def test_the_repaired_fixture_loads_clean(tmp_path: Path, text: str) -> None:
    problems, _ = _load(tmp_path, text, "contentfarm.test\n")
    assert [str(p) for p in problems] == []


def test_a_shared_steps_prerequisites_resolve_in_each_flow(tmp_path: Path) -> None:
    """A bare name on a shared step means the same owner's step, and a flow that places
    the step without its prerequisite is told so."""
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    platform = folder / "demo" / "platform.toml"
    platform.write_text(platform.read_text(encoding="utf-8") + """
[steps.backup]
phase = "prepare"
title = { en = "Back up", zh = "备份" }
why = { en = "Because.", zh = "因为。" }
verify = { en = "Done.", zh = "完成。" }
confidence = "medium"
sources = [""" + SOURCE + """]

[steps.wipe]
after = ["backup"]
title = { en = "Wipe", zh = "清除" }
why = { en = "Because.", zh = "因为。" }
verify = { en = "Done.", zh = "完成。" }
warning = { en = "Gone.", zh = "没了。" }
irreversible = true
confidence = "medium"
sources = [""" + SOURCE + "]\n", encoding="utf-8")
    good = folder / "demo" / "good.toml"
    good.write_text(HEAD + '\n[[steps]]\nuse = "demo.backup"\n\n[[steps]]\nuse = "demo.wipe"\n'
                    '\n[[steps]]\nuse = "demo.check-devices"\nafter = ["wipe"]\n',
                    encoding="utf-8")
    library = load_library([folder])
    assert [str(p) for p in library.problems] == []
    flow = library.flows["demo-android-shared-computer"]
    assert [u.after for u in flow.steps] == [
        (), (Prerequisite("demo.backup"),), (Prerequisite("demo.wipe"),)]
    good.write_text(HEAD + '\n[[steps]]\nuse = "demo.wipe"\n', encoding="utf-8")
    problems = [str(p) for p in load_library([folder]).problems]
    assert any('comes after "demo.backup", which is not a step of this flow' in p
               for p in problems), problems


def test_a_new_deny_list_entry_is_seen_through_the_library_cache(tmp_path: Path) -> None:
    """The cache is keyed on deny-domains.txt too: listing a domain a cached library
    cites makes the next load refuse it."""
    import os
    import time

    from tui.core.flows.cache import load_library_cached

    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    old = time.time_ns() - 3 * 86_400 * 10**9
    for path in folder.rglob("*"):
        os.utime(path, ns=(old, old))
    cache = tmp_path / "cache"
    assert load_library_cached([folder], cache).problems == ()
    deny = folder / "deny-domains.txt"
    deny.write_text("example.org\n", encoding="utf-8")
    os.utime(deny, ns=(old, old))
    problems = load_library_cached([folder], cache).problems
    assert any("example.org, which is on the deny list" in p.message for p in problems)
