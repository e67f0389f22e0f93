"""The catalogue is two parts merged into one table: a key written in both would be
silently overwritten by the second."""

from __future__ import annotations

import re
from pathlib import Path

import tui
from tui.core.reports import subject
from tui.core.reports.markdown import ENGLISH
from tui.i18n import MESSAGES, audit, classroom, outputs, plain, screens, words, words_for


def test_no_key_is_in_two_parts() -> None:
    parts = [set(words.WORDS), set(screens.SCREENS), set(outputs.OUTPUTS),
             set(plain.PLAIN), set(classroom.CLASSROOM), set(audit.AUDIT)]
    assert all(a.isdisjoint(b) for i, a in enumerate(parts) for b in parts[i + 1:])
    assert len(MESSAGES) == sum(map(len, parts))


def test_the_markdown_renderers_english_is_the_catalogues() -> None:
    assert words_for(("md.", "rp.", "fb."), "en") == ENGLISH
    assert set(words_for(("md.", "rp.", "fb."), "zh")) == set(ENGLISH)
    assert words_for(("sr.",), "en") == subject.ENGLISH
    assert set(words_for(("sr.",), "zh")) == set(subject.ENGLISH)


def test_every_message_is_in_both_languages() -> None:
    assert all(set(text) == {"en", "zh"} and all(text.values()) for text in MESSAGES.values())


def _code() -> str:
    root = Path(tui.__file__).parent
    return "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py")
                     if "i18n" not in p.relative_to(root).parts)


def test_every_message_is_used_somewhere() -> None:
    """A key nobody asks for is dead text that translators still keep up to date. A key
    counts as used when the code names it, or builds it from a prefix it names (as in
    f"status.{status}" or "confidence." + level)."""
    code = _code()
    built = set(re.findall(r"""["']([a-z_.]+[._])["'] \+|f["']([a-z_.]+)\{""", code))
    prefixes = {p for pair in built for p in pair if p}
    unused = [key for key in MESSAGES
              if f'"{key}"' not in code and f"'{key}'" not in code
              and not any(key.startswith(p) for p in prefixes)]
    assert unused == []


def test_every_csv_column_is_named_in_both_languages() -> None:
    """The CSV header names each column in the export's language; the English names are
    the stable column ids scripts read. A column without a label showed its id in a
    Chinese header (subject_fields did)."""
    from tui.core.reports.csv_rows import CSV_COLUMNS, SHOWN_COLUMNS

    columns = [*CSV_COLUMNS, *SHOWN_COLUMNS, "chain_head", "verify"]
    english, chinese = words_for(("csv.",), "en"), words_for(("csv.",), "zh")
    assert [english.get(f"csv.{c}") for c in columns] == columns
    assert all(f"csv.{c}" in chinese for c in columns)
