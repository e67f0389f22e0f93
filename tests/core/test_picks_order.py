"""The order an export's picks sort by (picks.order_key) against Summary.order(), which
`select` and the scans sort by: the same order, ties and all."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.records.picks import order_key
from tui.core.records.summary import Summary

_times = st.builds(
    lambda at, minutes, seconds: at.replace(
        tzinfo=timezone(timedelta(minutes=minutes, seconds=seconds))),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
    st.sampled_from([0, 0, 0, 30]))


def _summary(started: datetime, seq: int | None, rid: str) -> Summary:
    return Summary(rid, started, None, "f", "p", "s", "g", "real", "completed", "", "", 0, 0,
                   seq)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(st.tuples(st.sampled_from([None, 1, 2]), _times,
                                st.sampled_from(["a", "b"])), max_size=12),
       shift=st.integers(min_value=-3, max_value=3))
def test_order_keys_sort_as_the_summaries_order(
        items: list[tuple[int | None, datetime, str]], shift: int) -> None:
    """Among them the same instant at other offsets (equal, so the id decides) and
    instants a few microseconds apart."""
    summaries = [_summary(at, seq, rid) for seq, at, rid in items]
    summaries += [_summary((s.started + timedelta(microseconds=shift)).astimezone(
        timezone(timedelta(hours=n % 5 - 2))), s.seq, s.id) for n, s in enumerate(summaries)]
    named = [(s, str(n)) for n, s in enumerate(summaries)]
    by_order = [name for _, name in sorted((s.order(), name) for s, name in named)]
    by_key = [name for _, name in sorted((order_key(s), name) for s, name in named)]
    assert by_key == by_order
