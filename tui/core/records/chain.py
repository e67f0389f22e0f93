"""Provides `verify_chain`: proof that no finished record was edited, removed, inserted
or reordered.

Each finished record holds its place (`seq`), the hash of the record before it
(`prev`) and its own content hash. Recomputing every hash and walking the links finds
the first break; the chain head file catches records removed from the end. Nothing
cached is trusted here: every file is read again.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from tui.core.records.file_reads import read_at
from tui.core.records.files import HEAD_FILE
from tui.core.records.head import HeadError, Witness, read_head, witness
from tui.core.records.record import GENESIS, RecordDamaged, check_seal_hashing
from tui.core.records.scans import Preread
from tui.core.records.sigcache import SigCache
from tui.core.records.signatures import Trusted, check_file
from tui.core.records.store import RecordStore
from tui.core.records.texts import check_texts

_TEXTS = re.compile(rb'texts = "([0-9a-f]{64})"$', re.MULTILINE)
"""A finished record's texts hash: a top-level key, so before the first table."""


def _texts_named(raw: bytes) -> re.Match[bytes] | None:
    """The first line before the first table that is `texts = "HASH"`: what searching
    for `^texts = …$` there finds, looking only where a line starts with `texts = `
    (the search tried every position, a twentieth of verify)."""
    end = raw.find(b"\n[")
    if end < 0:
        return None
    at = 0 if raw.startswith(b"texts = ") else _next_line(raw, 0, end)
    while at >= 0:
        if (found := _TEXTS.match(raw, at, end)) is not None:
            return found
        at = _next_line(raw, at, end)
    return None


def _next_line(raw: bytes, start: int, end: int) -> int:
    """Where the next line starting with `texts = ` after `start` starts, or -1."""
    found = raw.find(b"\ntexts = ", start, end)
    return found + 1 if found >= 0 else -1


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
    head_seq: int = 0
    """Where the chain found on disk ends, and that record's hash."""
    head_hash: str = GENESIS
    texts_checked: dict[str, str] = field(default_factory=dict)
    """Each texts file named by a record, and what is wrong with it ("" when intact):
    runs of one flow version share one file, checked once."""
    signers: set[bytes] = field(default_factory=set)
    """The trusted keys that signed the records and the head (when signatures were
    checked)."""

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def witness(self) -> str:
        return witness(self.head_seq, self.head_hash)


_Link = tuple[str, int, str, str]
"""A finished record's place in the chain: its name, seq, prev and hash. A plain tuple:
verify's second process sends back 50,000 of them, and pickling as many NamedTuples
(a Python call each) took it 0.1 s."""


def _read_link(store: RecordStore, file_name: str, report: VerifyReport,
               trusted: Trusted | None, cache: SigCache | None = None,
               keep: Preread | None = None, folder: int | None = None) -> _Link | None:
    """The file's chain link. An intact seal whose first line names the file needs no
    parse; anything else is parsed to say exactly what is wrong with it. `keep` takes
    the hash of the bytes of the files an export chose, with their file's identity."""
    name = file_name.removesuffix(".toml")
    root = str(store.root)
    try:
        raw, key = read_at(folder, root, file_name)
    except OSError as exc:
        report.findings.append(Finding(file_name, f"damaged: cannot be read ({exc.strerror})"))
        if keep is not None:
            keep.refused(file_name, exc)
        return None
    sealed, hashed = check_seal_hashing(raw)
    fast = sealed is not None and sealed.intact and raw.startswith(f'id = "{name}"\n'.encode())
    whole = None  # the SHA-256 of the whole file: the signature cache and the export use it
    wanted = keep is not None and keep.wants(file_name)
    if cache is not None or wanted:
        whole = hashed
        if wanted:
            assert keep is not None
            keep.offer(file_name, key, raw, whole.hexdigest(),
                       sealed.seq if fast and sealed is not None else None)
    if fast and sealed is not None:
        if (texts := _texts_named(raw)) is not None:
            digest = texts.group(1).decode()
            if digest not in report.texts_checked:
                report.texts_checked[digest] = check_texts(store.root, digest)
            if report.texts_checked[digest]:
                report.findings.append(Finding(name, report.texts_checked[digest]))
        if trusted is not None:
            problem, blob = check_file(root, file_name, raw, trusted, cache, folder,
                                       whole.digest() if whole is not None else None)
            if problem:
                report.findings.append(Finding(name, problem))
            else:
                report.signers.add(blob)
        return name, sealed.seq, sealed.prev, sealed.hash
    try:
        record = store.load_file(store.root / file_name)
    except RecordDamaged as exc:
        problem = exc.reason
        if "file name does not match" in problem:
            problem = f"renamed: {problem}"
        report.findings.append(Finding(exc.name, f"damaged: {problem}"))
        return None
    if record.chain is None:
        if record.outcome == "in-progress":
            report.in_progress += 1
        else:
            report.findings.append(Finding(name, "finished but not in the chain "
                                           "(inserted or edited)"))
        return None
    report.findings.append(Finding(name, "edited: its content no longer matches its hash"))
    return name, record.chain.seq, record.chain.prev, record.chain.hash


@dataclass
class _Part:
    """What reading some of the files found: their links, findings and signers (in
    `report`), what the export was offered, and the signatures newly checked good."""

    links: list[_Link]
    report: VerifyReport
    offered: Any
    """What the part's Preread found (Preread.end)."""
    checked_good: list[tuple[str, bytes, bytes, bytes, bytes]]


def _read_part(store: RecordStore, names: list[str], trusted: Trusted | None,
               cache: SigCache | None, keep: Preread | None, share: int) -> _Part:
    """Read `names` (see _read_link) into a report of their own; `share`: the number of
    parts, each of which may keep 1/share of the export's byte budget."""
    report = VerifyReport()
    kept = None if keep is None else keep.part(share)
    before = len(cache.new) if cache is not None else 0
    folder = os.open(store.root, os.O_RDONLY | os.O_DIRECTORY) \
        if os.open in os.supports_dir_fd and store.root.is_dir() else None
    try:
        if kept is not None:
            kept.begin(names)
        if cache is not None:
            cache.begin(names)
        links = [link for file_name in names
                 if (link := _read_link(store, file_name, report, trusted, cache, kept,
                                        folder)) is not None]
    finally:
        if folder is not None:
            os.close(folder)
    good: list[tuple[str, bytes, bytes, bytes, bytes]] = []
    if cache is not None:  # handed back with the part, so a part read here and one read
        good = cache.new[before:]  # by the child are merged the same way
        del cache.new[before:]
    return _Part(links, report, kept.end() if kept is not None else None, good)


SPLIT_FROM = 2000
"""Files from which verify reads in two processes when asked to (forked.py): below,
forking costs more than it saves."""


def _read_all(store: RecordStore, report: VerifyReport, trusted: Trusted | None,
              cache: SigCache | None, keep: Preread | None, workers: int) -> list[_Link]:
    """Every file's link, the findings in file order (as one pass gives them)."""
    names = store.names()
    if workers > 1 and len(names) >= SPLIT_FROM:
        from tui.runtime.forked import both

        half = len(names) // 2
        parts: tuple[_Part, ...] = both(
            lambda: _read_part(store, names[:half], trusted, cache, keep, 2),
            lambda: _read_part(store, names[half:], trusted, cache, keep, 2), plain=True)
    else:
        parts = (_read_part(store, names, trusted, cache, keep, 1),)
    links: list[_Link] = []
    for part in parts:
        links += part.links
        report.findings += part.report.findings
        report.in_progress += part.report.in_progress
        report.signers |= part.report.signers
        for digest, problem in part.report.texts_checked.items():
            report.texts_checked.setdefault(digest, problem)
        if keep is not None:
            keep.merge(part.offered)
        if cache is not None:
            cache.new += part.checked_good
    return links


def verify_chain(store: RecordStore, trusted: Trusted | None = None,
                 expect: Witness | None = None, cache: SigCache | None = None,
                 keep: Preread | None = None, workers: int = 1) -> VerifyReport:
    """Check every finished record's seal, name and place, the head, and (with
    `trusted`) every signature; with `expect`, that the chain still holds a head that
    was written down earlier. `cache` (local key only) skips re-checking signatures
    checked good before on the same bytes (sigcache.py says why that is safe).
    `workers` 2: the files are read in two processes where that is safe (the commands;
    never from a thread of the app)."""
    report = VerifyReport()
    links = _read_all(store, report, trusted, cache, keep, workers)
    if cache is not None:
        cache.save()
    links.sort(key=itemgetter(1, 0))  # by seq, then name
    report.checked = len(links)
    expected_seq, expected_prev = 1, GENESIS
    placed: dict[int, str] = {}
    for name, seq, prev, digest in links:
        if seq < expected_seq:
            report.findings.append(Finding(name, f"inserted: a second record claims "
                                           f"place {seq} in the chain"))
            continue
        if seq > expected_seq:
            missing = (f"place {expected_seq}" if seq == expected_seq + 1
                       else f"places {expected_seq}-{seq - 1}")
            report.findings.append(Finding(name, f"removed: the record(s) at {missing} "
                                           "before it are missing"))
        elif prev != expected_prev:
            report.findings.append(Finding(name, "inserted or reordered: it does not "
                                           "link to the record before it"))
        if expect is not None:
            placed[seq] = digest
        expected_seq, expected_prev = seq + 1, digest
    report.head_seq, report.head_hash = expected_seq - 1, expected_prev
    _check_head(store, report, links, trusted)
    if expect is not None:
        _check_expected(report, placed, expect)
    return report


def _check_head(store: RecordStore, report: VerifyReport, links: list[_Link],
                trusted: Trusted | None) -> None:
    try:
        head = read_head(store.root)
    except HeadError as exc:
        report.findings.append(Finding(HEAD_FILE, str(exc)))
        return
    if head is None:
        if links:
            report.findings.append(Finding(HEAD_FILE, f"missing, though {len(links)} finished "
                                           "record(s) exist (removed?)"))
        return
    if head.get("pending"):
        if links:
            report.findings.append(Finding(HEAD_FILE, "marked pending: a finish was "
                                           "interrupted (finishing any run repairs it) or "
                                           "the head was edited"))
        return
    if trusted is not None:
        raw = (store.root / HEAD_FILE).read_bytes()
        problem, blob = check_file(str(store.root), HEAD_FILE, raw, trusted)
        if problem:
            report.findings.append(Finding(HEAD_FILE, problem))
        else:
            report.signers.add(blob)
    head_seq, expected_seq = int(str(head.get("seq", 0))), report.head_seq + 1
    if head_seq > expected_seq - 1:
        report.findings.append(Finding(str(head.get("record") or HEAD_FILE),
                                       f"removed: the chain should end at place {head_seq}, "
                                       f"but the last record found is at {expected_seq - 1}"))
    elif head_seq < expected_seq - 1:
        report.findings.append(Finding(HEAD_FILE, f"behind: it ends the chain at place "
                                       f"{head_seq}, but records go on to {expected_seq - 1}"))
    elif links and head.get("hash") != report.head_hash:
        report.findings.append(Finding(links[-1][0], "the last record does not match the "
                                       "chain head (edited or replaced)"))


def _check_expected(report: VerifyReport, placed: dict[int, str], expect: Witness) -> None:
    """A head written down earlier must still be in the chain, at the same place."""
    shown = f"{expect.seq}:{expect.prefix}"
    if expect.seq == 0:
        return
    if expect.seq > report.head_seq:
        report.findings.append(Finding("--expect", f"the chain ends at place "
                                       f"{report.head_seq}, before the expected head {shown} "
                                       "(records removed since it was written down)"))
    elif not placed.get(expect.seq, "").startswith(expect.prefix):
        report.findings.append(Finding("--expect", f"place {expect.seq} no longer holds the "
                                       f"expected head {shown} (the chain was rewritten)"))
