"""Provides the UI text catalogue shared by the CLI, the plain mode and the app.

Flow text carries its own translations; this catalogue holds only signoff's own words,
so a missing key fails loudly in tests instead of showing a key name to a person.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from tui.i18n.audit import AUDIT
from tui.i18n.classroom import CLASSROOM
from tui.i18n.outputs import OUTPUTS
from tui.i18n.plain import PLAIN
from tui.i18n.screens import SCREENS
from tui.i18n.words import WORDS

LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {**WORDS, **SCREENS, **OUTPUTS, **PLAIN, **CLASSROOM,
                                     **AUDIT}
"""Every key once: a key in two parts is a mistake (a test holds them apart)."""


def words_for(prefixes: tuple[str, ...], lang: str) -> dict[str, str]:
    """The catalogue's texts in `lang` for every key starting with one of `prefixes`:
    what a core renderer takes as its words (it cannot import this catalogue)."""
    side = "zh" if lang == "zh" else "en"
    return {k: v[side] for k, v in MESSAGES.items() if k.startswith(prefixes)}


def t(key: str, lang: str, **values: object) -> str:
    """The message in `lang`; raises KeyError for an unknown key so tests catch it."""
    text = MESSAGES[key]["zh" if lang == "zh" else "en"]
    return text.format(**values) if values else text


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """zh when the locale says Chinese (LC_ALL, then LC_MESSAGES, then LANG), else en."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
