"""Provides `signoff history`: every record's summary, as lines or as JSON.

The JSON is written a chunk of records at a time, in exactly the layout of
`json.dumps(..., ensure_ascii=False, indent=1)` (a test holds the two byte-identical on
hostile text). json.dumps with an indent runs the pure-Python encoder (the C encoder is
used only without one); with 100,000 records that was most of the command, and the
whole text, its escaped copy and its encoded copy (about 45 MB each) were alive at once.
Each string here goes through the same C string encoder json.dumps uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

from tui.core.records.record import RecordDamaged
from tui.core.records.store import RecordStore
from tui.core.records.summary import Summary
from tui.core.safe_text import json_literal, literal
from tui.i18n import t

CHUNK = 2000
"""Records per piece written: large enough that writing costs nothing, small enough
that no piece is large."""


def _fields(fields: tuple[tuple[str, str], ...]) -> str:
    if not fields:
        return "{}"
    q = encode_basestring
    return "{\n    " + ",\n    ".join(f"{q(k)}: {q(v)}" for k, v in fields) + "\n   }"


def _entry(r: Summary) -> str:
    """One record as json.dumps(indent=1) lays out an object two levels deep."""
    q = encode_basestring
    finished = q(r.finished.isoformat()) if r.finished else "null"
    return (f'  {{\n   "id": {q(r.id)},\n   "started": {q(r.started.isoformat())},\n'
            f'   "finished": {finished},\n   "flow": {q(r.flow_id)},\n'
            f'   "platform": {q(r.platform)},\n   "surface": {q(r.surface)},\n'
            f'   "goal": {q(r.goal)},\n   "mode": {q(r.mode)},\n'
            f'   "outcome": {q(r.outcome)},\n   "operator": {q(r.operator)},\n'
            f'   "subject": {q(r.subject)},\n   "fields": {_fields(r.fields)},\n'
            f'   "progress": {q(r.progress)}\n  }}')


def _damaged(d: RecordDamaged) -> str:
    q = encode_basestring
    return f'  {{\n   "file": {q(d.name)},\n   "reason": {q(d.reason)}\n  }}'


def _array(items: Iterable[str]) -> Iterator[str]:
    """Laid-out items as json.dumps(indent=1) writes a list one level deep, CHUNK items
    per piece, made as they are written."""
    batch: list[str] = []
    opened = False
    for item in items:
        batch.append(item)
        if len(batch) == CHUNK:
            yield ("[\n" if not opened else ",\n") + ",\n".join(batch)
            opened, batch = True, []
    if batch:
        yield ("[\n" if not opened else ",\n") + ",\n".join(batch)
        opened = True
    yield "\n ]" if opened else "[]"


def json_chunks(records: Iterable[Summary], damaged: Iterable[RecordDamaged]
                ) -> Iterator[str]:
    """`{"records": [...], "damaged": [...]}` as json.dumps(ensure_ascii=False,
    indent=1) and then json_literal would give it, in pieces: the records' text never
    exists whole."""
    yield '{\n "records": '
    for piece in _array(map(_entry, records)):
        yield json_literal(piece)
    yield ',\n "damaged": '
    for piece in _array(map(_damaged, damaged)):
        yield json_literal(piece)
    yield "\n}"


def lines(records: list[Summary], root: str, lang: str) -> str:
    """The records as one line each, oldest first."""
    if not records:
        return literal(t("history.none_in", lang, root=root))
    out = []
    for r in records:
        practice = t("history.practice", lang) if r.mode == "practice" else ""
        who = f"  {r.who}" if r.who else ""
        # Every field of an open run is as its file says: a crafted file must not act on
        # the terminal, so the whole line goes through the literal filter.
        out.append(literal(f"{r.id}  {r.started:%Y-%m-%d %H:%M}  {r.platform} {r.surface} "
                           f"{r.goal}  {t('md.outcome.' + r.outcome, lang)}{practice}  "
                           f"{r.progress}{who}",
                           keep_newlines=False))
    return "\n".join(out)


def ordered(store: RecordStore) -> tuple[list[Summary], list[RecordDamaged]]:
    """Every record's summary, oldest first, and the files that could not be read."""
    found = store.summaries()
    found.items.sort(key=lambda r: (r.started, r.id))
    return found.items, found.damaged
