"""Provides `loads()`: a TOML parser with a bound on nesting and on numbers' digits, for
files people edit or send.

The parser is tomli 2.2 (a dependency): tomllib is tomli, taken into the standard
library, and its compiled build parses a record in 136 µs instead of 243 here (a first
`history` or export after the index is cleared parses every record). Before 2.3 it
reads TOML 1.0, as tomllib does. A syntax error is tomllib.TOMLDecodeError, which the
callers catch.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_DEPTH = 32
"""Flows nest about five levels deep; 32 leaves room and stays far from the recursion
limit of anything that walks the data."""
TOO_DEEP = f"values are nested too deeply (more than {MAX_DEPTH} levels)"


TOO_LONG = "a number has too many digits"


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; raises tomllib.TOMLDecodeError for bad syntax, for nesting too deep and
    for an integer of more digits than Python converts (4,300: the parser lets that
    ValueError out, and a record with such a `seq` ended verify, history and export in
    a traceback)."""
    import tomli  # here: most starts parse nothing

    try:
        data = tomli.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None
    except tomli.TOMLDecodeError as exc:
        raise tomllib.TOMLDecodeError(str(exc)) from None
    except ValueError:
        raise tomllib.TOMLDecodeError(TOO_LONG) from None
    if _depth(data) > MAX_DEPTH:
        raise tomllib.TOMLDecodeError(TOO_DEEP)
    return data


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
