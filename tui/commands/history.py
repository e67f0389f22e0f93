"""Provides `signoff history`: every record's summary, as lines or as JSON.

The JSON is written a chunk of records at a time, in exactly the layout of
`json.dumps(..., ensure_ascii=False, indent=1)` (a test holds the two byte-identical on
hostile text). json.dumps with an indent runs the pure-Python encoder (the C encoder is
used only without one); with 100,000 records that was most of the command, and the
whole text, its escaped copy and its encoded copy (about 45 MB each) were alive at once.
Each string here goes through the same C string encoder json.dumps uses. Each entry and
line is made from the summary's list as the index keeps it (tui.core.records.listing
reads them, in two processes for a large folder), so tests hold both the layout and the
lines byte-identical to what Summary objects gave.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from json.encoder import encode_basestring
from typing import TextIO

from tui.commands.errors import report_damaged
from tui.core.records.listing import list_folder
from tui.core.records.listing_parts import Listed, Row
from tui.core.records.record import RecordDamaged
from tui.core.records.store import RecordStore
from tui.core.safe_text import json_literal, literal
from tui.i18n import t
from tui.runtime.gc_pause import without_gc
from tui.runtime.spill import Encoded, write

CHUNK = 2000
"""Records per piece written: large enough that writing costs nothing, small enough
that no piece is large."""


@without_gc
def write_history(store: RecordStore, as_json: bool, to: TextIO, lang: str = "en") -> None:
    """Every record's summary, oldest first, as lines or JSON, written to `to` as it is
    made, ending with a newline; damaged files are named on stderr."""
    found = listed(store, as_json, lang)
    report_damaged(found.damaged)
    if as_json:
        for piece in json_chunks(found.pieces, found.damaged):
            write(to, piece)
    elif found.count:
        for n, piece in enumerate(found.pieces):
            if n:
                to.write("\n")
            write(to, piece)
    else:
        to.write(literal(t("history.none_in", lang, root=str(store.root))))
    to.write("\n")


def _fields(fields: Collection[tuple[str, str]]) -> str:
    if not fields:
        return "{}"
    q = encode_basestring
    return "{\n    " + ",\n    ".join(f"{q(k)}: {q(v)}" for k, v in fields) + "\n   }"


def entry(row: Row) -> str:
    """One record, from its summary's list (summary.summarize), as json.dumps(indent=1)
    lays out an object two levels deep, through json_literal. The dates are the list's
    ISO text: the isoformat() of the datetime fromisoformat reads from it."""
    q = encode_basestring
    (rid, started, finished, flow_id, platform, surface, goal, mode, outcome, operator,
     subject, done, applicable, _, _, _, _, fields) = row
    text = (f'  {{\n   "id": {q(rid)},\n   "started": {q(started)},\n'
            f'   "finished": {"null" if finished is None else q(finished)},\n'
            f'   "flow": {q(flow_id)},\n   "platform": {q(platform)},\n'
            f'   "surface": {q(surface)},\n   "goal": {q(goal)},\n   "mode": {q(mode)},\n'
            f'   "outcome": {q(outcome)},\n   "operator": {q(operator)},\n'
            f'   "subject": {q(subject)},\n'
            f'   "fields": {_fields(fields.items()) if fields else "{}"},\n'
            f'   "progress": {q(f"{done}/{applicable}")}\n  }}')
    return text if text.isascii() and "\x7f" not in text else json_literal(text)


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


def json_chunks(records: Sequence[str | Encoded], damaged: Iterable[RecordDamaged]
                ) -> Iterator[str | Encoded]:
    """`{"records": [...], "damaged": [...]}` as json.dumps(ensure_ascii=False,
    indent=1) and then json_literal would give it, in pieces: `records` are entry()'s
    texts, each a piece or several joined by ",\n" (listing.Listed; a forked child's
    as their UTF-8 bytes, spill.py), and the whole text never exists at once."""
    yield '{\n "records": '
    if records:
        yield "[\n"
        for n, piece in enumerate(records):
            if n:
                yield ",\n"
            yield piece
        yield "\n ]"
    else:
        yield "[]"
    yield ',\n "damaged": '
    for piece in _array(map(_damaged, damaged)):
        yield json_literal(piece)
    yield "\n}"


def line(row: Row, lang: str) -> str:
    """One record, from its summary's list, as one line (made safe to print)."""
    (rid, started, _, _, platform, surface, goal, mode, outcome, _, subject, done,
     applicable, _, _, _, _, fields) = row
    practice = t("history.practice", lang) if mode == "practice" else ""
    eid = fields.get("employee_id", "")
    who = f"{subject} ({eid})" if subject and eid else subject
    who = f"  {who}" if who else ""
    # Every field of an open run is as its file says: a crafted file must not act on
    # the terminal, so the whole line goes through the literal filter.
    return literal(f"{rid}  {datetime.fromisoformat(started):%Y-%m-%d %H:%M}  {platform} "
                   f"{surface} {goal}  {t('md.outcome.' + outcome, lang)}{practice}  "
                   f"{done}/{applicable}{who}", keep_newlines=False)


def listed(store: RecordStore, as_json: bool, lang: str) -> Listed:
    """Every record as history writes it (JSON entries or lines), oldest first, and the
    files that could not be read (tui.core.records.listing)."""
    if as_json:
        return list_folder(store, entry, ",\n")
    return list_folder(store, lambda row: line(row, lang), "\n")
