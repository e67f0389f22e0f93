"""The per-subject report an HR auditor reads (#20 item 5): every run for one leaver
and every step with who, when (local, with offset), status and reason, the flow and
its version, the signing key, the chain head and the verdict, in English and Chinese;
text nobody in signoff wrote shown literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.cli import main
from tui.config import signing_keys
from tui.core.records.record import Record

HOSTILE = "<script>alert('x') & \"y\"</script>"


def _folder(tmp_path: Path) -> tuple[Path, list[Record]]:
    root = tmp_path / "records"
    store = store_at(root)
    store.keys = signing_keys()  # the key of SIGNOFF_CONFIG_DIR, made on first need
    library = fixture_library()
    fields = {"employee_id": "E042", "department": "销售部", "ticket": "HR-7"}
    made = [finished_run(store, library, operator="Ann", subject="王小明", fields=fields,
                         note=HOSTILE),
            finished_run(store, library, operator="Bob", subject="Li Na"),
            finished_run(store, library, operator="Cai", subject="王小明", fields=fields,
                         mode="practice"),
            finished_run(store, library, answers=("no",), operator="Dee", subject="王小明",
                         fields=fields)]
    return root, made


def _report(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    assert main(["report", "--records-dir", str(root), *args]) == 0
    return capsys.readouterr().out


def test_markdown_in_english_lists_every_real_run_and_step(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, made = _folder(tmp_path)
    text = _report(root, capsys, "--subject", "e042", "--lang", "en")
    ann, _, practice, dee = made
    assert text.startswith("# Offboarding report: 王小明 (E042)\n")
    assert "- Ticket: HR-7" in text and "- Department: 销售部" in text
    assert "- Chain head: `4:" in text and "- Verify: OK 4 records" in text
    assert "- Runs: 2\n" in text
    assert ann.id in text and dee.id in text and practice.id not in text
    assert "Li Na" not in text and "Bob" not in text
    assert f"- Flow version (hash): `{ann.flow_hash}`" in text
    assert f"- Signed with key: `{ann.key}`" in text and (ann.key or "").startswith("SHA256:")
    assert "| # | Step | Status | Who | When | Reason or note |" in text
    for n, entry in enumerate(ann.steps, start=1):
        assert f"| {n} | " in text
        if entry.at is not None:
            assert entry.at.isoformat(sep=" ", timespec="seconds") in text
    assert "+08:00" in text and "| skipped | Ann |" in text and "no phone signal" in text
    assert "Place in the chain: `1:" in text and "- Outcome: real, completed" in text


def test_markdown_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = _folder(tmp_path)
    text = _report(root, capsys, "--subject", "王小明", "--lang", "zh")
    assert text.startswith("# 离职处理报告：王小明 (E042)\n")
    assert "- 工单号: HR-7" in text and "- 链头: `4:" in text and "- 校验: " in text
    assert "- 结果: 正式，已完成" in text
    assert "| 序号 | 步骤 | 状态 | 操作人 | 时间 | 原因或备注 |" in text
    assert "签名密钥" in text and "流程版本（哈希）" in text and "Offboarding" not in text
    assert "| 1 | 退出登录 | 已完成 | Ann | 2026-11-22 09:02:00+08:00 |" in text, (
        "titles from the texts the run followed, in the reader's language")


def test_practice_runs_only_when_asked(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root, made = _folder(tmp_path)
    text = _report(root, capsys, "--subject", "王小明", "--practice", "--lang", "en")
    assert made[2].id in text and "- Runs: 3 (practice runs included)" in text


def test_a_subject_not_found_is_one_sentence_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = _folder(tmp_path)
    capsys.readouterr()
    assert main(["report", "--records-dir", str(root), "--subject", "王", "--lang",
                 "en"]) == 2
    err = capsys.readouterr().err
    assert err == ('signoff: no record has the subject or employee id "王"; '
                   "'signoff report --by subject' lists the subjects.\n")


def test_hostile_text_is_shown_literally(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = _folder(tmp_path)
    md = _report(root, capsys, "--subject", "E042", "--lang", "en")
    assert "<script>" not in md and r"\<script\>alert('x') \& \"y\"" not in md
    assert r"\<script\>" in md
    out = tmp_path / "report.html"
    _report(root, capsys, "--subject", "E042", "--format", "html", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;) &amp; &quot;y&quot;&lt;/script&gt;" in page
    assert "size: A4" in page and '<html lang="en">' in page


def test_html_and_out_need_subject(tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = _folder(tmp_path)
    capsys.readouterr()
    assert main(["report", "--records-dir", str(root), "--format", "html"]) == 2
    assert "--format html and --out go with --subject" in capsys.readouterr().err
    assert main(["report", "--records-dir", str(root), "--subject", "E042",
                 "--format", "csv"]) == 2
    assert "writes Markdown or HTML" in capsys.readouterr().err
