"""Provides `verify_chain`: proof that no finished record was edited, removed, inserted
or reordered.

Each finished record holds its place (`seq`), the hash of the record before it
(`prev`) and its own content hash. Recomputing every hash and walking the links finds
the first break; the chain head file catches records removed from the end. Nothing
cached is trusted here: every file is read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.records import GENESIS, Record, content_hash
from tui.core.store import RecordStore, StoreError


@dataclass
class Finding:
    """One thing wrong, named by the record (or file) it concerns."""

    name: str
    problem: str

    def __str__(self) -> str:
        return f"{self.name}: {self.problem}"


@dataclass
class VerifyReport:
    checked: int = 0
    in_progress: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def verify_chain(store: RecordStore) -> VerifyReport:
    scan = store.scan()
    report = VerifyReport()
    for damaged in scan.damaged:
        report.findings.append(Finding(damaged.name, f"damaged: {damaged.reason}"))
    chained: list[Record] = []
    for record in scan.records:
        if record.chain is None:
            report.in_progress += 1
            if record.outcome != "in-progress":
                report.findings.append(Finding(record.id, "finished but not in the chain "
                                               "(inserted or edited)"))
            continue
        chained.append(record)
    report.checked = len(chained)
    expected_seq, expected_prev = 1, GENESIS
    for record in chained:
        assert record.chain is not None
        link = record.chain
        if content_hash(record) != link.hash:
            report.findings.append(Finding(record.id, "edited: its content no longer matches "
                                           "its hash"))
        if link.seq < expected_seq:
            report.findings.append(Finding(record.id, f"inserted: a second record claims "
                                           f"place {link.seq} in the chain"))
            continue
        if link.seq > expected_seq:
            missing = (f"place {expected_seq}" if link.seq == expected_seq + 1
                       else f"places {expected_seq}-{link.seq - 1}")
            report.findings.append(Finding(record.id, f"removed: the record(s) at {missing} "
                                           "before it are missing"))
        elif link.prev != expected_prev:
            report.findings.append(Finding(record.id, "inserted or reordered: it does not "
                                           "link to the record before it"))
        expected_seq, expected_prev = link.seq + 1, link.hash
    try:
        head = store.read_head()
    except StoreError as exc:
        report.findings.append(Finding("chain-head.toml", str(exc)))
        return report
    head_seq = int(str(head.get("seq", 0)))
    if not head.get("pending") and head_seq > expected_seq - 1:
        report.findings.append(Finding(str(head.get("record") or "chain-head.toml"),
                                       f"removed: the chain should end at place {head_seq}, "
                                       f"but the last record found is at {expected_seq - 1}"))
    elif not head.get("pending") and chained and head.get("hash") != expected_prev \
            and head_seq == expected_seq - 1:
        report.findings.append(Finding(chained[-1].id, "the last record does not match the "
                                       "chain head (edited or replaced)"))
    return report
