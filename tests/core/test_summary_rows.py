"""The check of one summary row (summary_rows.checked_one, what an export's picks use)
against the check of many (summary_rows.checked, what history uses): the same rows
used, the same refused, however the cache was changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.records import finished_run, fixture_library, store_at
from tui.core.records.file_keys import file_key
from tui.core.records.index import RecordIndex
from tui.core.records.summary_rows import SummaryRow, checked, checked_one

Change = Callable[[SummaryRow, Callable[[SummaryRow, bytes], bytes]], Any]
CHANGES: dict[str, Change] = {
    "nothing": lambda row, mac: row,
    "identity": lambda row, mac: (row[0], row[1] + 1, *row[2:]),
    "ctime": lambda row, mac: (*row[:4], row[4] - 1, *row[5:]),
    "hash": lambda row, mac: (*row[:5], "0" * 64, *row[6:]),
    "content": lambda row, mac: (*row[:6], row[6].replace(b"Ann", b"Eve"), row[7]),
    "mac": lambda row, mac: (*row[:7], bytes(32)),
    "blob as text": lambda row, mac: (*row[:6], row[6].decode(), row[7]),
    "mac as text": lambda row, mac: (*row[:7], "x"),
    "not JSON, good MAC": lambda row, mac: (*row[:6], b"[1", mac(row, b"[1")),
    "not a list, good MAC": lambda row, mac: (*row[:6], b"{}", mac(row, b"{}")),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_one_row_is_checked_as_the_many_are(tmp_path: Path, change: str) -> None:
    store = store_at(tmp_path / "r", index_dir=tmp_path / "cache")
    finished_run(store, fixture_library(), operator="Ann")
    index = RecordIndex(store.root, tmp_path / "cache")
    (name,) = store.names()
    key = file_key((store.root / name).stat())
    row = index.summary_range(None, None)[name]

    def mac(old: SummaryRow, blob: bytes) -> bytes:
        return index._mac(b"s", name, old[1:5], old[5], blob)

    changed = CHANGES[change](row, mac)
    (many,) = checked(index._hmac, [name], [key], [changed])
    assert checked_one(index._hmac, name, key, changed) == many
    assert (many is not None) == (change == "nothing")
    index.close()
