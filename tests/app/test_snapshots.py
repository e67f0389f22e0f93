"""Snapshot tests: every screen at 80×24 in English and Chinese, a few at 120×40.

Records go to a fixed folder per test (its path is shown on the summary screen), the
clock is fixed and record ids are counted, so the pictures are the same on every run.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.helpers.app import AppFactory, ready

SnapCompare = Callable[..., bool]
LANGS = ["en", "zh"]


@pytest.fixture
def snap_records(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A records folder whose path does not depend on pytest's temporary folders (the
    summary shows it). Two checkouts testing at once would share it, so each test
    holds a lock on its folder while it runs."""
    name = str(request.node.name).replace("[", "-").replace("]", "")
    root = Path("/tmp/signoff-snapshots") / name
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(root, ignore_errors=True)
        yield root


def keys(*presses: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ready(pilot)
        for press in presses:
            await pilot.press(*press.split(" "))
            await ready(pilot)

    return run_before


CHECKLIST: Sequence[str] = ("n", "1", "1", "1", "1", "1")


@pytest.mark.parametrize("lang", LANGS)
def test_start(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
               lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records), run_before=keys(),
                        terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_question(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                  lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys("n", "1", "1", "1", "1"), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_checklist(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                   lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys(*CHECKLIST, "space", "s", "n o space t i m e", "enter"),
                        terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_skip_dialog(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                     lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys(*CHECKLIST, "s"), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_confirm_irreversible(snap_compare: SnapCompare, make_app: AppFactory,
                              snap_records: Path, lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys("n", "1", "2", "1"), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_summary(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                 lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys(*CHECKLIST, "space", "s", "n o", "enter", "n",
                                        "l a t e r", "enter", "m", "f", "y"),
                        terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_history(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                 lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys(*CHECKLIST, "space", "f", "y", "b", "n", "1", "1",
                                        "1", "2", "b", "b", "b", "b", "b", "h", "down", "v"),
                        terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_help(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
              lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records), run_before=keys("question_mark"),
                        terminal_size=(80, 24))


def test_too_small(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path) -> None:
    assert snap_compare(make_app(records=snap_records), run_before=keys(),
                        terminal_size=(50, 15))


def test_practice_checklist(snap_compare: SnapCompare, make_app: AppFactory,
                            snap_records: Path) -> None:
    assert snap_compare(make_app(mode="practice", records=snap_records),
                        run_before=keys(*CHECKLIST, "space"), terminal_size=(80, 24))


def test_ascii_checklist(snap_compare: SnapCompare, make_app: AppFactory,
                         snap_records: Path) -> None:
    assert snap_compare(make_app(records=snap_records, ascii=True),
                        run_before=keys(*CHECKLIST, "space", "m"), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_checklist_large(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                         lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys(*CHECKLIST, "space"), terminal_size=(120, 40))


def test_question_large(snap_compare: SnapCompare, make_app: AppFactory,
                        snap_records: Path) -> None:
    assert snap_compare(make_app(records=snap_records), run_before=keys("n", "1", "1"),
                        terminal_size=(120, 40))


def test_history_large(snap_compare: SnapCompare, make_app: AppFactory,
                       snap_records: Path) -> None:
    assert snap_compare(make_app(records=snap_records),
                        run_before=keys(*CHECKLIST, "space", "f", "y", "b", "h", "down", "v"),
                        terminal_size=(120, 40))


@pytest.mark.parametrize("lang", LANGS)
def test_presenter_view(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                        lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records),
                        run_before=keys(*CHECKLIST, "space", "n", "d e s k", "enter", "v"),
                        terminal_size=(80, 24))


REPORT: Sequence[str] = (*CHECKLIST, "space", "f", "y", "b", "p", *CHECKLIST, "s",
                         "n o space p h o n e", "enter", "m", "f", "y", "b", "c")


@pytest.mark.parametrize("lang", LANGS)
def test_report(snap_compare: SnapCompare, make_app: AppFactory, snap_records: Path,
                lang: str) -> None:
    assert snap_compare(make_app(lang, records=snap_records), run_before=keys(*REPORT),
                        terminal_size=(80, 24))
