"""How the command line reads the terminal: the locale decides ASCII, TERM=linux the
console profile; neither can show Chinese."""

from __future__ import annotations

import pytest

from tui.cli import setup
from tui.cli.parser import build_parser
from tui.cli.setup import locale_is_utf8, options_from


@pytest.mark.parametrize(("env", "coerced", "utf8"), [
    ({"LANG": "en_US.UTF-8"}, False, True),
    ({"LANG": "zh_CN.utf8"}, False, True),
    ({"LANG": "C"}, False, False),
    ({}, False, False),
    ({"LANG": "en_US.ISO-8859-1"}, False, False),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, False, False),
    ({"LC_CTYPE": "C.UTF-8", "LANG": "C"}, True, False),  # Python coerced a C locale
    ({"LC_CTYPE": "C.UTF-8", "LANG": "en_US.UTF-8"}, True, True),
    ({"LC_CTYPE": "C.UTF-8"}, False, True),  # set by the person
])
def test_locale_is_utf8(env: dict[str, str], coerced: bool, utf8: bool) -> None:
    assert locale_is_utf8(env, coerced) is utf8


@pytest.mark.parametrize(("term", "lang_arg", "locale", "expect"), [
    ("linux", [], "zh_CN.UTF-8", ("en", "console", 0)),
    ("linux", ["--lang", "zh"], "en_US.UTF-8", ("en", "console", 1)),
    ("xterm-256color", ["--lang", "zh"], "en_US.UTF-8", ("zh", "unicode", 0)),
    ("xterm-256color", ["--ascii", "--lang", "zh"], "en_US.UTF-8", ("en", "ascii", 1)),
    ("xterm-256color", [], "C", ("en", "ascii", 0)),
])
def test_options_for_the_terminal(monkeypatch: pytest.MonkeyPatch, term: str,
                                  lang_arg: list[str], locale: str,
                                  expect: tuple[str, str, int]) -> None:

    monkeypatch.setenv("TERM", term)
    monkeypatch.setenv("LANG", locale)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    monkeypatch.setattr(setup, "_python_coerced_locale", lambda: False)
    options = options_from(build_parser().parse_args(lang_arg))
    assert (options.lang, options.glyphs, len(options.warnings)) == expect
