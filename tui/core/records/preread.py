"""Provides Preread: what `verify` read of the files an export chose, handed to the
export in the same command, so that the records it shows come from exactly the bytes
the verdict beside them checked (see scans.FolderReads.rows_of and chain._read_part).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.core.records.file_keys import Key
from tui.core.records.files import MAX_RECORD_BYTES


@dataclass
class Preread:
    """What `verify` read of the files an export chose: each one's identity and the
    SHA-256 of its bytes, so the export takes a file's record from the index row built
    from exactly those bytes, and its content is what the verdict beside it checked
    (without the bytes: 140 MB at 100,000 records). With no index to take rows from
    (`raw`), the bytes themselves, up to `budget`. A file whose row does not match is
    read again when its turn comes."""

    wanted: frozenset[str] = frozenset()
    got: dict[str, tuple[Key, str, bytes | None]] = field(default_factory=dict)
    raw: bool = False
    budget: int = 64_000_000

    def wants(self, name: str) -> bool:
        return name in self.wanted

    def part(self, share: int) -> Preread:
        """A fresh one for one of `share` parts of verify's read (each may be read in
        another process: see chain._read_part), with its share of the byte budget."""
        return Preread(self.wanted, raw=self.raw, budget=self.budget // share)

    def begin(self, names: list[str]) -> None:
        """The part is about to read `names` (sorted), in the process that reads them."""

    def offer(self, name: str, key: Key, raw: bytes, digest: str,
              seq: int | None = None) -> None:
        """`digest`: the SHA-256 (hex) of `raw`, the bytes of the file whose identity is
        `key`; `seq`: the place in the chain that its intact seal gives, when its first
        line names the file (verify's fast path; picks.py orders by it)."""
        if name in self.wanted and key[0] == len(raw):
            self.keep_read(name, key, raw, digest)

    def keep_read(self, name: str, key: Key, raw: bytes, digest: str) -> None:
        """Keep what the export needs of a file read whole: its identity and hash, and
        with no index its bytes while the budget lasts."""
        if self.raw and len(raw) <= min(self.budget, MAX_RECORD_BYTES):
            self.got[name] = (key, digest, raw)
            self.budget -= len(raw)
        else:
            self.got[name] = (key, digest, None)

    def refused(self, name: str, exc: OSError) -> None:
        """The file `name` could not be read (see file_reads.damage_reason)."""

    def end(self) -> Any:
        """What the part found, to be merged (it may come from another process, so it is
        plain data that pickles)."""
        return self.got

    def merge(self, found: Any) -> None:
        self.got.update(found)
