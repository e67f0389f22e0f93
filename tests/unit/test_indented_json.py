"""`history --json` writes exactly what json.dumps(indent=1) wrote, made faster."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tui.commands.records import Flat, indented_json

flat = st.dictionaries(st.text(), st.one_of(st.none(), st.text()), max_size=5)


@given(st.dictionaries(st.text(), st.lists(flat, max_size=4), max_size=3))
def test_same_text_as_json_dumps_with_indent_1(document: dict[str, list[Flat]]) -> None:
    assert indented_json(document) == json.dumps(document, ensure_ascii=False, indent=1)


def test_escapes_and_cjk() -> None:
    document: dict[str, list[Flat]] = {
        "records": [{"id": "a\nb\t\"c\"\\", "subject": "王小明", "finished": None},
                    {"x": "\x1b[2J\u202e"}],
        "damaged": []}
    assert indented_json(document) == json.dumps(document, ensure_ascii=False, indent=1)
