"""Provides `loads()`: a TOML parser with a bound on nesting and on numbers' digits, for
files people edit or send.

The parser is tomli, where its compiled build is installed (tomllib is tomli, taken into
the standard library; compiled with mypyc, it parses a record in 136 µs instead of 243
here, and a first `history` or export after the index is cleared parses every record).
Without tomli it is tomllib. Either way a syntax error is tomllib.TOMLDecodeError, which
the callers catch.

tomllib parses nested arrays and inline tables recursively: a 1 KB file nested 500
deep raises RecursionError (not TOMLDecodeError), and every caller that expected only
a decode error let it escape, so one bad file stopped every command. Here that is a
TOMLDecodeError like any other syntax error, and data nested deeper than any flow,
record or setting needs is refused before code that walks it recursively sees it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

MAX_DEPTH = 32
"""Flows nest about five levels deep; 32 leaves room and stays far from the recursion
limit of anything that walks the data."""
TOO_DEEP = f"values are nested too deeply (more than {MAX_DEPTH} levels)"


TOO_LONG = "a number has too many digits"


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; raises tomllib.TOMLDecodeError for bad syntax, for nesting too deep and
    for an integer of more digits than Python converts (4,300: tomllib lets that
    ValueError out, and a record with such a `seq` ended verify, history and export in
    a traceback)."""
    parse, error = _parser()
    try:
        data = parse(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None
    except tomllib.TOMLDecodeError:
        raise
    except error as exc:
        raise tomllib.TOMLDecodeError(str(exc)) from None
    except ValueError:
        raise tomllib.TOMLDecodeError(TOO_LONG) from None
    if _depth(data) > MAX_DEPTH:
        raise tomllib.TOMLDecodeError(TOO_DEEP)
    return data


Parse = Callable[[str], dict[str, Any]]
_PARSER: tuple[Parse, type[ValueError]] | None = None


def _parser() -> tuple[Parse, type[ValueError]]:
    """tomli's loads and its error if it is installed, else tomllib's (imported on the
    first parse: most starts parse nothing)."""
    global _PARSER
    if _PARSER is None:
        try:
            import tomli
        except ImportError:
            _PARSER = tomllib.loads, tomllib.TOMLDecodeError
        else:
            _PARSER = tomli.loads, tomli.TOMLDecodeError
    return _PARSER


def _depth(data: object) -> int:
    """How deep tables and arrays nest, measured without recursion. Only tables and
    arrays are put on the stack: most values are strings, and visiting each of them
    made this walk cost half as much again as it does (some 4 ms of the 120 ms the
    shipped flow library takes to load without its cache)."""
    if not isinstance(data, dict | list):
        return 0
    deepest = 0
    stack: list[tuple[dict[str, object] | list[object], int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if level > deepest:
            deepest = level
            if deepest > MAX_DEPTH:
                return deepest
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                stack.append((child, level + 1))
    return deepest
