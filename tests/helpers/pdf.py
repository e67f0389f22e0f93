"""Prints a page to PDF in real headless Chromium and reads it back with poppler, for
the handout and report tests (each skipped where neither is installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

needs_pdf_tools = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdftotext") is None,
    reason="needs chromium and poppler-utils (scripts/test installs both when it can)")


def print_to_pdf(page: Path, work: Path) -> tuple[Path, str]:
    """`page` printed to `work`/NAME.pdf, and what pdfinfo says of it."""
    pdf = work / f"{page.stem}.pdf"
    assert CHROMIUM is not None
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--user-data-dir={work / 'profile'}",
                    f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return pdf, info.stdout
