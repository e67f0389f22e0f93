"""The index's MAC with its key set up once is HMAC-SHA256 itself: the same bytes as
hmac.digest for every key length and message, so rows written before still count."""

from __future__ import annotations

import hmac
import os

import pytest

from tui.core.records.mac import Mac


@pytest.mark.parametrize("key_size", [0, 1, 32, 63, 64, 65, 200])
def test_mac_equals_hmac_digest(key_size: int) -> None:
    key = os.urandom(key_size)
    mac = Mac(key)
    for size in (0, 1, 55, 64, 300, 1400, 5000):
        message = os.urandom(size)
        cut = size // 3
        assert mac.digest(message[:cut], message[cut:]) == \
            hmac.digest(key, message, "sha256")
        assert mac.digest(message) == mac.digest(message), "the kept states are not used up"
