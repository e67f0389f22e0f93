"""The linter's line numbers: where a key path was written, checked on crafted flows
and on toml-test's valid corpus (fetched by scripts/test from Debian's package)."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.core.flows.loader import read_toml
from tui.core.flows.toml_lines import KeyPath, LineMap

CORPUS = Path(os.environ.get("SIGNOFF_TOML_TEST", Path(__file__).parents[2] / ".cache"
                             / "toml-test" / "valid"))


def test_an_array_of_inline_tables_starting_on_the_bracket_line() -> None:
    lines = LineMap('steps = [{ id = "a" },\n  { id = "b" },\n  { id = "c" }]\nz = 1\n')
    assert [lines.line(("steps", n)) for n in range(3)] == [1, 2, 3]
    assert lines.line(("steps", 1, "id")) == 2
    assert lines.line(("z",)) == 4


def test_a_multi_line_string_in_an_array_does_not_hide_later_tables() -> None:
    text = ('x = [ """one\ntwo""", "three" ]\n'
            '[[steps]]\nid = "a"\n[[steps]]\nid = "b"\n')
    lines = LineMap(text)
    assert lines.line(("steps", 0, "id")) == 4
    assert lines.line(("steps", 1, "id")) == 6


def test_multi_line_strings_in_inline_tables_and_unicode_line_separators() -> None:
    text = 'a = { t = """x\ny""", u = 1 }\nb = "p\u2028q\u2029r\x85s"\nc = 3\n'
    lines = LineMap(text)
    assert (lines.line(("a", "u")), lines.line(("b",)), lines.line(("c",))) == (2, 3, 4)


def test_quoted_and_dotted_keys_and_strings_that_look_like_syntax() -> None:
    text = ('[a."b.c"]\nk = "] = [ # not a comment"\n'
            "[[a.'x y'.list]]\nv = '''\n[[not]]\n'''\n[[a.'x y'.list]]\nv = 2\n")
    lines = LineMap(text)
    assert lines.line(("a", "b.c", "k")) == 2
    assert lines.line(("a", "x y", "list", 1, "v")) == 8
    assert lines.line(("a", "x y", "list", 9)) == 3, "unknown paths fall back to the parent"


def test_deep_nesting_costs_no_recursion() -> None:
    text = "x = " + "[" * 5000 + "]" * 5000 + "\ny = 1\n"
    assert LineMap(text).line(("y",)) == 2


def test_a_flow_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    flow = tmp_path / "bom.toml"
    flow.write_bytes("\ufeffschema = 1\n[flow]\nid = \"x\"\n".encode())
    data, text, problem = read_toml(flow)
    assert problem is None and data == {"schema": 1, "flow": {"id": "x"}}
    assert LineMap(text).line(("flow", "id")) == 3


def _paths(value: Any, prefix: KeyPath = ()) -> Iterator[KeyPath]:
    items = value.items() if isinstance(value, dict) else (
        enumerate(value) if isinstance(value, list) else ())
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="toml-test's corpus is fetched by scripts/test")
def test_every_key_in_toml_tests_valid_files_is_on_the_line_reported() -> None:
    """For every key, the line reported must be a line that writes that key (where a
    key is written on one line only, exactly that line)."""
    checked, wrong = 0, []
    files = sorted(CORPUS.rglob("*.toml"))
    assert len(files) >= 100
    for file in files:
        text = file.read_bytes().decode("utf-8-sig")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue  # a newer TOML than Python's reader: nothing to compare with
        written = text.split("\n")
        lines = LineMap(text)
        for path in _paths(data):
            name = path[-1]
            if not isinstance(name, str):
                continue
            forms = {json.dumps(name, ensure_ascii=False), f"'{name}'"}
            if name and all(c.isalnum() or c in "_-" for c in name):
                forms.add(name)
            hits = [n for n, line in enumerate(written, 1) if any(f in line for f in forms)]
            if not hits:
                continue  # written with escapes only: no line to compare with
            checked += 1
            if lines.line(path) not in hits:
                wrong.append(f"{file.relative_to(CORPUS)} {path}: {lines.line(path)} "
                             f"not in {hits}")
    assert checked > 500
    assert wrong == []
