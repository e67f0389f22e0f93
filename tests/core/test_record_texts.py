"""A finished record keeps, by hash, the step texts its run showed (both languages), so
`show` and the exports say what was followed after the flow changed or was deleted; the
signature covers the hash and `verify` checks the copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import finished_run, store_at
from tui.cli import main
from tui.core.flows.loader import load_library
from tui.core.records.chain import verify_chain
from tui.core.records.record import Record, dumps
from tui.core.records.texts import texts_path


def _finished_then_flow_gone(tmp_path: Path) -> tuple[Path, Record]:
    flows = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, flows)
    store = store_at(tmp_path / "records")
    record = finished_run(store, load_library([flows]), operator="Ann")
    flow_file = flows / "demo" / "web-shared-computer.toml"
    flow_file.write_text(flow_file.read_text(encoding="utf-8")
                         .replace("Ends the session.", "CHANGED LATER"), encoding="utf-8")
    shutil.rmtree(flows)
    return store.root, record


def test_show_renders_the_texts_followed_after_the_flow_is_gone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, record = _finished_then_flow_gone(tmp_path)
    assert record.texts and texts_path(root, record.texts).exists()
    capsys.readouterr()
    assert main(["show", record.id, "--records-dir", str(root)]) == 0
    shown = capsys.readouterr().out
    for text in ("Ends the session.", "Menu \\> Log out", "You see the login page.",
                 "https://example.org/logout", "Look again after 24 h"):
        assert text in shown, text
    assert "CHANGED LATER" not in shown
    assert main(["show", record.id, "--records-dir", str(root), "--lang", "zh"]) == 0
    assert "原因：Ends the session." in capsys.readouterr().out, \
        "Chinese labels, the texts in the language the run was shown in"


def test_every_export_carries_the_texts(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = _finished_then_flow_gone(tmp_path)
    for fmt in ("md", "csv", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        assert main(["export", "--records-dir", str(root), "--format", fmt,
                     "--out", str(out)]) == 0
        assert "Ends the session." in out.read_text(encoding="utf-8"), fmt
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    step = json.loads(lines[-1])["steps"][0]
    assert step["shown"]["why"] == {"en": "Ends the session.", "zh": "结束会话。"}


@pytest.mark.parametrize("damage", ["edited", "deleted"])
def test_verify_names_a_record_whose_texts_were_changed(tmp_path: Path, damage: str) -> None:
    root, record = _finished_then_flow_gone(tmp_path)
    from tui.core.records.store import RecordStore

    assert verify_chain(RecordStore(root)).ok
    assert record.texts is not None
    path = texts_path(root, record.texts)
    if damage == "edited":
        path.write_bytes(path.read_bytes().replace(b"Ends the session.", b"Ends nothing.  "))
    else:
        path.unlink()
    report = verify_chain(RecordStore(root))
    assert not report.ok
    assert [f.name for f in report.findings] == [record.id]
    assert ("changed" if damage == "edited" else "missing") in report.findings[0].problem


def test_records_of_schema_1_are_still_read_and_shown(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    root, record = _finished_then_flow_gone(tmp_path)
    old = replace(record, schema=1, texts=None, chain=None, outcome="in-progress",
                  finished=None, id=record.id[:-4] + "old1")
    (root / f"{old.id}.toml").write_bytes(dumps(old))
    assert main(["show", old.id, "--records-dir", str(root)]) == 0
    assert "Log out" in capsys.readouterr().out
    from tui.core.records.store import RecordStore

    assert RecordStore(root).load(old.id).schema == 1


def test_a_texts_hash_that_is_not_a_hash_is_refused(tmp_path: Path) -> None:
    from tui.core.records.record import RecordDamaged
    from tui.core.records.store import RecordStore

    root, record = _finished_then_flow_gone(tmp_path)
    path = root / f"{record.id}.toml"
    assert record.texts is not None
    path.write_bytes(path.read_bytes().replace(record.texts.encode(),
                                               b"../../../../etc/passwd"))
    with pytest.raises(RecordDamaged, match="texts"):
        RecordStore(root).load(record.id)
