"""Provides OpenSSH signatures (the SSHSIG format of `ssh-keygen -Y sign`) for Ed25519.

An auditor must be able to check a record with `ssh-keygen -Y verify` and nothing from
signoff, so signatures are written in OpenSSH's own format (PROTOCOL.sshsig): the blob
"SSHSIG", version 1, the public key, the namespace, a reserved string, the hash
algorithm and the signature, armored in 70-column base64. What is signed is "SSHSIG",
the namespace, the reserved string, the hash algorithm and the hash of the message,
never the message itself. Only the byte layout is here; the Ed25519 arithmetic is
`cryptography`'s (OpenSSL), imported when a signature is first made or checked.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass
from typing import Any

NAMESPACE = "signoff"
MAGIC = b"SSHSIG"
VERSION = 1
KEY_TYPE = b"ssh-ed25519"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
_HASHES = {b"sha512": hashlib.sha512, b"sha256": hashlib.sha256}


class SignatureError(Exception):
    """A signature that is malformed, for another namespace, or does not match."""


def ssh_string(data: bytes) -> bytes:
    """SSH wire format: a 32-bit big-endian length, then the bytes."""
    return struct.pack(">I", len(data)) + data


class _Reader:
    """Reads SSH wire-format fields, failing with SignatureError, never IndexError."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, count: int) -> bytes:
        if count < 0 or self.pos + count > len(self.data):
            raise SignatureError("the signature is truncated")
        piece = self.data[self.pos:self.pos + count]
        self.pos += count
        return piece

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def string(self) -> bytes:
        return self.take(self.uint32())

    def done(self) -> bool:
        return self.pos == len(self.data)


def public_blob(raw_key: bytes) -> bytes:
    """An Ed25519 public key (32 bytes) in SSH wire format."""
    return ssh_string(KEY_TYPE) + ssh_string(raw_key)


def raw_public_key(blob: bytes) -> bytes:
    """The 32 key bytes of an ssh-ed25519 public key blob."""
    reader = _Reader(blob)
    kind = reader.string()
    if kind != KEY_TYPE:
        raise SignatureError(f"the key is {kind.decode('ascii', 'replace')}, not Ed25519")
    raw = reader.string()
    if len(raw) != 32 or not reader.done():
        raise SignatureError("the Ed25519 public key is malformed")
    return raw


def fingerprint(blob: bytes) -> str:
    """The key's fingerprint as `ssh-keygen -l` prints it: SHA256:base64, unpadded."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def public_line(blob: bytes, comment: str = "") -> str:
    """The key as an authorized_keys / .pub line."""
    text = f"{KEY_TYPE.decode()} {base64.b64encode(blob).decode()}"
    return f"{text} {comment}" if comment else text


def parse_public_line(line: str) -> bytes:
    """The blob of an "ssh-ed25519 AAAA… [comment]" line."""
    parts = line.split()
    if len(parts) < 2 or parts[0] != KEY_TYPE.decode():
        raise SignatureError("not an ssh-ed25519 public key")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError as exc:
        raise SignatureError("the public key is not valid base64") from exc
    raw_public_key(blob)
    return blob


def signed_data(message: bytes, namespace: str = NAMESPACE, hash_alg: bytes = b"sha512") -> bytes:
    """What the key actually signs: the SSHSIG preamble and the message's hash."""
    digest = _HASHES[hash_alg](message).digest()
    return (MAGIC + ssh_string(namespace.encode()) + ssh_string(b"") + ssh_string(hash_alg)
            + ssh_string(digest))


def armor(blob: bytes, raw_signature: bytes, namespace: str = NAMESPACE) -> bytes:
    """The detached signature file for a 64-byte Ed25519 signature by key `blob`."""
    body = (MAGIC + struct.pack(">I", VERSION) + ssh_string(blob)
            + ssh_string(namespace.encode()) + ssh_string(b"") + ssh_string(b"sha512")
            + ssh_string(ssh_string(KEY_TYPE) + ssh_string(raw_signature)))
    text = base64.b64encode(body).decode()
    lines = [text[i:i + 70] for i in range(0, len(text), 70)]
    return "\n".join([BEGIN, *lines, END]).encode() + b"\n"


@dataclass(frozen=True)
class Parsed:
    """A signature file's fields."""

    key_blob: bytes
    namespace: str
    hash_alg: bytes
    signature: bytes
    """The raw 64-byte Ed25519 signature."""


def _strings(data: bytes, count: int, pos: int) -> tuple[list[bytes], int]:
    """`count` SSH strings from `pos`: a flat loop, because `verify` parses one
    signature per record (10,000 of them in well under a second)."""
    out: list[bytes] = []
    end = len(data)
    for _ in range(count):
        if pos + 4 > end:
            raise SignatureError("the signature is truncated")
        size = int.from_bytes(data[pos:pos + 4], "big")
        pos += 4
        if pos + size > end:
            raise SignatureError("the signature is truncated")
        out.append(data[pos:pos + size])
        pos += size
    return out, pos


_BEGIN, _END = BEGIN.encode(), END.encode()


def parse(armored: bytes) -> Parsed:
    """Read a signature file, or raise SignatureError saying what is wrong with it."""
    lines = armored.strip().splitlines()
    if len(lines) < 3 or lines[0].strip() != _BEGIN or lines[-1].strip() != _END:
        raise SignatureError("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
    try:
        body = base64.b64decode(b"".join(line.strip() for line in lines[1:-1]), validate=True)
    except ValueError as exc:
        raise SignatureError("the signature is not valid base64") from exc
    if body[:6] != MAGIC or body[6:10] != struct.pack(">I", VERSION):
        raise SignatureError("not an SSHSIG version 1 signature")
    (key_blob, namespace, _reserved, hash_alg, sig_blob), pos = _strings(body, 5, 10)
    if pos != len(body):
        raise SignatureError("the signature has bytes after its end")
    (kind, raw), pos = _strings(sig_blob, 2, 0)
    if kind != KEY_TYPE or len(raw) != 64 or pos != len(sig_blob):
        raise SignatureError("the signature is not an Ed25519 signature")
    if hash_alg not in _HASHES:
        raise SignatureError(f"unknown hash algorithm {hash_alg!r}")
    raw_public_key(key_blob)
    return Parsed(key_blob, namespace.decode("utf-8", "replace"), hash_alg, raw)


_PUBLIC_KEYS: dict[bytes, Any] = {}
"""Each signer's key object, made once: a folder is usually signed by one key."""


def check(armored: bytes, message: bytes, namespace: str = NAMESPACE) -> bytes:
    """The signer's key blob if `armored` is a good signature of `message` in this
    namespace; SignatureError otherwise. Which keys to trust is the caller's choice."""
    parsed = parse(armored)
    if parsed.namespace != namespace:
        raise SignatureError(f'the signature is for namespace "{parsed.namespace}", '
                             f'not "{namespace}"')
    from cryptography.exceptions import InvalidSignature

    key = _PUBLIC_KEYS.get(parsed.key_blob)
    if key is None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        key = Ed25519PublicKey.from_public_bytes(raw_public_key(parsed.key_blob))
        _PUBLIC_KEYS[parsed.key_blob] = key
    try:
        key.verify(parsed.signature, signed_data(message, namespace, parsed.hash_alg))
    except InvalidSignature as exc:
        raise SignatureError("the signature does not match the file") from exc
    return parsed.key_blob
