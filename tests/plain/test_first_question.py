"""The plain mode's first question comes from the library cache's front, before the
flow model and the library are loaded (tui.core.flows.cache, Opened). What the person
answers is always judged against the library itself: a front that does not match it
is not trusted, and the question is put again from the library."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

from rich.console import Console

from tests.conftest import FIXTURE_FLOWS
from tui import exit_codes
from tui.core.flows.cache import _MAGIC, CACHE_FILE, cache_digest, load_library_cached
from tui.core.flows.loader import load_library
from tui.options import Options
from tui.paths import cache_dir
from tui.plain import run_plain


def _plain(tmp_path: Path, typed: str, lang: str = "en", verbose: bool = False) -> tuple[int, str]:
    screen = io.StringIO()
    options = Options(lang=lang, records_dir=tmp_path / "records", flow_dirs=(FIXTURE_FLOWS,),
                      operator="ana", verbose=verbose)
    console = Console(file=screen, width=100, highlight=False, markup=False, emoji=False)
    return run_plain(options, io.StringIO(typed), console), screen.getvalue()


def _forge_front(front: object) -> None:
    """The cache for the fixture flows, its body the real library, its front `front`."""
    digest = cache_digest([FIXTURE_FLOWS])
    library = load_library([FIXTURE_FLOWS])
    (cache_dir() / CACHE_FILE).write_bytes(
        _MAGIC + digest.encode() + b"\n" + pickle.dumps(front) + pickle.dumps(library))


def test_the_question_from_the_cache_is_the_question_from_the_library(
        tmp_path: Path) -> None:
    first = _plain(tmp_path, "")  # no cache yet: from the flow files, which it caches
    assert (cache_dir() / CACHE_FILE).is_file()
    for lang, verbose in (("en", False), ("zh", False), ("en", True)):
        uncached = (cache_dir() / CACHE_FILE)
        uncached.unlink()
        code, from_files = _plain(tmp_path, "", lang, verbose)
        code_cached, from_cache = _plain(tmp_path, "", lang, verbose)
        assert code == code_cached == exit_codes.INTERRUPTED
        assert from_cache == from_files, (lang, verbose)
    assert first[1].count("Which app?") == 1


def test_a_front_that_differs_from_the_library_is_asked_again_from_the_library(
        tmp_path: Path) -> None:
    load_library_cached([FIXTURE_FLOWS], cache_dir())
    _forge_front((0, (("forged", "Forged Chat", "伪造"),)))
    code, out = _plain(tmp_path, "1\n" * 5 + "q\n")
    assert code == exit_codes.STOPPED, out
    said = out.split("Which app?")
    assert len(said) == 3, out  # the forged question, then the library's own
    assert "Forged Chat" in said[1] and "Forged Chat" not in said[2]
    assert "1) Demo Chat" in said[2]
    (record,) = (tmp_path / "records").glob("2*.toml")
    assert 'platform = "demo"' in record.read_text(encoding="utf-8")


def test_a_front_that_is_not_plain_data_is_not_used(tmp_path: Path) -> None:
    load_library_cached([FIXTURE_FLOWS], cache_dir())
    sprung = tmp_path / "sprung"

    class Trap:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (Path.touch, (str(sprung),))

    _forge_front((0, (("x", "y", Trap()),)))
    code, out = _plain(tmp_path, "")
    assert code == exit_codes.INTERRUPTED
    assert not sprung.exists()
    assert out.count("Which app?") == 1 and "1) Demo" in out


def test_interrupted_runs_are_said_before_the_first_question(tmp_path: Path) -> None:
    """A folder with records is read for open runs before the question is put (only a
    folder holding no record at all is answered without the records code)."""
    code, _ = _plain(tmp_path, "1\n" * 5 + "q\n")
    assert code == exit_codes.STOPPED
    (record,) = (tmp_path / "records").glob("2*.toml")
    code, out = _plain(tmp_path, "")
    assert code == exit_codes.INTERRUPTED
    notice = out.index("You have 1 interrupted run(s). To continue one:")
    assert notice < out.index(f"signoff resume {record.stem}") < out.index("Which app?")
    code, out = _plain(tmp_path, "", lang="zh")
    assert out.index("你有 1 个中断的流程") < out.index("哪个应用？")


def test_a_front_with_escapes_and_markup_is_shown_literally(tmp_path: Path) -> None:
    """The front's names reach the screen before the library is read: they go through
    the same literal() as every other text, never acting on the terminal."""
    load_library_cached([FIXTURE_FLOWS], cache_dir())
    for lang, shown in (("en", "\\x1b[31mEvil[b]\\u202e\\x07"), ("zh", "恶意\\x1b]0;t\\x07")):
        # (each run finds the front wrong and writes the cache again: forged anew)
        _forge_front((0, (("evil", "\x1b[31mEvil[b]\u202e\x07", "恶意\x1b]0;t\x07"),)))
        code, out = _plain(tmp_path, "", lang)
        assert code == exit_codes.INTERRUPTED
        assert f"1) {shown}" in out, out
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
