"""tui.core.toml_text parses with tomli's compiled build where it is installed: it must
read every file exactly as tomllib does, and fail where tomllib fails, with the same
error type the callers catch (tomllib.TOMLDecodeError)."""

from __future__ import annotations

import functools
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core import toml_text
from tui.core.toml_text import loads

REPO = Path(__file__).resolve().parents[2]
FILES = sorted(p for p in REPO.glob("**/*.toml")
               if not {".venv", ".git", ".cache"} & set(p.parts))


def test_the_compiled_tomli_is_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import tomli

    compiled = Path(tomli._parser.__file__).suffix != ".py"
    assert compiled, "tomli's pure-Python build: no faster than tomllib"
    calls: list[str] = []
    real = tomli.loads

    def counted(text: str, **kwargs: Any) -> dict[str, Any]:
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(tomli, "loads", counted)
    assert loads("a = 1\n") == {"a": 1}
    assert calls == ["a = 1\n"]


def test_every_toml_file_here_reads_as_tomllib_reads_it() -> None:
    assert len(FILES) > 100, "the flows, the test data, the config examples"
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        try:
            expected = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            with pytest.raises(tomllib.TOMLDecodeError):
                loads(text)
            continue
        if toml_text._depth(expected) <= toml_text.MAX_DEPTH:
            assert loads(text) == expected, path


def the_same(text: str) -> None:
    """loads gives tomllib's data, or fails as tomllib does (as a TOMLDecodeError)."""
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        with pytest.raises(tomllib.TOMLDecodeError) as raised:
            loads(text)
        assert str(raised.value) == str(exc)
        return
    except (RecursionError, ValueError):
        with pytest.raises(tomllib.TOMLDecodeError):
            loads(text)
        return
    if toml_text._depth(expected) <= toml_text.MAX_DEPTH:
        assert loads(text) == expected


@functools.cache
def a_record() -> str:
    """A finished record's file, as signoff writes it, to cut and change below."""
    with tempfile.TemporaryDirectory() as folder:
        store = store_at(Path(folder) / "records")
        record = finished_run(store, fixture_library(), note="a note")
        return store.path_for(record.id).read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_record_reads_or_fails_as_with_tomllib(data: st.DataObject) -> None:
    text = a_record()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    insert = data.draw(st.text(alphabet='=[]{}"\'#.,\n 0123456789aeintrfx-_:+', max_size=12))
    the_same(text[:start] + insert + text[end:])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='=[]{}"\'#.,\n \\0123456789abceintrfux-_:+TZ', max_size=60))
def test_any_short_text_reads_or_fails_as_with_tomllib(text: str) -> None:
    the_same(text)


@pytest.mark.parametrize("text", ["at = 02:00\n", "at = 2026-11-22 02:00\n",
                                  "x = {a = 1,\n}\n", 'x = "\\e"\n'])
def test_toml_1_1_is_refused_as_tomllib_refuses_it(text: str) -> None:
    """tomli 2.4 reads TOML 1.1 (times without seconds, trailing commas in inline
    tables, \\e): a record that one signoff calls damaged would read in another."""
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads(text)
    with pytest.raises(tomllib.TOMLDecodeError):
        loads(text)
