"""Provides what a resumed run compares: a digest of what each step tells the person,
and the list of steps added, removed or changed since the run began."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from tui.core.flows.model import Step

_NOT_SHOWN = ("after", "no_backup_reason", "reviewed")
_SOURCE_NOT_SHOWN = ("kind", "excerpt", "http_reason")


def step_digest(step: Step) -> str:
    """A hash of what the step tells the person, to notice when a flow changed it.
    Review metadata (prerequisites, source kinds and excerpts, review dates) is left
    out: adding it to a flow must not send a resumed run's ticks back to pending."""
    data = asdict(step)
    for key in _NOT_SHOWN:
        data.pop(key, None)
    for source in data["sources"]:
        for key in _SOURCE_NOT_SHOWN:
            source.pop(key, None)
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class FlowChange:
    """How the flow differs from the one a resumed run was started with."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)
