"""Notes that look like codes get a warning; ordinary notes do not."""

from __future__ import annotations

import pytest

from tui.core.secret_check import looks_like_code


@pytest.mark.parametrize("text", ["123456", "code 482 913", "PIN: 0000", "验证码 5521",
                                  "password hunter2", "otp=99887766", "got 4821-9931 by sms"])
def test_codes_are_caught(text: str) -> None:
    assert looks_like_code(text)


@pytest.mark.parametrize("text", ["done at the front desk", "room 12", "took 15 minutes",
                                  "logged out at 14:30", "on 2026-11-22", "version 8.2.8",
                                  "20261122", "phone had 3 devices listed"])
def test_ordinary_notes_pass(text: str) -> None:
    assert not looks_like_code(text)
