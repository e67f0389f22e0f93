"""`signoff handout`: the printable checklist. The HTML is printed to PDF by headless
Chromium, as a trainer's browser would, and the PDF's pages and text are checked with
poppler's pdfinfo and pdftotext."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.cli.test_cli import signoff
from tests.helpers.pdf import needs_pdf_tools, print_to_pdf
from tui.core.flows.loader import load_library
from tui.core.flows.model import Flow, Step
from tui.paths import builtin_flows_dir


def _flow() -> Flow:
    flow = load_library([builtin_flows_dir()]).flow_for("whatsapp", "web", "shared-computer")
    assert flow is not None
    return flow


def _steps() -> list[Step]:
    """The steps that apply with the phone at hand, as the wizard works them out."""
    from tui.core.engine import Wizard

    wizard = Wizard(load_library([builtin_flows_dir()]),
                    ["whatsapp", "web", "shared-computer", "yes"])
    assert wizard.flow is not None and wizard.complete
    return wizard.flow.applicable_steps(wizard.answers)


def test_a_question_left_unanswered_names_its_choices() -> None:
    done = signoff("handout", "whatsapp", "web", "shared-computer", "--lang", "en")
    assert done.returncode == 2
    assert "--answers phone=ONE_OF (yes, no)" in done.stderr, done.stderr


def test_the_markdown_handout_has_every_step_with_a_box_the_hash_and_the_date() -> None:
    done = signoff("handout", "whatsapp", "web", "shared-computer", "--answers", "phone=yes",
                   "--format", "md", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    flow = _flow()
    steps = _steps()
    assert done.stdout.count("- [ ] **") == len(steps)
    for n, step in enumerate(steps, start=1):
        assert f"**{n}. {step.title.get('zh')}**" in done.stdout
    assert flow.content_hash in done.stdout and date.today().isoformat() in done.stdout
    assert "## 准备" in done.stdout and "原因" in done.stdout


@pytest.mark.slow
@needs_pdf_tools
def test_the_html_handout_prints_a_page_per_phase(tmp_path: Path) -> None:
    page = tmp_path / "handout.html"
    done = signoff("handout", "whatsapp", "web", "shared-computer", "--answers", "phone=yes",
                   "--format", "html", "--lang", "en", "--out", str(page))
    assert done.returncode == 0, done.stderr
    text = page.read_text()
    assert "size: A4" in text and "break-before: page" in text and "Noto Sans CJK SC" in text
    pdf, info = print_to_pdf(page, tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    flow = _flow()
    steps = _steps()
    phases = len(dict.fromkeys(step.phase for step in steps))
    assert pages == phases, "a page per phase (each fits on one)"
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
    flat = " ".join(printed.split())
    assert flow.title.get("en") in flat
    for step in steps:
        assert " ".join(step.title.get("en").split()) in flat, step.id
        assert " ".join(step.verify.get("en").split())[:60] in flat, step.id
    assert "Check it worked:" in flat and "Sources:" in flat and "(checked 2026-" in flat
    assert f"flow hash {flow.content_hash}" in flat
    assert f"printed {date.today().isoformat()}" in flat
    first_pages = printed.split("\f")
    assert "Prepare" in first_pages[0] and "End the session" not in first_pages[0]
