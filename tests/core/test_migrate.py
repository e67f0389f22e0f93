"""The schema-1 to schema-2 migration: comments kept, the same flows after it, records
that differ only in the flow hash, and a clear sentence for a file it cannot move."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS, REPO
from tests.helpers.records import finished_run, store_at
from tui.core.flows.loader import load_library
from tui.core.flows.migrate import Result, main, migrate_folder
from tui.core.records.record import dumps


def _copy(tmp_path: Path, source: Path = FIXTURE_FLOWS) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(source, folder)
    return folder


def test_migration_keeps_every_flow_and_step(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    results, errors = migrate_folder(folder)
    assert not errors and all(r.changed for r in results)
    before, after = load_library([FIXTURE_FLOWS]), load_library([folder])
    assert not after.problems, [str(p) for p in after.problems]
    assert before.flows.keys() == after.flows.keys()
    for flow_id, old in before.flows.items():
        new = after.flows[flow_id]
        assert (new.platform, new.surface, new.goal) == (old.platform, old.surface, old.goal)
        assert new.steps == old.steps and new.questions == old.questions
        assert new.content_hash != old.content_hash, "the hash covers the file's data"
    text = (folder / "demo" / "web-shared-computer.toml").read_text(encoding="utf-8")
    assert text.startswith('schema = 2\n\n[flow]\ntitle = ')
    again = migrate_folder(folder)
    assert again == ([Result(r.path, False) for r in results], []), "a second run changes nothing"


def test_a_record_differs_only_in_the_flow_hash(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    migrate_folder(folder)
    old_library, new_library = load_library([FIXTURE_FLOWS]), load_library([folder])
    old = finished_run(store_at(tmp_path / "a"), old_library, note="a note")
    new = finished_run(store_at(tmp_path / "b"), new_library, note="a note")
    old_hash = old_library.flows["demo-web-shared-computer"].content_hash
    new_hash = new_library.flows["demo-web-shared-computer"].content_hash
    assert dumps(new) == dumps(old).replace(old_hash.encode(), new_hash.encode())


def test_comments_in_the_header_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "flows" / "demo"
    folder.mkdir(parents=True)
    flow = folder / "web-shared-computer.toml"
    flow.write_text('# research: C1\nschema = 1  # the format\n\n[flow]\n'
                    'id = "demo-web-shared-computer"  # what records store\n'
                    'platform = "demo"\nsurface = "web"\ngoal = "shared-computer"\n'
                    '# the title\ntitle = { en = "T", zh = "标" }\n', encoding="utf-8")
    migrate_folder(folder.parent)
    assert flow.read_text(encoding="utf-8") == (
        '# research: C1\nschema = 2  # the format\n\n[flow]\n# what records store\n'
        '# the title\ntitle = { en = "T", zh = "标" }\n')


def test_the_shipped_library_is_at_schema_2() -> None:
    results, errors = migrate_folder(REPO / "flows", dry_run=True)
    assert not errors and results and not any(r.changed for r in results)


@pytest.mark.parametrize(("name", "text", "says"), [
    ("demo/web-shared-computer.toml",
     'schema = 1\n[flow]\nid = "demo-web-other"\nplatform = "demo"\nsurface = "web"\n'
     'goal = "shared-computer"\n', "[flow] says id = 'demo-web-other' but its path says "
     "'demo-web-shared-computer'"),
    ("demo/web-shared-computer.toml",
     'schema = 1\nflow = { id = "demo-web-shared-computer", platform = "demo", surface = "web",'
     ' goal = "shared-computer" }\n', "cannot be rewritten line by line"),
    ("demo/web-shared-computer.toml", "schema = 3\n", "schema is 3, not 1"),
    ("demo/web-shared-computer.toml", "schema = \n", "is not valid TOML"),
])
def test_a_file_it_cannot_move_is_named_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, says: str
) -> None:
    target = tmp_path / "flows" / name
    target.parent.mkdir(parents=True)
    target.write_text(text, encoding="utf-8")
    assert main([str(tmp_path / "flows")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err, err
    assert target.read_text(encoding="utf-8") == text


def test_a_missing_folder_is_one_sentence(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nowhere'} is not a folder of flow files.\n"


def test_a_file_it_cannot_write_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)

    def refuse(source: str, target: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tui.core.flows.migrate.os.replace", refuse)
    assert main([str(folder)]) == 1
    err = capsys.readouterr().err
    assert "web-shared-computer.toml: cannot be written (Permission denied)" in err
    assert "Traceback" not in err
    assert not list(folder.rglob("*.tmp")), "no temporary file is left behind"
