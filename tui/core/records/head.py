"""Provides the chain head file (`chain-head.toml`), its signature, and the witness form
of a head (`SEQ:HASH`).

The head says where the chain ends, so removing the last records is caught. While a
finish is being written the head is `pending` and remembers the link before it, so a
crash in between is repaired (finished or rolled back) by the next finish. A head
whose remembered link is gone (edited by hand) is rebuilt from the records themselves
instead of crashing every later finish.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from tui.core.records.files import (
    HEAD_FILE,
    atomic_write,
    is_record_name,
    read_regular,
    write_before,
)
from tui.core.records.record import GENESIS, check_seal
from tui.core.records.signing import Signer, sign

SIG_SUFFIX = ".sig"
WITNESS = re.compile(r"^(\d{1,12}):([0-9a-f]{8,64})$")
WITNESS_HEX = 16
"""Hex digits of the hash in a witness: 64 bits, enough that nobody can make another
chain that matches it, short enough to read aloud or write on a paper form."""


class HeadError(Exception):
    """The head file cannot be read."""


def sig_path(path: Path) -> Path:
    return path.with_name(path.name + SIG_SUFFIX)


def witness(seq: int, digest: str) -> str:
    """The head as a person writes it down: place, colon, the hash's first 16 hex."""
    return f"{seq}:{digest[:WITNESS_HEX]}"


@dataclass(frozen=True)
class Witness:
    seq: int
    prefix: str


def parse_witness(text: str) -> Witness | None:
    match = WITNESS.match(text.strip().lower())
    return Witness(int(match.group(1)), match.group(2)) if match else None


def read_head(root: Path) -> dict[str, object] | None:
    """The head's table, or None when there is no head file."""
    path = root / HEAD_FILE
    if not path.exists():
        return None
    import tomllib

    from tui.core.toml_text import loads  # nesting bounded: a hostile head is one error

    try:
        data = loads(path.read_text(encoding="utf-8"))
        int(data["seq"]), str(data["hash"])
        return data
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError,
            tomllib.TOMLDecodeError) as exc:
        raise HeadError(f"{HEAD_FILE} in {root} is damaged; "
                        "'signoff verify' shows the chain") from exc


def write_head(root: Path, head: dict[str, object], signer: Signer | None) -> None:
    """Write the head; a settled head is signed (the signature lands first, so a head
    on disk never sits beside an older head's signature unless a crash fell between
    the two, which `verify` names). An unsigned head removes a stale signature."""
    import tomli_w

    raw = tomli_w.dumps(head).encode("utf-8")
    target = root / HEAD_FILE
    if not head.get("pending"):
        if signer is not None:
            write_before(sig_path(target), sign(signer, raw))
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(sig_path(target))
    atomic_write(target, raw)


def last_link(root: Path) -> tuple[int, str, str]:
    """(seq, hash, record id) of the highest intact sealed record in the folder: the
    chain's end, worked out from the records when the head cannot say."""
    best = (0, GENESIS, "")
    try:
        names = [n for n in os.listdir(root) if is_record_name(n)]
    except OSError:
        return best
    for name in names:
        try:
            sealed = check_seal(read_regular(str(root / name)))
        except OSError:
            continue
        if sealed is not None and sealed.intact and sealed.seq > best[0]:
            best = (sealed.seq, sealed.hash, name.removesuffix(".toml"))
    return best


def current_witness(root: Path) -> str:
    """The head as the head file has it, in witness form, for the top of an export
    (an interrupted finish counts from the link before it). `verify` is what checks it."""
    try:
        head = read_head(root)
    except HeadError:
        return "damaged"
    if head is None:
        return witness(0, GENESIS)
    if head.get("pending") and "prev_seq" in head:
        return witness(int(str(head["prev_seq"])), str(head.get("prev_hash", "")))
    return witness(int(str(head["seq"])), str(head["hash"]))
