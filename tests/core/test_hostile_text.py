"""Text signoff did not write (notes, reasons, names, a crafted record file) never
reaches a terminal or a file as raw control or bidi characters, and Markdown never
carries live HTML, links or entities from it."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from markdown_it import MarkdownIt

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands import records as cmd
from tui.config import Settings
from tui.core.engine import Wizard
from tui.core.reports.export import render
from tui.core.run import Run

HOSTILE = "a\x1b]0;owned\x07b\x1b[2Jc\u202ed\u2028e\u2029f\x85g"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e\u2028\u2029]")


def test_csv_cells_pass_through_the_literal_filter(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library(), note=HOSTILE, operator="x\x1b[31m")
    out = render([store.load_file(p) for p in store.files()], "csv")
    assert not RAW.search(out.replace("\r\n", "")), repr(out)
    assert "a\\x1b]0;owned\\x07b" in out and "x\\x1b[31m" in out


def test_jsonl_escapes_bidi_and_line_separators_and_round_trips(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library(), note=HOSTILE)
    out = render([store.load_file(p) for p in store.files()], "jsonl")
    assert not RAW.search(out.rstrip("\n")), repr(out)
    assert "\\u202e" in out and "\\u2028" in out
    (line,) = out.splitlines()
    assert json.loads(line)["steps"][0]["note"] == HOSTILE


def _open_run_with_a_crafted_platform(root: Path) -> None:
    store = store_at(root)
    library = fixture_library()
    finished_run(store, library, operator="ana")
    run = Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "yes", "no"]),
                    lang="en", operator="eve\x1b[2J")
    run.tick(run.items()[0][0].id)
    path = store.root / f"{run.record.id}.toml"
    run.close()
    text = path.read_text(encoding="utf-8")
    crafted = text.replace('platform = "demo"',
                           'platform = "demo\\u001b]0;x\\u0007\\u202e"', 1)
    assert crafted != text
    path.write_text(crafted, encoding="utf-8")


def test_a_crafted_open_run_prints_no_raw_escapes(tmp_path: Path) -> None:
    _open_run_with_a_crafted_platform(tmp_path / "r")
    store = store_at(tmp_path / "r")
    ics = tmp_path / "due.ics"
    outputs = {
        "history": cmd.history(store, as_json=False),
        "history --json": cmd.history(store, as_json=True),
        "due": cmd.due(store, Settings(), str(ics)),
        "due.ics": ics.read_text(encoding="utf-8"),
        "report md": cmd.report(store, by="operator", mode=None, since=None, until=None,
                                fmt="md"),
        "report csv": cmd.report(store, by="flow", mode=None, since=None, until=None,
                                 fmt="csv"),
    }
    buffer = io.StringIO()
    cmd.export(store, fmt="md", out=None, since=None, until=None, platform=None, mode=None,
               subject=None, redact=False, to=buffer)
    outputs["export md"] = buffer.getvalue()
    for name, text in outputs.items():
        assert not RAW.search(text.replace("\r\n", "\n").replace("\n", "")), (name, text)
    assert "demo\\x1b]0;x" in outputs["history"] and "demo\\x1b]0;x" in outputs["due"]


def _html(markdown: str) -> str:
    return str(MarkdownIt("commonmark").enable("table").render(markdown))


def test_report_and_export_markdown_keep_html_links_and_entities_literal(
        tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    finished_run(store, fixture_library(), operator="<img src=x onerror=alert(1)>",
                 note="[click](javascript:alert(1)) &amp; <b>x</b>")
    report = cmd.report(store, by="operator", mode=None, since=None, until=None, fmt="md")
    buffer = io.StringIO()
    cmd.export(store, fmt="md", out=None, since=None, until=None, platform=None, mode=None,
               subject=None, redact=False, to=buffer)
    for name, markdown in (("report", report), ("export", buffer.getvalue())):
        html = _html(markdown)
        assert "<img" not in html and "<b>" not in html, (name, html)
        assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__(), name
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, (name, html)
    export_html = _html(buffer.getvalue())
    assert "&amp;amp;" in export_html, "the note's &amp; is shown as typed, not as &"
    assert "[click](javascript:alert(1))" in export_html
