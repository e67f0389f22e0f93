"""Provides RecordStore: records on disk that cannot be lost, torn or quietly changed.

Every write goes to a temporary file in the same folder, is fsynced, renamed over the
old file and the folder is fsynced, so a crash at any instant leaves the old or the
new file, never half of one. Finishing a run appends it to a hash chain under an
exclusive lock, so two processes finishing at once cannot fork the chain; the kernel
drops the lock when its holder dies, so a killed process never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.records.files import (
    HEAD_FILE,
    RunLock,
    atomic_write,
    atomic_write_chunks,
    fsync_dir,
    lock_file,
    record_names,
    unlock_file,
    write_before,
)
from tui.core.records.folder import StoreError as StoreError
from tui.core.records.folder import ensure_folder
from tui.core.records.record import (
    GENESIS,
    ID_PATTERN,
    RECORD_SCHEMA,
    Outcome,
    Record,
    RecordDamaged,
    dumps,
    from_data,
    seal,
)
from tui.core.records.scans import MAX_RECORD_BYTES, FolderReads, Scan, Selection, Summaries

if TYPE_CHECKING:
    from tui.core.records.keys import Keys
    from tui.core.records.signing import Signer

# The head, the signing code (the SSH formats, hashlib) and the texts (the flow model)
# are imported by the methods that finish a run: the front ends make their store before
# their first frame or prompt, and a start never finishes a run.

LOCK_FILE = ".lock"


def local_now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


class RecordStore(FolderReads):
    """One folder of records. It is handed its root and its clock, never finds them."""

    def __init__(self, root: Path, now: Callable[[], datetime] = local_now,
                 suffix: Callable[[], str] = lambda: os.urandom(2).hex(),
                 keys: Keys | None = None, index_dir: Path | None = None) -> None:
        self.root = root
        self.index_dir = index_dir
        """Where the record index lives (the cache folder); None keeps no index."""
        self.keys = keys
        """Where the signing key comes from; None signs nothing (a bare store)."""
        self.now = now
        self.suffix = suffix
        """Makes record ids unique within a second; tests pass a counter."""
        self._held: list[RunLock] = []

    # -- the folder -------------------------------------------------------------------
    def ensure(self) -> list[str]:
        """Create the folder 0700 if needed; return warnings about an existing one that
        others can read or write (folder.ensure_folder)."""
        return ensure_folder(self.root)

    def path_for(self, record_id: str) -> Path:
        if not ID_PATTERN.match(record_id):
            raise StoreError(f'"{record_id}" is not a record id')
        return self.root / f"{record_id}.toml"

    def new_id(self, platform: str) -> str:
        stamp = self.now().strftime("%Y%m%d-%H%M%S")
        while True:
            candidate = f"{stamp}-{platform}-{self.suffix()}"
            if not (self.root / f"{candidate}.toml").exists():
                return candidate

    # -- reading ----------------------------------------------------------------------
    def load_file(self, path: Path) -> Record:
        return self.parse(path.name, self.read_file(path))

    def read_file(self, path: Path) -> bytes:
        """A record file's bytes, or RecordDamaged when it cannot be one."""
        from tui.core.records.file_reads import read_keyed

        return read_keyed(str(path), path.name)[1]

    def parse(self, name: str, raw: bytes) -> Record:
        """The record in a file's bytes, or RecordDamaged saying what is wrong."""
        if len(raw) > MAX_RECORD_BYTES:
            raise RecordDamaged(name, "the file is too large to be a record")
        if not raw.strip():
            raise RecordDamaged(name, "the file is empty")
        import tomllib  # here: most starts never parse a record (the index has them)

        from tui.core.toml_text import loads

        try:
            data = loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise RecordDamaged(name, "the file is not UTF-8 text") from exc
        except tomllib.TOMLDecodeError as exc:
            raise RecordDamaged(name, f"not valid TOML ({exc})") from exc
        record = from_data(data, name)
        if f"{record.id}.toml" != name:
            raise RecordDamaged(name, f'the file name does not match its id "{record.id}"')
        return record

    def load(self, record_id: str) -> Record:
        path = self.path_for(record_id)
        if not path.exists():
            raise StoreError(f'there is no record "{record_id}"')
        return self.load_file(path)

    def names(self) -> list[str]:
        """The record files' names, sorted (ids start with the date, so oldest first).
        Plain strings from one listdir: sorting 100,000 Path objects took longer than
        reading the index."""
        try:
            names = os.listdir(self.root)
        except OSError:
            return []
        names = record_names(names)
        names.sort()
        return names

    def files(self) -> Iterator[Path]:
        for name in self.names():
            yield self.root / name

    # -- writing ----------------------------------------------------------------------
    def lock_run(self, record_id: str) -> RunLock:
        """Hold a run open for this process only: a second signoff resuming the same run
        would overwrite one's ticks with the other's. The kernel drops the lock if the
        holder dies, so a killed signoff never blocks a later resume."""
        path = self.root / f".{record_id}.lock"
        self.path_for(record_id)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot lock run {record_id} ({exc.strerror})") from exc
        try:
            lock_file(fd, wait=False)
        except BlockingIOError as exc:
            os.close(fd)
            raise StoreError(f"run {record_id} is open in another signoff; finish or quit "
                             "it there first") from exc
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"cannot lock run {record_id} ({exc.strerror})") from exc
        lock = RunLock(path, fd)
        # (runs finished since are let go: a day in a training room opens hundreds)
        self._held = [held for held in self._held if held.fd >= 0]
        self._held.append(lock)
        return lock

    def release_locks(self) -> None:
        """Let go of every run this store still holds open (when a front end exits)."""
        for lock in self._held:
            lock.release()
        self._held.clear()

    def save(self, record: Record) -> Path:
        """Save progress (on every tick). Raises StoreError, never leaves a torn file."""
        if record.chain is not None:
            raise StoreError(f"record {record.id} is finished and can no longer change")
        if self.root.is_symlink():
            raise StoreError(f"the records folder {self.root} was replaced by a symbolic "
                             "link; not writing through it")
        path = self.path_for(record.id)
        try:
            atomic_write(path, dumps(record))
        except OSError as exc:
            raise StoreError(f"could not save to {self.root} ({exc.strerror}); "
                             "your progress is kept in memory and will be saved on the "
                             "next tick") from exc
        return path

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            lock_file(fd, wait=True)
        except OSError:
            os.close(fd)
            raise
        try:
            yield
        finally:
            unlock_file(fd)
            os.close(fd)

    def read_head(self) -> dict[str, object]:
        """The chain's last link (place 0 when there is no head file yet). `pending` is
        set while a finish is being written, so a crash between writing the record and
        confirming it is repaired next time."""
        from tui.core.records.head import HeadError, read_head

        try:
            head = read_head(self.root)
        except HeadError as exc:
            raise StoreError(str(exc)) from exc
        return head if head is not None else {"seq": 0, "hash": GENESIS, "record": "",
                                               "pending": False}

    def _settled_head(self, signer: Signer | None) -> tuple[int, str, str]:
        """The last confirmed link (seq, hash, record id), finishing or rolling back an
        interrupted finish. A pending head without the link before it (edited by hand)
        is rebuilt from the records instead of failing every finish from then on."""
        from tui.core.records.head import last_link, write_head

        head = self.read_head()
        seq, digest, last = int(str(head["seq"])), str(head["hash"]), str(head.get("record", ""))
        if not head.get("pending"):
            return seq, digest, last
        try:
            written = self.load(last)
            landed = written.chain is not None and written.chain.hash == digest
        except (StoreError, RecordDamaged):
            landed = False
        if not landed:
            try:
                seq, digest = int(str(head["prev_seq"])), str(head["prev_hash"])
                last = str(head.get("prev_record", ""))
            except (KeyError, ValueError):
                seq, digest, last = last_link(self.root)
        write_head(self.root, {"seq": seq, "hash": digest, "record": last, "pending": False},
                   signer)
        return seq, digest, last

    def _sealed(self, record: Record, outcome: Outcome, seq: int, prev: str,
                signer: Signer | None, why: str) -> tuple[Record, bytes, bytes | None]:
        """The finished record's bytes and their signature. If the key fails while
        signing (ssh-agent went away), the record is sealed again as unsigned."""
        from tui.core.records.signing import KeyUnavailable, sign
        from tui.core.records.sshsig import fingerprint

        finished = replace(record, outcome=outcome, finished=self.now(), schema=RECORD_SCHEMA)
        if signer is not None:
            done, raw = seal(replace(finished, key=fingerprint(signer.blob), unsigned=None),
                             seq, prev)
            try:
                return done, raw, sign(signer, raw)
            except KeyUnavailable as exc:
                why = str(exc)
        done, raw = seal(replace(finished, key=None, unsigned=why or None), seq, prev)
        return done, raw, None

    def finish(self, record: Record, outcome: Outcome, texts: bytes | None = None) -> Record:
        """End the run, append it to the chain under the lock, and sign it and the new
        head. The key is found before the lock is taken (it may be made, or asked of
        ssh-agent), so other signoffs never wait for it. `texts` (texts.texts_bytes) are
        the steps as shown: kept by hash in texts/, named by the record (and so signed)."""
        from tui.core.records.head import sig_path, write_head
        from tui.core.records.index import note_written
        from tui.core.records.texts import write_texts

        signer, why = self.keys.try_signer() if self.keys is not None else (None, "")
        if self.root.is_symlink() or not self.root.is_dir():
            raise StoreError(f"the records folder {self.root} was replaced (by a symbolic "
                             "link or another file); not writing through it")
        try:
            if texts is not None:  # content-addressed: safe to write before the lock
                record = replace(record, texts=write_texts(self.root, texts))
            with self._locked():
                seq, prev, previous_id = self._settled_head(signer)
                done, raw, signature = self._sealed(record, outcome, seq + 1, prev, signer, why)
                assert done.chain is not None
                write_head(self.root, {"seq": seq + 1, "hash": done.chain.hash,
                                       "record": done.id, "pending": True, "prev_seq": seq,
                                       "prev_hash": prev, "prev_record": previous_id}, None)
                path = self.path_for(done.id)
                if signature is not None:
                    write_before(sig_path(path), signature)
                else:
                    with contextlib.suppress(FileNotFoundError):
                        sig_path(path).unlink()
                atomic_write(path, raw)
                note_written(self.root, self.index_dir, path, raw, done)
                write_head(self.root, {"seq": seq + 1, "hash": done.chain.hash,
                                       "record": done.id, "pending": False}, signer)
                return done
        except OSError as exc:
            raise StoreError(f"could not save to {self.root} ({exc.strerror}); "
                             "the run stays open and can be finished again") from exc


__all__ = ["HEAD_FILE", "MAX_RECORD_BYTES", "RecordStore", "RunLock", "Scan", "Selection",
           "StoreError", "Summaries", "atomic_write", "atomic_write_chunks", "fsync_dir",
           "local_now"]
