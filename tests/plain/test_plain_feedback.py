"""Plain mode's m: the flag at once, then, if the person wants, their app version,
system and what they saw instead, for `signoff feedback` (in-process)."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from rich.console import Console

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import stepping_clock
from tui.core.records.store import RecordStore
from tui.options import Options
from tui.plain import run_plain


def _plain(tmp_path: Path, keys: str, lang: str = "en") -> tuple[str, RecordStore]:
    counter = itertools.count(1)
    store = RecordStore(tmp_path / "records", now=stepping_clock(),
                        suffix=lambda: f"{next(counter):04x}")
    options = Options(lang=lang, records_dir=tmp_path / "records", flow_dirs=(FIXTURE_FLOWS,),
                      run=("demo", "web", "shared-computer"))
    out = io.StringIO()
    console = Console(file=out, width=200, highlight=False, emoji=False, markup=False)
    run_plain(options, io.StringIO(keys), console, store)
    return out.getvalue(), store


def test_m_then_yes_records_the_app_version_system_and_what_was_seen(tmp_path: Path) -> None:
    # phone = no; m on "Log out", yes, three answers (the second too long at first), q.
    long = "x" * 201
    out, store = _plain(tmp_path, f"2\nm\ny\nWhatsApp 2.24.1\n{long}\niOS 18.2\n"
                        "No Log out item in the menu\nq\n")
    assert "Marked: this step did not match your app." in out
    assert "Please keep it under 200 characters." in out
    [record] = store.open_runs().records
    entry = record.step("log-out")
    assert entry.mismatch
    assert (entry.seen_app, entry.seen_os, entry.seen_instead) == (
        "WhatsApp 2.24.1", "iOS 18.2", "No Log out item in the menu")


def test_m_then_enter_flags_without_details(tmp_path: Path) -> None:
    out, store = _plain(tmp_path, "2\nm\n\nq\n")
    assert "Tell the flow's maintainers your app version" in out
    [record] = store.open_runs().records
    entry = record.step("log-out")
    assert entry.mismatch and not (entry.seen_app or entry.seen_os or entry.seen_instead)


def test_m_again_removes_the_flag_and_what_was_said(tmp_path: Path) -> None:
    out, store = _plain(tmp_path, "2\nm\ny\n1.0\nAndroid\nother\nm\nq\n", lang="zh")
    assert "要告诉流程维护者你的应用版本" in out
    [record] = store.open_runs().records
    entry = record.step("log-out")
    assert not entry.mismatch and not (entry.seen_app or entry.seen_os or entry.seen_instead)
