"""Start-up runs without the cyclic garbage collector (cli.main); every long-lived front
end turns it back on without the start-up objects, and main() always leaves it as it
found it."""

from __future__ import annotations

import contextlib
import gc
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from tui import cli
from tui.cli import handlers
from tui.options import Options
from tui.paths import builtin_flows_dir
from tui.plain import run_plain
from tui.runtime import collector


@pytest.fixture(autouse=True)
def _collector_back_on() -> Iterator[None]:
    yield
    collector.restore(True)
    gc.unfreeze()


@pytest.mark.parametrize("argv", [["--version"], ["flows", "list"], ["bogus"],
                                  ["show", "no-such-record"]])
def test_main_leaves_the_collector_on(argv: list[str]) -> None:
    exits = argv[0] in ("--version", "bogus")
    with pytest.raises(SystemExit) if exits else contextlib.nullcontext():
        cli.main(argv)
    assert gc.isenabled()


def test_main_leaves_a_collector_that_was_off_off() -> None:
    gc.disable()
    cli.main(["flows", "list"])
    assert not gc.isenabled()


def test_short_commands_run_without_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def verify(args: object) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setitem(handlers.COMMANDS, "verify", verify)
    assert cli.main(["verify"]) == 0
    assert seen == [False]


def test_the_plain_mode_turns_the_collector_on_at_its_first_question(tmp_path: Path) -> None:
    class Watching(io.StringIO):
        def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
            states.append(gc.isenabled())
            return super().readline()

    states: list[bool] = []
    options = Options(lang="en", records_dir=tmp_path / "records",
                      flow_dirs=(builtin_flows_dir(),))
    collector.pause_for_start_up()
    frozen = gc.get_freeze_count()
    run_plain(options, Watching("q\n"), Console(file=io.StringIO(), width=80))
    assert states and all(states)
    assert gc.get_freeze_count() > frozen


def test_start_up_done_acts_once_and_only_after_a_pause() -> None:
    frozen = gc.get_freeze_count()
    collector.start_up_done()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()  # e.g. another thread's bulk read: not ours to turn back on
    collector.start_up_done()
    assert not gc.isenabled()
    gc.enable()
    collector.pause_for_start_up()
    collector.start_up_done()
    assert gc.isenabled()
    gc.disable()
    collector.start_up_done()
    assert not gc.isenabled()


def test_the_app_and_serve_start_with_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app.signoff_app
    import tui.commands.serve

    states: list[bool] = []

    def started(*args: object) -> int:
        states.append(gc.isenabled())
        return 0

    monkeypatch.setattr(tui.app.signoff_app, "run_app", started)
    monkeypatch.setattr(tui.commands.serve, "serve", started)
    monkeypatch.setattr(handlers, "wants_plain", lambda args: False)
    assert cli.main([]) == 0
    assert cli.main(["serve"]) == 0
    assert states == [True, True]


def test_quitting_the_app_leaves_nothing_for_the_collection_at_exit(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    import tui.app.signoff_app

    class RanAndQuit:
        return_code = 0

        def __init__(self, options: Options, store: object = None) -> None:
            pass

        def run(self) -> int:
            for _ in range(100):  # cycles left behind by a session
                cycle: list[object] = []
                cycle.append(cycle)
            return 0

    monkeypatch.setattr(tui.app.signoff_app, "SignoffApp", RanAndQuit)
    interval = sys.getswitchinterval()
    gc.collect()
    try:
        options = Options(lang="en", records_dir=tmp_path, flow_dirs=())
        assert tui.app.signoff_app.run_app(options) == 0
    finally:
        sys.setswitchinterval(interval)
    assert gc.collect() == 0, "Python's last collection would walk what the app left"
