"""Provides the record as the record index keeps it: a JSON list per record (`pack`,
`unpack`), and the fast JSON reading and writing of those lists.

A row is parsed in C from one list, which is what makes the index faster than the TOML
it caches; a test holds pack/unpack to every field of Record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tui.core.records.record import Chain, Record, StepEntry

Row = list[Any]
"""A record as the index keeps it (see pack)."""
ROW_FIELDS = 26
"""A row's length."""
TEXTS_FIELD = 24
"""Where a row holds Record.texts."""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def pack(record: Record) -> Row:
    """The record as a JSON-ready list; `unpack` is its inverse (a test holds them to
    every field of Record, so a new field cannot be dropped silently)."""
    chain = record.chain
    return [
        record.id, record.flow_id, record.flow_hash, record.platform, record.surface,
        record.goal, record.lang, record.started.isoformat(), record.mode, record.operator,
        record.subject, dict(record.answers),
        [[s.id, s.title, s.status, _iso(s.at), s.reason, s.note, s.mismatch, s.seq, s.digest,
          s.seen_app, s.seen_os, s.seen_instead]
         for s in record.steps],
        record.outcome, _iso(record.finished), record.app_version, record.schema,
        [chain.seq, chain.prev, chain.hash] if chain is not None else None, record.ticks,
        record.key, record.unsigned,
        _iso(record.waiting_until), record.class_name, record.seat, record.texts,
        dict(record.fields),
    ]


def unpack(row: Row) -> Record:
    """The record an authenticated row holds (no shape checks: only rows signoff wrote,
    as the HMAC proves, get here)."""
    fromiso = datetime.fromisoformat
    (rid, flow_id, flow_hash, platform, surface, goal, lang, started, mode, operator,
     subject, answers, steps, outcome, finished, app_version, schema, chain, ticks, key,
     unsigned, waiting_until, class_name, seat, texts, subject_fields) = row
    return Record(
        rid, flow_id, flow_hash, platform, surface, goal, lang, fromiso(started), mode,
        operator, subject, dict(answers),
        [StepEntry(i, title, status, fromiso(at) if at is not None else None, reason, note,
                   mismatch, seq, digest, app, os_name, instead)
         for i, title, status, at, reason, note, mismatch, seq, digest, app, os_name, instead
         in steps],
        outcome, fromiso(finished) if finished is not None else None, app_version, schema,
        Chain(*chain) if chain is not None else None, ticks, key, unsigned,
        fromiso(waiting_until) if waiting_until is not None else None, class_name, seat,
        texts, dict(subject_fields),
    )


def dump(value: Row) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


_scan: Callable[[str, int], tuple[Any, int]] = \
    json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner json.loads uses


def load(blob: bytes) -> Any:
    """json.loads for a row's blob, without its per-call work (detecting the encoding,
    skipping whitespace): a third of reading 100,000 summaries. Raises ValueError."""
    text = blob.decode("utf-8")
    try:
        value, end = _scan(text, 0)
    except StopIteration as exc:
        raise ValueError("not JSON") from exc
    if end != len(text):
        raise ValueError("extra data after the JSON value")
    return value
