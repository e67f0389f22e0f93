"""A flow with prerequisites and a 24-hour wait, over the fixture library, for the tests
of the tick rule (core, app and plain mode), and a clock the test moves by hand."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import FIXTURE_FLOWS
from tests.helpers.flow_text import step

SOURCE = '{ url = "https://example.org/gated", checked = 2026-11-22, kind = "official-help" }'


def _step(step_id: str, title: str, extra: str = "") -> str:
    return step(step_id, extra, SOURCE, title=title)


GATED_FLOW = """schema = 1

[flow]
id = "demo-android-shared-computer"
platform = "demo"
surface = "android"
goal = "shared-computer"
title = { en = "Demo: gated steps", zh = "演示：有前提的步骤" }
summary = { en = "Back up, transfer, wait a day, then wipe.", zh = "备份、转移、等一天，再清除。" }
start = "transfer"

[questions.transfer]
text = { en = "Is there anything to transfer?", zh = "有需要转移的吗？" }
options = [
  { id = "yes", label = { en = "Yes", zh = "有" } },
  { id = "no", label = { en = "No", zh = "没有" } },
]
""" + _step("back-up", "Back up", 'phase = "prepare"\nreviewed = 2026-12-06\n') \
    + _step("transfer", "Start the transfer", 'phase = "prepare"\nwhen = { transfer = "yes" }\n') \
    + _step("check-transfer", "Check the transfer is complete",
            'phase = "prepare"\nwhen = { transfer = "yes" }\n'
            'after = [{ step = "transfer", wait_hours = 24 }]\n') \
    + _step("wipe", "Wipe everything",
            'irreversible = true\nwarning = { en = "Gone.", zh = "没了。" }\n'
            'after = ["back-up", "check-transfer"]\n') \
    + _step("look-again", "Look again", 'phase = "verify"\n')
"""back-up, [transfer, check-transfer (24 h after transfer)], wipe (after both), look-again."""


def gated_flows(tmp_path: Path) -> Path:
    """The fixture library plus the gated flow, in a folder of the test's own."""
    folder = tmp_path / "gated-flows"
    shutil.copytree(FIXTURE_FLOWS, folder, dirs_exist_ok=True)
    (folder / "demo" / "android-shared-computer.toml").write_text(GATED_FLOW, encoding="utf-8")
    return folder


class HandClock:
    """A clock that moves a minute per reading, and by hand (`advance`) for waits."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        value = self.current
        self.current += timedelta(minutes=1)
        return value

    def advance(self, delta: timedelta) -> None:
        self.current += delta
