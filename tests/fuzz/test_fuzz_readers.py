"""Property-based tests: no input crashes the flow loader or the record reader; every
rejection is a message, never a traceback."""

from __future__ import annotations

import copy
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_FLOWS
from tui.core.flows.loader import load_library
from tui.core.records.record import RecordDamaged, from_data, to_data
from tui.core.records.store import RecordStore

pytestmark = pytest.mark.slow

EXAMPLES = 3000 if os.environ.get("SIGNOFF_LONG_TESTS") else 300
"""Generated inputs per fuzzed function; SIGNOFF_LONG_TESTS=1 for the long run."""

toml_scalars = st.one_of(
    st.text(max_size=20), st.integers(-10, 10**6), st.booleans(),
    st.datetimes(timezones=st.just(UTC), min_value=datetime(2000, 1, 1)),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "en", "zh", "title", "steps", "status", "seq",
                                       "chain", "when", "options", "use", "x"]),
                      children, max_size=4),
    max_leaves=12,
)
record_keys = st.sampled_from(["schema", "id", "flow_id", "flow_hash", "platform", "surface",
                               "goal", "lang", "started", "finished", "outcome", "mode",
                               "steps", "chain", "answers", "ticks", "operator"])


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.dictionaries(record_keys, toml_values, max_size=12))
def test_record_reader_only_ever_raises_record_damaged(data: dict[str, Any]) -> None:
    try:
        from_data(data, "x.toml")
    except RecordDamaged as exc:
        assert exc.reason


def _valid_record_data() -> dict[str, Any]:
    from tests.helpers.records import finished_run, fixture_library, store_at

    with tempfile.TemporaryDirectory() as folder:
        record = finished_run(store_at(Path(folder) / "r"), fixture_library(), note="n")
    return to_data(record)


BASE = _valid_record_data()
STEP_KEYS = ["id", "title", "status", "at", "reason", "note", "mismatch", "seq", "digest"]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(st.tuples(record_keys, toml_values), min_size=1, max_size=3),
       st.lists(st.tuples(st.sampled_from(STEP_KEYS), toml_values), max_size=3))
def test_a_valid_record_with_any_value_changed_is_read_or_reported(
    changes: list[tuple[str, Any]], step_changes: list[tuple[str, Any]]
) -> None:
    data = copy.deepcopy(BASE)
    for key, value in changes:
        data[key] = value
    if isinstance(data.get("steps"), list) and data["steps"] and isinstance(data["steps"][0],
                                                                             dict):
        for key, value in step_changes:
            data["steps"][0][key] = value
    try:
        from_data(data, "x.toml")
    except RecordDamaged as exc:
        assert exc.reason


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_record_files_of_any_bytes_are_reported_not_raised(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "20261122-090000-demo-0001.toml").write_bytes(raw)
        scan = RecordStore(root).scan(use_index=False)
        assert len(scan.records) + len(scan.damaged) == 1


flow_tables = st.dictionaries(
    st.sampled_from(["schema", "flow", "steps", "questions", "platform", "library",
                     "surfaces", "goals", "x"]),
    toml_values, max_size=5)


@settings(max_examples=EXAMPLES, deadline=None)
@given(flow_tables)
def test_flow_loader_reports_any_toml_shape(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "fuzz.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
        library = load_library([FIXTURE_FLOWS, root])
        assert "demo-web-shared-computer" in library.flows or any(
            p.file.name == "fuzz.toml" for p in library.problems)
        for problem in library.problems:
            assert problem.message and problem.fix and problem.line >= 1


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=300))
def test_flow_loader_survives_any_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "fuzz.toml").write_text(text, encoding="utf-8", errors="surrogatepass")
        library = load_library([FIXTURE_FLOWS, root])
        assert len(library.flows) >= 1
