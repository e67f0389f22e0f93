"""Provides the Record: what one run did, and its TOML form and hash.

A record keeps the title of each step as it was shown, so a report stays readable
after the flow library changes, and the hash of the flow content used, so a resumed
run can tell that the flow changed under it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, NamedTuple

RECORD_SCHEMA = 2
"""2 adds `texts` (the hash of the step texts shown); records of schema 1 are still read."""
READ_SCHEMAS = (1, 2)
GENESIS = "0" * 64
"""The `prev` of the first record in a chain."""

ID_PATTERN = re.compile(r"^\d{8}-\d{6}-[a-z0-9-]{1,60}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")

Status = Literal["pending", "done", "skipped", "not-applicable"]
STATUSES: tuple[Status, ...] = ("pending", "done", "skipped", "not-applicable")
Outcome = Literal["in-progress", "completed", "incomplete", "abandoned"]
OUTCOMES: tuple[Outcome, ...] = ("in-progress", "completed", "incomplete", "abandoned")
Mode = Literal["real", "practice"]


class RecordDamaged(Exception):
    """A record file that cannot be read as a record; it is reported, never deleted."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass
class StepEntry:
    """One step of the run. `seq` orders ticks even if the clock goes backwards."""

    id: str
    title: str
    status: Status = "pending"
    at: datetime | None = None
    reason: str = ""
    note: str = ""
    mismatch: bool = False
    seq: int = 0
    digest: str = ""
    seen_app: str = ""
    """With a mismatch: the app version the person reports (typed, optional)."""
    seen_os: str = ""
    """With a mismatch: the operating system the person reports."""
    seen_instead: str = ""
    """With a mismatch: what they saw instead of what the step says."""


@dataclass
class Chain:
    seq: int
    prev: str
    hash: str = ""


@dataclass
class Record:
    id: str
    flow_id: str
    flow_hash: str
    platform: str
    surface: str
    goal: str
    lang: str
    started: datetime
    mode: Mode = "real"
    operator: str = ""
    subject: str = ""
    answers: dict[str, str] = field(default_factory=dict)
    steps: list[StepEntry] = field(default_factory=list)
    outcome: Outcome = "in-progress"
    finished: datetime | None = None
    app_version: str = ""
    schema: int = RECORD_SCHEMA
    chain: Chain | None = None
    ticks: int = 0
    key: str | None = None
    """The fingerprint (SHA256:…) of the key that signs the finished record."""
    unsigned: str | None = None
    """Why a finished record could not be signed; it was saved all the same."""
    waiting_until: datetime | None = None
    """An open run whose next step waits for time (24 hours after a transfer, ...): when
    it can go on. `signoff due` and the start screen list it from then."""
    class_name: str | None = None
    """The class session the run was made in (`--class NAME`), so a trainer's report and
    room view can take that session alone; None outside a class (and then not written,
    so records made outside a class keep their bytes)."""
    seat: str | None = None
    """Which browser a served class tab ran in (a hash of that browser's seat cookie):
    a trainee's lists show runs of their own browser only, so typing a classmate's name
    in another browser shows nothing of theirs. None outside served classes."""
    texts: str | None = None
    """The SHA-256 of texts/HASH.toml: every step's text as shown, in both languages
    (see texts.py). Set when the run is finished; the signature covers it."""
    fields: dict[str, str] = field(default_factory=dict)
    """HR fields about the subject (employee_id, department, ticket, last_day: the goal's
    subject_fields), so twenty leavers with the same name stay apart and an auditor
    finds a run by ticket."""

    @property
    def who(self) -> str:
        """The subject as lists show it: the name and the employee id, if any."""
        eid = self.fields.get("employee_id", "")
        return f"{self.subject} ({eid})" if self.subject and eid else self.subject

    def step(self, step_id: str) -> StepEntry:
        for entry in self.steps:
            if entry.id == step_id:
                return entry
        raise KeyError(step_id)

    def applicable(self) -> list[StepEntry]:
        return [s for s in self.steps if s.status != "not-applicable"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(STATUSES, 0)
        for entry in self.steps:
            out[entry.status] += 1
        return out


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


_STEP_DEFAULTS = {"reason": "", "note": "", "mismatch": False, "seen_app": "", "seen_os": "",
                  "seen_instead": ""}


def to_data(record: Record) -> dict[str, Any]:
    """The record as TOML-ready data: None left out (TOML has no null), and empty step
    fields left out so that records stay small and fast to read back."""
    data: dict[str, Any] = _drop_none(asdict(record))
    data["steps"] = [{k: v for k, v in step.items() if _STEP_DEFAULTS.get(k, ...) != v}
                     for step in data["steps"]]
    if not data["fields"]:
        del data["fields"]  # records without HR fields stay byte-for-byte as before
    return data


def dumps(record: Record) -> bytes:
    """The TOML bytes of a record that is not in the chain (in progress)."""
    data = to_data(record)
    data.pop("chain", None)
    import tomli_w  # here: reading records (history, the start screen) never writes

    return tomli_w.dumps(data).encode("utf-8")


def seal(record: Record, seq: int, prev: str) -> tuple[Record, bytes]:
    """The finished record's file: its body, its place in the chain, and last the hash of
    every byte before the hash line. Hashing the bytes themselves (not a re-serialised
    copy) lets `verify` prove a file intact without parsing it, and any edit anywhere,
    even to spacing, breaks it."""
    body = dumps(record) + f'\n[chain]\nseq = {seq}\nprev = "{prev}"\n'.encode()
    import hashlib  # here, not at the top: loading OpenSSL slows every start

    digest = hashlib.sha256(body).hexdigest()
    return replace(record, chain=Chain(seq, prev, digest)), body + f'hash = "{digest}"\n'.encode()


_SEAL_TAIL = re.compile(  # a place of 18 digits at most: Python converts no more than 4,300
    rb'\n\[chain\]\nseq = (\d{1,18})\nprev = "([0-9a-f]{64})"\nhash = "([0-9a-f]{64})"\n\Z'
)


class SealCheck(NamedTuple):
    """What the last lines of a finished record's file say, and whether they hold (a
    tuple: verify makes 100,000 of them, and a frozen dataclass costs 1 µs more each)."""

    seq: int
    prev: str
    hash: str
    intact: bool


def check_seal(raw: bytes) -> SealCheck | None:
    """Read the chain link from a file's tail and check its hash; None if it has none.
    Only the last "[chain]" table can start the tail (what follows it is digits, hex
    and fixed text), so the pattern is tried there alone, not at every line."""
    start = raw.rfind(b"\n[chain]\n")
    match = _SEAL_TAIL.match(raw, start) if start >= 0 else None
    if match is None:
        return None
    import hashlib  # (cheap after the first call: the module is cached)

    body = raw[: match.start(3) - len(b'hash = "')]
    digest = match.group(3).decode()
    return SealCheck(int(match.group(1)), match.group(2).decode(), digest,
                     hashlib.sha256(body).hexdigest() == digest)


def check_seal_hashing(raw: bytes) -> tuple[SealCheck | None, Any]:
    """check_seal(raw), and the SHA-256 of the whole file (a hashlib object) made on the
    way: the seal's hash is of all but the file's last line, so the whole file's is that
    one's state fed the rest (verify hashed every file twice)."""
    import hashlib

    start = raw.rfind(b"\n[chain]\n")
    match = _SEAL_TAIL.match(raw, start) if start >= 0 else None
    if match is None:
        return None, hashlib.sha256(raw)
    cut = match.start(3) - len(b'hash = "')
    view = memoryview(raw)
    whole = hashlib.sha256(view[:cut])
    body = whole.hexdigest()
    whole.update(view[cut:])
    digest = match.group(3).decode()
    return SealCheck(int(match.group(1)), match.group(2).decode(), digest, body == digest), whole


def _need(data: dict[str, Any], key: str, kind: type | tuple[type, ...], name: str) -> Any:
    if key not in data:
        raise RecordDamaged(name, f"{key} is missing")
    value = data[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise RecordDamaged(name, f"{key} has the wrong type")
    return value


def _aware(value: Any, key: str, name: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise RecordDamaged(name, f"{key} is not a date and time with a UTC offset")
    return value


def from_data(data: dict[str, Any], name: str) -> Record:
    """Build a Record from parsed TOML, or raise RecordDamaged saying what is wrong.

    Whatever shape the data has, the only exception that leaves here is RecordDamaged."""
    try:
        return _from_data(data, name)
    except RecordDamaged:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
        raise RecordDamaged(name, f"a value has the wrong shape ({exc})") from exc


def _from_data(data: dict[str, Any], name: str) -> Record:
    if not isinstance(data, dict):
        raise RecordDamaged(name, "the file is not a table")
    schema = data.get("schema")
    if isinstance(schema, bool) or schema not in READ_SCHEMAS:
        raise RecordDamaged(name, f"record schema {schema!r} is not one of "
                            f"{', '.join(map(str, READ_SCHEMAS))}")
    steps = []
    for raw in _need(data, "steps", list, name):
        if not isinstance(raw, dict):
            raise RecordDamaged(name, "a step entry is not a table")
        status = _need(raw, "status", str, name)
        if status not in STATUSES:
            raise RecordDamaged(name, f'step status "{status}" is unknown')
        at = _aware(raw["at"], "at", name) if "at" in raw else None
        steps.append(StepEntry(
            id=_need(raw, "id", str, name), title=_need(raw, "title", str, name),
            status=status, at=at, reason=str(raw.get("reason", "")),
            note=str(raw.get("note", "")), mismatch=bool(raw.get("mismatch", False)),
            seq=int(raw.get("seq", 0)), digest=str(raw.get("digest", "")),
            seen_app=str(raw.get("seen_app", "")), seen_os=str(raw.get("seen_os", "")),
            seen_instead=str(raw.get("seen_instead", "")),
        ))
    outcome = _need(data, "outcome", str, name)
    if outcome not in OUTCOMES:
        raise RecordDamaged(name, f'outcome "{outcome}" is unknown')
    mode = data.get("mode", "real")
    if mode not in ("real", "practice"):
        raise RecordDamaged(name, f'mode "{mode}" is unknown')
    chain = None
    if isinstance(raw_chain := data.get("chain"), dict):
        chain = Chain(int(_need(raw_chain, "seq", int, name)),
                      _need(raw_chain, "prev", str, name), str(raw_chain.get("hash", "")))
    answers = _need(data, "answers", dict, name) if "answers" in data else {}
    record = Record(
        id=_need(data, "id", str, name), flow_id=_need(data, "flow_id", str, name),
        flow_hash=_need(data, "flow_hash", str, name),
        platform=_need(data, "platform", str, name), surface=_need(data, "surface", str, name),
        goal=_need(data, "goal", str, name), lang=_need(data, "lang", str, name),
        started=_aware(data.get("started"), "started", name), mode=mode,
        operator=str(data.get("operator", "")), subject=str(data.get("subject", "")),
        answers={str(k): str(v) for k, v in answers.items()}, steps=steps, outcome=outcome,
        finished=_aware(data["finished"], "finished", name) if "finished" in data else None,
        app_version=str(data.get("app_version", "")), schema=int(schema), chain=chain,
        ticks=int(data.get("ticks", 0)),
        key=str(data["key"]) if "key" in data else None,
        unsigned=str(data["unsigned"]) if "unsigned" in data else None,
        waiting_until=(_aware(data["waiting_until"], "waiting_until", name)
                       if "waiting_until" in data else None),
        class_name=str(data["class_name"]) if "class_name" in data else None,
        seat=str(data["seat"]) if "seat" in data else None,
        texts=str(data["texts"]) if "texts" in data else None,
        fields={str(k): str(v) for k, v in
                (_need(data, "fields", dict, name) if "fields" in data else {}).items()},
    )
    if not ID_PATTERN.match(record.id):
        raise RecordDamaged(name, f'id "{record.id}" is not a record id')
    if record.texts is not None and not _HASH.match(record.texts):
        raise RecordDamaged(name, "texts is not a SHA-256 hash")
    return record
