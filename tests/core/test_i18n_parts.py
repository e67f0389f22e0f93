"""The catalogue is two parts merged into one table: a key written in both would be
silently overwritten by the second."""

from __future__ import annotations

from tui.i18n import MESSAGES, screens, words


def test_no_key_is_in_both_parts() -> None:
    assert set(words.WORDS).isdisjoint(screens.SCREENS)
    assert len(MESSAGES) == len(words.WORDS) + len(screens.SCREENS)


def test_every_message_is_in_both_languages() -> None:
    assert all(set(text) == {"en", "zh"} and all(text.values()) for text in MESSAGES.values())
