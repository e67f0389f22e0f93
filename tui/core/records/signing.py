"""Provides the signing key: found, made on first need, or asked of ssh-agent.

The key is the operator's own OpenSSH Ed25519 key (`[signing] key` in config.toml), or
one signoff makes in its config folder the first time a record is finished, written in
OpenSSH's private key format (0600) so `ssh-keygen` can use it too. A key protected by
a passphrase is used through ssh-agent (`ssh-add` it); signoff never asks for or keeps
a passphrase. When no key can be used, KeyUnavailable says why in one sentence and the
record is saved unsigned (never lost).
"""

from __future__ import annotations

import os
import socket
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tui.core.records.sshsig import (
    SignatureError,
    _Reader,
    armor,
    parse_public_line,
    public_blob,
    public_line,
    raw_public_key,
    signed_data,
    ssh_string,
)

_OPENSSH_MAGIC = b"openssh-key-v1\0"


class KeyUnavailable(Exception):
    """No key can sign right now; the message is one sentence for the person."""


class Signer(Protocol):
    """Something that signs with one Ed25519 key: a key in memory, or ssh-agent."""

    blob: bytes

    def raw_sign(self, data: bytes) -> bytes: ...


def sign(signer: Signer, message: bytes) -> bytes:
    """The detached OpenSSH signature file of `message`."""
    return armor(signer.blob, signer.raw_sign(signed_data(message)))


@dataclass
class KeySigner:
    """A private key read from a file (or just made)."""

    blob: bytes
    key: object

    def raw_sign(self, data: bytes) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        assert isinstance(self.key, Ed25519PrivateKey)
        return self.key.sign(data)


@dataclass
class AgentSigner:
    """A key that only ssh-agent can use (its file is encrypted, or only a .pub)."""

    blob: bytes
    socket_path: str

    def raw_sign(self, data: bytes) -> bytes:
        request = bytes([13]) + ssh_string(self.blob) + ssh_string(data) + struct.pack(">I", 0)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(10)
                sock.connect(self.socket_path)
                sock.sendall(ssh_string(request))
                reply = _read_reply(sock)
        except OSError as exc:
            raise KeyUnavailable(f"ssh-agent could not be reached ({exc.strerror or exc})"
                                 ) from exc
        if not reply or reply[0] != 14:
            raise KeyUnavailable("ssh-agent does not hold the signing key; add it with "
                                 "ssh-add")
        try:
            sig = _Reader(_Reader(reply[1:]).string())
            if sig.string() != b"ssh-ed25519":
                raise SignatureError("not Ed25519")
            return sig.string()
        except SignatureError as exc:
            raise KeyUnavailable("ssh-agent answered with something that is not an "
                                 "Ed25519 signature") from exc


def _read_reply(sock: socket.socket) -> bytes:
    head = b""
    while len(head) < 4:
        piece = sock.recv(4 - len(head))
        if not piece:
            return b""
        head += piece
    size = struct.unpack(">I", head)[0]
    body = b""
    while len(body) < size:
        piece = sock.recv(min(65536, size - len(body)))
        if not piece:
            return b""
        body += piece
    return body


def openssh_public(data: bytes) -> bytes | None:
    """The public key stored in clear in an OpenSSH private key file (even an
    encrypted one), or None if the file is not in that format."""
    import base64

    text = data.decode("ascii", "replace")
    begin, end = "-----BEGIN OPENSSH PRIVATE KEY-----", "-----END OPENSSH PRIVATE KEY-----"
    if begin not in text or end not in text:
        return None
    try:
        body = base64.b64decode("".join(text.split(begin, 1)[1].split(end, 1)[0].split()))
        reader = _Reader(body)
        if reader.take(len(_OPENSSH_MAGIC)) != _OPENSSH_MAGIC:
            return None
        reader.string(), reader.string(), reader.string()
        if reader.uint32() < 1:
            return None
        return reader.string()
    except (ValueError, SignatureError):
        return None


def private_signer(path: Path, agent: str | None) -> Signer:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyUnavailable(f"the signing key {path} cannot be read "
                             f"({exc.strerror})") from exc
    if path.suffix == ".pub":
        return _agent_signer(path, data.decode("ascii", "replace"), agent)
    blob = openssh_public(data)
    if blob is None:
        raise KeyUnavailable(f"the signing key {path} is not an OpenSSH private key")
    try:
        raw_public_key(blob)
    except SignatureError as exc:
        raise KeyUnavailable(f"the signing key {path} is not an Ed25519 key "
                             "(signoff signs with Ed25519 only)") from exc
    from cryptography.hazmat.primitives.serialization import load_ssh_private_key

    try:
        key = load_ssh_private_key(data, password=None)
    except (TypeError, ValueError, ImportError):
        # Encrypted (cryptography needs the passphrase, and bcrypt, to open it): ask
        # ssh-agent, which holds the opened key if the person ran ssh-add.
        return _agent_signer(path, public_line(blob), agent)
    return KeySigner(blob, key)


def _agent_signer(path: Path, pub_line: str, agent: str | None) -> Signer:
    try:
        blob = parse_public_line(pub_line.strip())
    except SignatureError as exc:
        raise KeyUnavailable(f"the signing key {path} is not an Ed25519 key") from exc
    if not agent:
        raise KeyUnavailable(f"the signing key {path} is protected by a passphrase and "
                             "no ssh-agent is running; start one and run ssh-add")
    signer = AgentSigner(blob, agent)
    signer.raw_sign(b"signoff: can this agent sign?")  # fail now, not after sealing
    return signer


def create_key(path: Path) -> KeySigner:
    """Make an Ed25519 key at `path` (0600, OpenSSH format, with a .pub beside it).
    If another signoff made one at the same instant, that one is used."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tui.core.records.files import make_private_dirs

    make_private_dirs(path.parent)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                            serialization.NoEncryption())
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    blob = public_blob(raw)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(tmp, path)  # fails if a key is already there: never replace a key
    except FileExistsError:
        os.unlink(tmp)
        raise
    os.unlink(tmp)
    pub = path.with_name(path.name + ".pub")
    fd = os.open(pub, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "w") as handle:
        handle.write(public_line(blob, "signoff") + "\n")
    return KeySigner(blob, key)
