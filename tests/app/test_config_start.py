"""The app starts with a broken config.toml and says so in one notification."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_config_file import BROKEN, _write
from tests.helpers.app import AppFactory, ready


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
async def test_the_app_starts_with_a_broken_config_and_says_so_once(
        case: str, make_app: AppFactory, tmp_path: Path) -> None:
    _write(tmp_path, BROKEN[case][0])
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert len([m for m in messages if m.startswith("Settings not used")]) == 1, messages
