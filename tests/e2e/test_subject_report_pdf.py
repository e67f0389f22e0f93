"""`signoff report --subject NAME --format html`: the HR auditor's report, printed to
PDF by headless Chromium as an auditor's browser would, and the PDF's text checked
with poppler's pdftotext (the Chinese included, the hostile note as typed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.core.test_subject_report import _folder
from tests.helpers.pdf import needs_pdf_tools, print_to_pdf
from tui.cli import main


@pytest.mark.slow
@needs_pdf_tools
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_report_prints_to_a4_pdf_with_every_step(tmp_path: Path, lang: str) -> None:
    root, made = _folder(tmp_path)
    page = tmp_path / "report.html"
    assert main(["report", "--records-dir", str(root), "--subject", "E042", "--format",
                 "html", "--lang", lang, "--out", str(page)]) == 0
    pdf, info = print_to_pdf(page, tmp_path)
    assert "595.92 x 841.92 pts (A4)" in info or "(A4)" in info, info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = " ".join(text.split())
    ann, dee = made[0], made[3]
    assert ann.id in flat and dee.id in flat and made[2].id not in flat
    assert ann.key is not None and ann.key in flat.replace(" ", "")
    assert ann.flow_hash[:32] in flat.replace(" ", "")
    assert "2026-11-22 09:02:00+08:00" in flat
    assert "<script>alert('x')&\"y\"</script>" in flat.replace(" ", ""), (
        "the note as typed (a cell may wrap it), not run")
    if lang == "zh":
        assert "离职处理报告：王小明 (E042)" in flat and "退出登录" in flat and "链头" in flat
    else:
        assert "Offboarding report: 王小明 (E042)" in flat and "Log out" in flat
        assert "Chain head" in flat and "no phone signal" in flat
