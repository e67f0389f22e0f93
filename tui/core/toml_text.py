"""Provides `loads()`: tomllib with a bound on nesting, for files people edit or send.

tomllib parses nested arrays and inline tables recursively: a 1 KB file nested 500
deep raises RecursionError (not TOMLDecodeError), and every caller that expected only
a decode error let it escape, so one bad file stopped every command. Here that is a
TOMLDecodeError like any other syntax error, and data nested deeper than any flow,
record or setting needs is refused before code that walks it recursively sees it.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_DEPTH = 32
"""Flows nest about five levels deep; 32 leaves room and stays far from the recursion
limit of anything that walks the data."""
TOO_DEEP = f"values are nested too deeply (more than {MAX_DEPTH} levels)"


def loads(text: str) -> dict[str, Any]:
    """Parse TOML; raises tomllib.TOMLDecodeError for bad syntax and for nesting too deep."""
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError(TOO_DEEP) from None
    if _depth(data) > MAX_DEPTH:
        raise tomllib.TOMLDecodeError(TOO_DEEP)
    return data


def _depth(data: object) -> int:
    """How deep tables and arrays nest, measured without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: list[object] = list(value.values())
        elif isinstance(value, list):
            children = list(value)
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest
