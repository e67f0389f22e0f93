"""`--class NAME` on the command line: `report --class` reports that session alone, and
`serve` hands the class (and --present, --ascii, --lang) to every tab it starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import signoff
from tests.conftest import FIXTURE_FLOWS
from tests.helpers.records import finished_run, fixture_library, store_at
from tui.commands.serve import app_command
from tui.options import Options


def test_report_class_reports_that_session_alone(tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    library = fixture_library()
    finished_run(store, library, mode="practice", operator="Ann", class_name="mon-am")
    finished_run(store, library, mode="practice", operator="Ben", class_name="mon-am")
    finished_run(store, library, mode="practice", operator="Cat", class_name="tue-pm")
    finished_run(store, library, mode="practice", operator="Dan")
    done = signoff("report", "--class", "mon-am", "--records-dir", str(tmp_path / "r"),
                   "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "| Ann |" in done.stdout and "| Ben |" in done.stdout
    assert "Cat" not in done.stdout and "Dan" not in done.stdout
    everyone = signoff("report", "--records-dir", str(tmp_path / "r"), "--lang", "en")
    assert all(f"| {n} |" in everyone.stdout for n in ("Ann", "Ben", "Cat", "Dan"))


def test_serve_passes_class_present_ascii_and_lang_to_each_tab(tmp_path: Path) -> None:
    options = Options(lang="zh", records_dir=tmp_path, flow_dirs=(FIXTURE_FLOWS,),
                      class_name="room 3", present=True, ascii=True)
    command = app_command(options)
    assert "--lang zh" in command and "--class 'room 3'" in command
    assert "--present" in command and "--ascii" in command


def _real_run(store: object, who: str, lang: str, skip: str, flag: bool) -> None:
    """A practice run of WhatsApp Web on a shared computer, made in `lang`: the first
    step skipped with `skip` (if any), the second flagged "did not match"."""
    from tui.core.engine import Wizard
    from tui.core.flows.loader import load_library
    from tui.core.records.store import RecordStore
    from tui.core.run import Run
    from tui.paths import builtin_flows_dir

    assert isinstance(store, RecordStore)
    wizard = Wizard(load_library([builtin_flows_dir()]), ["whatsapp", "web", "shared-computer"])
    while (prompt := wizard.current()) is not None:
        wizard.answer(prompt.choices[0].id)
    run = Run.start(store, wizard, lang=lang, mode="practice", operator=who,
                    class_name="mon-am")
    first, second = (step.id for step, _ in run.items()[:2])
    if skip:
        run.skip(first, skip)
    if flag:
        run.mismatch(second)
    run.finish("incomplete")


def test_the_class_report_names_steps_in_the_chosen_language_with_counts_and_reasons(
        tmp_path: Path) -> None:
    store = store_at(tmp_path / "r")
    _real_run(store, "Ann", "en", "no phone here", False)
    _real_run(store, "Ben", "zh", "电脑已经关机", True)
    _real_run(store, "Cat", "en", "", True)
    zh = signoff("report", "--class", "mon-am", "--records-dir", str(tmp_path / "r"),
                 "--lang", "zh")
    assert zh.returncode == 0, zh.stderr
    en = signoff("report", "--class", "mon-am", "--records-dir", str(tmp_path / "r"),
                 "--lang", "en")
    from tui.core.flows.loader import load_library
    from tui.paths import builtin_flows_dir

    flow = load_library([builtin_flows_dir()]).flow_for("whatsapp", "web", "shared-computer")
    assert flow is not None
    first, second = (use.step.title for use in flow.steps[:2])
    assert f"| {first.get('zh')} | {flow.id} | 2 | 0 | no phone here; 电脑已经关机 |" \
        in zh.stdout, zh.stdout
    assert f"| {second.get('zh')} | {flow.id} | 0 | 2 |" in zh.stdout
    assert "### 被跳过或标记的步骤" in zh.stdout
    assert f"| {first.get('en')} | {flow.id} | 2 | 0 |" in en.stdout, en.stdout
    assert first.get("en") not in zh.stdout, "no English step title in the Chinese report"


def test_the_room_view_collects_garbage_while_the_class_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up turns the cyclic collector off (runtime/collector.py) and every long-lived
    front end turns it back on. The room view, which runs for a whole class, did not,
    so every cycle it made in those hours stayed in memory."""
    import gc

    from tui.app.room import app as room
    from tui.cli import main

    (tmp_path / "records").mkdir(mode=0o700)
    seen: list[bool] = []

    def fake_room(store: object, class_name: str, lang: str) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(room, "run_room", fake_room)
    assert gc.isenabled()
    assert main(["class", "room-1", "--records-dir", str(tmp_path / "records")]) == 0
    assert seen == [True]
    assert gc.isenabled()
