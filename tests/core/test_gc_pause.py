"""Collection is off inside a bulk read and back on after it, even when reads nest or
an exception leaves; it is never turned on by someone who did not turn it off."""

from __future__ import annotations

import gc

import pytest

from tui.runtime.gc_pause import gc_paused, without_gc


def test_paused_inside_and_restored_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the inner pause did not turn it back on"
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decorated_function_runs_paused() -> None:
    @without_gc
    def probe(x: int) -> tuple[int, bool]:
        return x, gc.isenabled()

    assert probe(3) == (3, False)
    assert gc.isenabled()
