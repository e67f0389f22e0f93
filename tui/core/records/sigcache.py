"""Provides SigCache: which record files `verify` already found well signed by the
local key, so checking 10,000 unchanged records does not redo 10,000 Ed25519 checks.

An entry says "the file whose bytes hash to F, with the signature file whose bytes hash
to S, was checked good against key K". It is kept in the record index's database (the
cache folder) and is only as good as its MAC, whose key is derived from a signature
that only the signing key can make (Ed25519 is deterministic, so the same key, read
from a file or through ssh-agent, derives the same MAC key every time). Whoever can
forge an entry can therefore also sign a forged record: the cache gives nobody a power
over `verify` they did not already have. It is used only when `verify` trusts the
local key alone (never with --signers, where the trusted key may not be ours), and the
file and signature are still read and hashed every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import sqlite3
from pathlib import Path

from tui.core.records.index import _connect, db_path
from tui.core.records.mac import Mac
from tui.core.records.signing import Signer, sign

_TABLE = """CREATE TABLE IF NOT EXISTS sigs (
    name TEXT PRIMARY KEY, file_hash BLOB, sig_hash BLOB, key BLOB, mac BLOB)"""


class SigCache:
    """Good signatures seen before, for one records folder and one signing key."""

    def __init__(self, root: Path, index_dir: Path, signer: Signer) -> None:
        self.key = hashlib.sha256(
            b"signoff verify cache\0" + sign(signer, b"signoff-verify-cache-key-v1")).digest()
        self.blob = signer.blob
        self._hmac = Mac(self.key)
        self.seen: dict[str, tuple[bytes, bytes, bytes, bytes]] | None = None
        self.new: list[tuple[str, bytes, bytes, bytes, bytes]] = []
        self.con: sqlite3.Connection | None = None
        self.path: Path | None = None
        with contextlib.suppress(OSError, sqlite3.Error):
            from tui.core.records.files import make_private_dirs

            make_private_dirs(index_dir)
            path = db_path(index_dir, root)
            con = _connect(path)
            con.execute(_TABLE)
            self.con, self.path = con, path

    def begin(self, names: list[str]) -> None:
        """Load the entries of the files `names` (sorted) alone, in the process that is
        about to check them, through a connection of its own (one must not cross a
        fork): each of verify's two processes loads its half, where the whole table was
        loaded before the fork (0.14 s at 100,000 records, while the other core
        waited). Without it, `known` loads every entry when first asked."""
        self.seen = self._load(names[0], names[-1]) if names else {}

    def _load(self, first: str | None, last: str | None
              ) -> dict[str, tuple[bytes, bytes, bytes, bytes]]:
        if self.path is None:
            return {}
        sql = "SELECT name, file_hash, sig_hash, key, mac FROM sigs"
        with contextlib.suppress(sqlite3.Error):
            con = sqlite3.connect(self.path, timeout=0.5, isolation_level=None)
            try:
                with contextlib.suppress(UnicodeEncodeError):  # a name that is not UTF-8
                    if first is not None and last is not None:
                        return {name: (f, s, k, m) for name, f, s, k, m in con.execute(
                            sql + " WHERE name BETWEEN ? AND ?", (first, last))}
                return {name: (f, s, k, m) for name, f, s, k, m in con.execute(sql)}
            finally:
                con.close()
        return {}

    def _mac(self, name: str, file_hash: bytes, sig_hash: bytes, blob: bytes) -> bytes:
        """hmac.digest(self.key, NAME\0 + the hashes + blob, "sha256"), key set up once
        (the message joined first: one update instead of five, for 100,000 files)."""
        return self._hmac.digest(b"".join((name.encode(), b"\0", file_hash, sig_hash, blob)))

    def known(self, name: str, raw: bytes, armored: bytes,
              raw_hash: bytes | None = None) -> bytes | None:
        """The key blob that signed `raw` with `armored`, if checked before; else None.
        `raw_hash`: the SHA-256 of `raw`, when the caller has it already."""
        if self.seen is None:
            self.seen = self._load(None, None)
        entry = self.seen.get(name)
        if entry is None:
            return None
        file_hash, sig_hash, blob, mac = entry
        if (blob != self.blob or (raw_hash or hashlib.sha256(raw).digest()) != file_hash
                or hashlib.sha256(armored).digest() != sig_hash
                or not hmac.compare_digest(mac, self._mac(name, file_hash, sig_hash, blob))):
            return None
        return blob

    def add(self, name: str, raw: bytes, armored: bytes, blob: bytes,
            raw_hash: bytes | None = None) -> None:
        """Note a signature just checked good (by the local key only)."""
        if blob != self.blob or self.con is None:
            return
        file_hash = raw_hash or hashlib.sha256(raw).digest()
        sig_hash = hashlib.sha256(armored).digest()
        self.new.append((name, file_hash, sig_hash, blob,
                         self._mac(name, file_hash, sig_hash, blob)))

    def save(self) -> None:
        if self.con is None:
            return
        with contextlib.suppress(sqlite3.Error):
            self.con.execute("BEGIN IMMEDIATE")
            self.con.executemany("INSERT OR REPLACE INTO sigs VALUES (?,?,?,?,?)", self.new)
            self.con.execute("COMMIT")
        with contextlib.suppress(sqlite3.Error):
            self.con.close()
        self.con = None
