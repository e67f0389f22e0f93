"""Provides `gc_paused`: no cyclic garbage collection while a bulk read builds objects.

Reading 10,000 records creates about a million lists, dicts and dataclasses that all
stay alive. Each thousand of them triggers a collection that walks the young ones, and
every tenth of those walks more; none of it finds garbage, and it took more time than
building the objects. Reference counting still frees everything as usual meanwhile.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Collection off for the block. Only the caller that turned it off turns it back on,
    so two threads reading at once can never leave it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
