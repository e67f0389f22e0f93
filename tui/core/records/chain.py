"""Provides `verify_chain`: proof that no finished record was edited, removed, inserted
or reordered.

Each finished record holds its place (`seq`), the hash of the record before it
(`prev`) and its own content hash. Recomputing every hash and walking the links finds
the first break; the chain head file catches records removed from the end. Nothing
cached is trusted here: every file is read again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from tui.core.records.record import GENESIS, RecordDamaged, check_seal
from tui.core.records.store import HEAD_FILE, RecordStore, StoreError


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


@dataclass(frozen=True)
class _Link:
    name: str
    seq: int
    prev: str
    hash: str


def _read_link(store: RecordStore, file_name: str, report: VerifyReport) -> _Link | None:
    """The file's chain link. An intact seal needs no parse; anything else is parsed to
    say exactly what is wrong with it."""
    name = file_name.removesuffix(".toml")
    try:  # unbuffered, by name: pathlib and buffering were a third of verify's time
        with open(os.path.join(store.root, file_name), "rb", buffering=0) as handle:
            raw = handle.readall()
    except OSError as exc:
        report.findings.append(Finding(file_name, f"damaged: cannot be read ({exc.strerror})"))
        return None
    sealed = check_seal(raw)
    if sealed is not None and sealed.intact:
        return _Link(name, sealed.seq, sealed.prev, sealed.hash)
    try:
        record = store.load_file(store.root / file_name)
    except RecordDamaged as exc:
        report.findings.append(Finding(exc.name, f"damaged: {exc.reason}"))
        return None
    if record.chain is None:
        if record.outcome == "in-progress":
            report.in_progress += 1
        else:
            report.findings.append(Finding(name, "finished but not in the chain "
                                           "(inserted or edited)"))
        return None
    report.findings.append(Finding(name, "edited: its content no longer matches its hash"))
    return _Link(name, record.chain.seq, record.chain.prev, record.chain.hash)


def verify_chain(store: RecordStore) -> VerifyReport:
    report = VerifyReport()
    links = [link for file_name in store.names()
             if (link := _read_link(store, file_name, report)) is not None]
    links.sort(key=lambda link: (link.seq, link.name))
    report.checked = len(links)
    expected_seq, expected_prev = 1, GENESIS
    for link in links:
        if link.seq < expected_seq:
            report.findings.append(Finding(link.name, f"inserted: a second record claims "
                                           f"place {link.seq} in the chain"))
            continue
        if link.seq > expected_seq:
            missing = (f"place {expected_seq}" if link.seq == expected_seq + 1
                       else f"places {expected_seq}-{link.seq - 1}")
            report.findings.append(Finding(link.name, f"removed: the record(s) at {missing} "
                                           "before it are missing"))
        elif link.prev != expected_prev:
            report.findings.append(Finding(link.name, "inserted or reordered: it does not "
                                           "link to the record before it"))
        expected_seq, expected_prev = link.seq + 1, link.hash
    try:
        head = store.read_head()
    except StoreError as exc:
        report.findings.append(Finding(HEAD_FILE, str(exc)))
        return report
    head_seq = int(str(head.get("seq", 0)))
    if head.get("pending"):
        return report
    if head_seq > expected_seq - 1:
        report.findings.append(Finding(str(head.get("record") or HEAD_FILE),
                                       f"removed: the chain should end at place {head_seq}, "
                                       f"but the last record found is at {expected_seq - 1}"))
    elif links and head_seq == expected_seq - 1 and head.get("hash") != expected_prev:
        report.findings.append(Finding(links[-1].name, "the last record does not match the "
                                       "chain head (edited or replaced)"))
    return report
