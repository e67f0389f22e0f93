"""flow_files lists what the loader reads and what the cache is keyed on: the same
files, in the same order, as the rglob it replaced."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO
from tui.core.flows.files import flow_files


def _rglob(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.toml") if p.is_file())


def test_the_same_files_as_rglob_on_an_awkward_tree(tmp_path: Path) -> None:
    root = tmp_path / "flows"
    for name in ("a.toml", "a-b.toml", "b.TOML", "notes.txt", ".hidden.toml", ".toml",
                 "a/b.toml", "a/c/d.toml", ".dot/e.toml", "x.toml/inside.toml",
                 "deep/er/still/f.toml"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("schema = 1\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "g.toml").write_text("schema = 1\n")
    (root / "linked-dir").symlink_to(outside)
    (root / "linked-dir.toml").symlink_to(outside)
    (root / "linked-file.toml").symlink_to(outside / "g.toml")
    (root / "broken.toml").symlink_to(tmp_path / "nowhere.toml")
    listed = flow_files(root)
    assert listed == _rglob(root)
    assert root / "a" / "b.toml" in listed and root / "linked-file.toml" in listed
    assert root / "linked-dir" / "g.toml" not in listed


def test_the_same_files_as_rglob_on_the_shipped_library() -> None:
    assert flow_files(REPO / "flows") == _rglob(REPO / "flows")


def test_a_missing_folder_has_no_files(tmp_path: Path) -> None:
    assert flow_files(tmp_path / "nope") == []


def test_a_number_of_thousands_of_digits_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    """tomllib lets Python's ValueError for an integer of over 4,300 digits out (not a
    TOMLDecodeError): one such flow file ended loading the whole library in a
    traceback. It is a problem named with its file, like any syntax error."""
    from tui.core.flows.loader import load_library

    (tmp_path / "bad.toml").write_text(f"schema = 2\nversion = {'9' * 5000}\n")
    library = load_library([tmp_path])
    assert [str(p) for p in library.problems if "bad.toml" in str(p)], library.problems
    assert any("too many digits" in str(p) for p in library.problems)
