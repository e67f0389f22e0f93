"""The catalogue is two parts merged into one table: a key written in both would be
silently overwritten by the second."""

from __future__ import annotations

from tui.core.reports.markdown import ENGLISH
from tui.i18n import MESSAGES, outputs, screens, words, words_for


def test_no_key_is_in_two_parts() -> None:
    parts = [set(words.WORDS), set(screens.SCREENS), set(outputs.OUTPUTS)]
    assert all(a.isdisjoint(b) for i, a in enumerate(parts) for b in parts[i + 1:])
    assert len(MESSAGES) == sum(map(len, parts))


def test_the_markdown_renderers_english_is_the_catalogues() -> None:
    assert words_for(("md.", "rp."), "en") == ENGLISH
    assert set(words_for(("md.", "rp."), "zh")) == set(ENGLISH)


def test_every_message_is_in_both_languages() -> None:
    assert all(set(text) == {"en", "zh"} and all(text.values()) for text in MESSAGES.values())
