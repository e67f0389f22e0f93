"""Provides `signoff feedback`: every "did not match my app" flag in the records, as one
file a flow maintainer can read and act on.

The flags exist so the library can be corrected from real use, but records hold names,
subjects, notes and skip reasons that must not travel to a maintainer. So each item
carries only what the maintainer needs to find and fix the step (the flow, the exact
flow version by its hash, the step id and title) and what the person chose to say
about their app (version, system, what they saw). No record id, operator, subject,
note, skip reason or time. Every text signoff did not write itself goes through
`literal()` (JSON Lines too: a terminal that shows the file must not obey it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from tui.core.records.record import Record
from tui.core.reports.markdown import ENGLISH, Words, md_text
from tui.core.safe_text import literal

FORMATS = ("md", "jsonl")


@dataclass(frozen=True)
class Flag:
    """One step a person marked as not matching their app, without anything personal."""

    flow_id: str
    flow_hash: str
    step_id: str
    step_title: str
    app_version: str
    os: str
    saw_instead: str
    lang: str
    mode: str
    signoff_version: str


def _clean(text: str) -> str:
    return literal(text, keep_newlines=False)


def flags(records: Iterable[Record]) -> Iterator[Flag]:
    """The flags of every record, a record at a time (the records are not held)."""
    for record in records:
        for entry in record.steps:
            if entry.mismatch:
                yield Flag(_clean(record.flow_id), _clean(record.flow_hash), _clean(entry.id),
                           _clean(entry.title), _clean(entry.seen_app), _clean(entry.seen_os),
                           _clean(entry.seen_instead), record.lang, record.mode,
                           _clean(record.app_version))


def to_jsonl(items: Iterable[Flag]) -> str:
    return "".join(json.dumps(asdict(item), ensure_ascii=False) + "\n" for item in items)


def to_markdown(items: Iterable[Flag], words: Words | None = None) -> str:
    """Grouped by flow version and step, so a maintainer sees at once which step most
    people found wrong, and in which version of the flow."""
    w = {**ENGLISH, **(words or {})}
    grouped: dict[tuple[str, str, str], list[Flag]] = {}
    for item in items:
        grouped.setdefault((item.flow_id, item.flow_hash, item.step_id), []).append(item)
    out = [w["fb.title"], "", w["fb.intro"], ""]
    if not grouped:
        return "\n".join([*out, w["fb.none"], ""])
    for (flow_id, flow_hash, step_id), group in sorted(grouped.items(),
                                                      key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(w["fb.step"].format(flow=md_text(flow_id), step=md_text(step_id),
                                       title=md_text(group[0].step_title), count=len(group)))
        out.append(w["fb.hash"].format(hash=md_text(flow_hash[:16])))
        out.append("")
        for item in group:
            out.append(w["fb.item"].format(
                app=md_text(item.app_version) or "-", os=md_text(item.os) or "-",
                saw=md_text(item.saw_instead) or "-", mode=item.mode, lang=item.lang))
        out.append("")
    return "\n".join(out)
