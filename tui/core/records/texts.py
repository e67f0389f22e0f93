"""Provides the step texts a run showed, kept content-addressed in the records folder.

A finished record names, by SHA-256, a TOML file `texts/HASH.toml` that holds every
step of its run as the person had it, in both languages: title, menu path, why, how to
verify, warning, the re-check text and the sources. The record's signature covers the
hash, so the texts are as trustworthy as the record: `verify` checks that the file
exists and still hashes to its name. `show` and every export render a record's steps
from these texts, so they say what was followed after the flow library changed or the
flow was deleted. Runs of the same flow version share one file (a few KB per flow
version, not per record).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from tui.core.flows.model import LocalText, Recheck, Source, Step
from tui.core.records.files import read_regular

TEXTS_DIR = "texts"


class TextsMissing(Exception):
    """A record's texts file is missing, unreadable or no longer what it hashed to."""


def _local(text: LocalText | None) -> dict[str, str] | None:
    return None if text is None else {"en": text.en, "zh": text.zh}


def texts_bytes(steps: Iterable[Step]) -> bytes:
    """The TOML of the steps' shown texts, in a fixed order (the same steps give the same
    bytes, so the same hash and one shared file)."""
    import tomli_w

    out: list[dict[str, Any]] = []
    for step in steps:
        entry: dict[str, Any] = {"id": step.id, "title": _local(step.title),
                                 "why": _local(step.why), "verify": _local(step.verify),
                                 "confidence": step.confidence,
                                 "optional": step.optional, "irreversible": step.irreversible}
        if step.menu is not None:
            entry["menu"] = _local(step.menu)
        if step.warning is not None:
            entry["warning"] = _local(step.warning)
        if step.recheck is not None:
            entry["recheck"] = {"hours": step.recheck.hours, **(_local(step.recheck.text) or {})}
        entry["sources"] = [{"url": s.url, "checked": s.checked.isoformat(), "kind": s.kind}
                            for s in step.sources]
        out.append(entry)
    return tomli_w.dumps({"texts": 1, "steps": out}).encode("utf-8")


def texts_path(root: Path, digest: str) -> Path:
    return root / TEXTS_DIR / f"{digest}.toml"


def _intact(path: Path, digest: str) -> bytes | None:
    try:
        raw = read_regular(str(path))
    except OSError:
        return None
    return raw if hashlib.sha256(raw).hexdigest() == digest else None


def write_texts(root: Path, raw: bytes) -> str:
    """Keep `raw` as texts/HASH.toml (written once; rewritten if the copy there was
    damaged) and return HASH. Raises OSError."""
    from tui.core.records.files import make_private_dirs, write_before

    digest = hashlib.sha256(raw).hexdigest()
    path = texts_path(root, digest)
    if _intact(path, digest) is None:
        make_private_dirs(path.parent)
        write_before(path, raw)  # the record's own write syncs the records folder
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    return digest


def check_texts(root: Path, digest: str) -> str:
    """"" when texts/HASH.toml is there and hashes to HASH, else the problem in words."""
    path = texts_path(root, digest)
    if not path.exists():
        return f"its step texts {TEXTS_DIR}/{digest[:16]}….toml are missing"
    if _intact(path, digest) is None:
        return f"its step texts {TEXTS_DIR}/{digest[:16]}….toml were changed"
    return ""


def _text(value: Any) -> LocalText:
    return LocalText(str(value["en"]), str(value["zh"]))


def read_texts(root: Path, digest: str) -> dict[str, Step]:
    """The steps a record's texts hold, by id. Raises TextsMissing."""
    raw = _intact(texts_path(root, digest), digest)
    if raw is None:
        raise TextsMissing(check_texts(root, digest) or "unreadable")
    from tui.core.toml_text import loads

    try:
        data = loads(raw.decode("utf-8"))
        steps = {}
        for entry in data["steps"]:
            recheck = entry.get("recheck")
            steps[str(entry["id"])] = Step(
                id=str(entry["id"]), title=_text(entry["title"]), why=_text(entry["why"]),
                verify=_text(entry["verify"]), confidence=entry.get("confidence", "medium"),
                sources=tuple(Source(str(s["url"]), date.fromisoformat(str(s["checked"])),
                                     kind=s.get("kind", "third-party"))
                              for s in entry.get("sources", [])),
                menu=_text(entry["menu"]) if "menu" in entry else None,
                warning=_text(entry["warning"]) if "warning" in entry else None,
                optional=bool(entry.get("optional", False)),
                irreversible=bool(entry.get("irreversible", False)),
                recheck=(Recheck(int(recheck["hours"]), _text(recheck))
                         if isinstance(recheck, dict) else None))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise TextsMissing(f"its step texts cannot be read ({exc})") from exc
    return steps


class TextsCache:
    """Texts files read once per export, by hash (10,000 records of one flow version
    share one file)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.read: dict[str, Mapping[str, Step]] = {}

    def steps_for(self, digest: str | None) -> Mapping[str, Step]:
        if not digest:
            return {}
        if digest not in self.read:
            try:
                self.read[digest] = read_texts(self.root, digest)
            except TextsMissing:
                self.read[digest] = {}
        return self.read[digest]
