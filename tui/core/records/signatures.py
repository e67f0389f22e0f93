"""Provides which keys `verify` trusts (an allowed_signers file, or the local key) and
the check of one file's detached signature against them.

The allowed_signers format is OpenSSH's (ssh-keygen(1), ALLOWED SIGNERS): principals,
optional options, the key. Only ssh-ed25519 keys whose `namespaces` option (if any)
includes "signoff" count; `cert-authority` lines and other key types are not used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.records.files import read_regular
from tui.core.records.keys import Keys
from tui.core.records.sigcache import SigCache
from tui.core.records.signing import KeyUnavailable
from tui.core.records.sshsig import (
    NAMESPACE,
    SignatureError,
    check,
    fingerprint,
    parse_public_line,
)

SIG_LIMIT = 65_536
"""An SSH signature is under 1 KB: a larger .sig file is refused, never read whole."""


class SignersError(Exception):
    """The allowed_signers file cannot be used; one sentence."""


@dataclass
class Trusted:
    """Keys (their SSH wire blobs) whose signatures count, each with who it is."""

    keys: dict[bytes, str] = field(default_factory=dict)
    source: str = ""
    """Where they came from, for the findings ("the local key", the file's name)."""


_NAMESPACES = re.compile(r'(?:^|,)namespaces="([^"]*)"', re.IGNORECASE)


def _options_allow(options: str) -> bool:
    """Whether a line's options let its key sign for signoff."""
    if "cert-authority" in options.lower():
        return False
    match = _NAMESPACES.search(options)
    return match is None or NAMESPACE in [n.strip() for n in match.group(1).split(",")]


def read_allowed_signers(path: Path) -> Trusted:
    """The signoff keys of an allowed_signers file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SignersError(f"the signers file {path} cannot be read "
                           f"({getattr(exc, 'strerror', None) or exc})") from exc
    trusted = Trusted(source=str(path))
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or " ssh-ed25519 " not in f" {line} ":
            continue
        before, _, after = f" {line} ".partition(" ssh-ed25519 ")
        principals, _, options = before.strip().partition(" ")
        if not _options_allow(options.strip()):
            continue
        try:
            blob = parse_public_line("ssh-ed25519 " + after.strip())
        except SignatureError:
            continue
        trusted.keys[blob] = principals
    if not trusted.keys:
        raise SignersError(f"the signers file {path} holds no ssh-ed25519 key for the "
                           '"signoff" namespace')
    return trusted


def check_file(root: str, file_name: str, raw: bytes, trusted: Trusted,
               cache: SigCache | None = None, folder: int | None = None,
               raw_hash: bytes | None = None) -> tuple[str, bytes]:
    """("", key blob) when `file_name` carries a good signature by a trusted key; else
    (the problem in words, b""). With `cache`, a signature checked good before (same
    file bytes, same signature bytes, see sigcache.py) is not checked again. `folder`:
    the records folder, open, to open the signature by name in it; `raw_hash`: the
    SHA-256 of `raw`, when the caller has it already."""
    try:
        armored = read_regular(file_name + ".sig", folder, SIG_LIMIT) if folder is not None \
            else read_regular(os.path.join(root, file_name + ".sig"), None, SIG_LIMIT)
    except FileNotFoundError:
        return "unsigned: it has no signature file", b""
    except OSError as exc:
        return f"its signature cannot be read ({exc.strerror})", b""
    if cache is not None and (seen := cache.known(file_name, raw, armored, raw_hash)) \
            is not None and seen in trusted.keys:
        return "", seen
    try:
        blob = check(armored, raw)
    except SignatureError as exc:
        return f"badly signed: {exc}", b""
    if blob not in trusted.keys:
        return f"signed by an unknown key {fingerprint(blob)} (not in {trusted.source})", b""
    if cache is not None:
        cache.add(file_name, raw, armored, blob, raw_hash)
    return "", blob


def local_trust(keys: Keys | None) -> Trusted | None:
    """The local key as the one to trust; None for a store that signs nothing (then
    `verify_chain` checks no signatures). No local key yet: nothing is trusted, and
    the source says why."""
    if keys is None:
        return None
    trusted = Trusted(source="the local key")
    try:
        trusted.keys[keys.public_blob()] = "local"
    except KeyUnavailable as exc:
        trusted.source = f"the local key ({exc})"
    return trusted
