"""Exports an auditor can use on their own: labels in the chosen language, local times
with their offset and UTC, the answers, the flow and its hash, the app version, the
operator and the key, and the verify verdict beside the head at the top. Also the
cache of good signatures `verify` keeps: it saves work, never changes a verdict."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.cli import main
from tui.config import signing_keys


def _signed_folder(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    store = store_at(root)
    store.keys = signing_keys()  # the key of SIGNOFF_CONFIG_DIR, made on first need
    library = fixture_library()
    finished_run(store, library, operator="Ann", subject="王小明")
    finished_run(store, library, answers=("no",), operator="Bob")
    return root


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_carries_what_an_auditor_needs(tmp_path: Path) -> None:
    root = _signed_folder(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["export", "--records-dir", str(root), "--format", "csv",
                 "--out", str(out)]) == 0
    rows = _csv(out)
    first = rows[0]
    assert first["started"].endswith("+08:00") and first["started_utc"].endswith("Z")
    assert first["started_utc"].startswith("2026-11-22T01:")
    assert first["ticked_at_utc"].endswith("Z")
    assert first["answers"] == "phone=yes; private=no"
    assert len(first["flow_hash"]) == 64 and first["app_version"]
    assert first["operator"] == "Ann" and first["key"].startswith("SHA256:")
    assert first["verify"].startswith("OK 2 records, head 2:")
    assert first["chain_head"] in first["verify"]
    assert {r["verify"] for r in rows} == {first["verify"]}, "the same on every row"


def test_lang_zh_gives_chinese_headers_and_labels(tmp_path: Path) -> None:
    root = _signed_folder(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["export", "--records-dir", str(root), "--format", "csv", "--lang", "zh",
                 "--out", str(out)]) == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["记录", "开始时间", "开始时间（UTC）"]
    assert "校验" in header and "链头" in header
    md = tmp_path / "out.md"
    assert main(["export", "--records-dir", str(root), "--format", "md", "--lang", "zh",
                 "--out", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert "校验：正常：2 条记录" in text and "- 回答：phone=yes; private=no" in text
    assert "- 签名：密钥 SHA256:" in text


def test_the_verdict_at_the_top_says_failed_after_an_edit(tmp_path: Path) -> None:
    root = _signed_folder(tmp_path)
    md = tmp_path / "out.md"
    assert main(["export", "--records-dir", str(root), "--format", "md",
                 "--out", str(md)]) == 0
    assert "Verify: OK 2 records" in md.read_text(encoding="utf-8").split("## ")[0]
    victim = sorted(root.glob("*.toml"))[0]
    victim.write_bytes(victim.read_bytes().replace(b'operator = "Ann"', b'operator = "Eve"'))
    jsonl = tmp_path / "out.jsonl"
    assert main(["export", "--records-dir", str(root), "--format", "jsonl",
                 "--out", str(jsonl)]) == 0
    about = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])["signoff_export"]
    assert about["verify"].startswith("FAILED")


def test_a_forged_entry_in_the_signature_cache_is_not_believed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """verify keeps good signatures it checked in the cache folder, MAC'd with a key
    derived from the signing key; an entry for a re-signed-without-key record, or one
    whose MAC was copied from another record, does not count."""
    root = _signed_folder(tmp_path)
    assert main(["verify", "--records-dir", str(root)]) == 0
    database = next((tmp_path / "cache" / "records-index").glob("*.sqlite3"))
    con = sqlite3.connect(database)
    assert con.execute("SELECT count(*) FROM sigs").fetchone()[0] == 2
    victim = sorted(root.glob("*.toml"))[0]
    raw = victim.read_bytes().replace(b'operator = "Ann"', b'operator = "Eve"')
    from tui.core.records.record import check_seal, seal  # re-seal without the key
    from tui.core.records.store import RecordStore

    record = RecordStore(root).parse(victim.name, raw)
    sealed = check_seal(raw)
    assert sealed is not None and record.chain is not None
    _, resealed = seal(record, sealed.seq, sealed.prev)
    victim.write_bytes(resealed)
    import hashlib

    con.execute("UPDATE sigs SET file_hash = ? WHERE name = ?",
                (hashlib.sha256(resealed).digest(), victim.name))
    con.commit()
    con.close()
    capsys.readouterr()
    assert main(["verify", "--records-dir", str(root)]) == 1
    out = capsys.readouterr().out
    assert "badly signed" in out and victim.stem in out


def test_an_export_reads_each_chosen_file_once_and_shows_what_it_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """verify hands the export the bytes it read of the chosen files (scans.Preread):
    a warm export opens no record file a second time, its output is the same, and a
    file edited in place still shows its own content (and a failed verdict)."""
    from tui.core.records import scans

    root = _signed_folder(tmp_path)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["export", "--records-dir", str(root), "--format", "csv",
                 "--out", str(first)]) == 0
    reads: list[str] = []
    real = scans.read_keyed

    def counted(path: str, name: str) -> tuple[tuple[int, int, int, int], bytes]:
        reads.append(name)
        return real(path, name)

    monkeypatch.setattr(scans, "read_keyed", counted)
    assert main(["export", "--records-dir", str(root), "--format", "csv",
                 "--out", str(second)]) == 0
    assert reads == [] and second.read_bytes() == first.read_bytes()
    victim = sorted(root.glob("*.toml"))[0]
    victim.write_bytes(victim.read_bytes().replace(b'operator = "Ann"', b'operator = "Eve"'))
    assert main(["export", "--records-dir", str(root), "--format", "csv",
                 "--out", str(second)]) == 0
    rows = _csv(second)
    assert {r["operator"] for r in rows} == {"Eve", "Bob"}
    assert all(r["verify"].startswith("FAILED") for r in rows)
