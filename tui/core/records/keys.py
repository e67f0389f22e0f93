"""Provides Keys: where the records' signing key comes from, kept once found.

Every front end makes one before its first frame or prompt (the record store holds
it), but only a finish, `keys show` or a check of the local key ever reads the key.
So this module imports nothing of the signing code (tui.core.records.signing: the
SSH formats, hashlib, the ssh-agent socket); the first method that needs the key
imports it then.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.records.signing import Signer

DEFAULT_KEY = "signing-key"
"""The key signoff makes for itself, in its config folder (with DEFAULT_KEY.pub)."""


class Keys:
    """Where the signing key comes from; read on first need, then kept.

    `configured` returns the `[signing] key` path from config.toml (None if unset); it
    is called only when a key is needed, so starts never read the settings for it."""

    def __init__(self, home: Path, configured: Callable[[], str | None] = lambda: None,
                 agent: str | None = None) -> None:
        self.home = home
        self.configured = configured
        self.agent = agent if agent is not None else os.environ.get("SSH_AUTH_SOCK")
        self._signer: Signer | None = None
        self._lock = threading.Lock()
        self._warming: threading.Timer | None = None

    def warm(self, delay: float = 1.0) -> None:
        """Import cryptography and read (or make) the key on a daemon thread, `delay`
        seconds from now: the first finish in a process then costs what every later one
        does (the import alone is about 50 ms). Errors wait for the finish to report."""
        if self._signer is not None or self._warming is not None:
            return

        def work() -> None:
            with contextlib.suppress(Exception):
                self.signer()

        self._warming = threading.Timer(delay, work)
        self._warming.daemon = True
        self._warming.start()

    def path(self) -> Path:
        chosen = self.configured()
        return Path(chosen).expanduser() if chosen else self.home / DEFAULT_KEY

    def try_signer(self) -> tuple[Signer | None, str]:
        """The signer, or why there is none (the record is then saved unsigned)."""
        from tui.core.records.signing import KeyUnavailable

        try:
            return self.signer(), ""
        except KeyUnavailable as exc:
            return None, str(exc)
        except (OSError, ValueError) as exc:
            return None, f"the signing key cannot be used ({exc})"

    def signer(self, create: bool = True) -> Signer:
        """The signer, made (for signoff's own key) on first need when `create`."""
        with self._lock:
            return self._find(create)

    def _find(self, create: bool) -> Signer:
        from tui.core.records.signing import KeyUnavailable, create_key, private_signer

        if self._signer is not None:
            return self._signer
        path = self.path()
        if not path.exists() and path == self.home / DEFAULT_KEY and create:
            try:
                self._signer = create_key(path)
                return self._signer
            except FileExistsError:
                pass  # another signoff made it just now: use theirs
            except OSError as exc:
                raise KeyUnavailable(f"cannot make a signing key in {self.home} "
                                     f"({exc.strerror})") from exc
        if not path.exists():
            raise KeyUnavailable(f"the signing key {path} does not exist")
        self._signer = private_signer(path, self.agent)
        return self._signer

    def public_blob(self) -> bytes:
        """The key's public half, without making a key or asking the agent to sign."""
        from tui.core.records.signing import KeyUnavailable, openssh_public
        from tui.core.records.sshsig import SignatureError, parse_public_line

        path = self.path()
        pub = path if path.suffix == ".pub" else path.with_name(path.name + ".pub")
        with contextlib.suppress(OSError, SignatureError):
            return parse_public_line(pub.read_text(encoding="ascii").strip())
        try:
            blob = openssh_public(path.read_bytes())
        except OSError as exc:
            raise KeyUnavailable(f"the signing key {path} cannot be read "
                                 f"({exc.strerror})") from exc
        if blob is None:
            raise KeyUnavailable(f"the signing key {path} is not an OpenSSH key")
        return blob

    def fingerprint(self) -> str:
        from tui.core.records.sshsig import fingerprint

        return fingerprint(self.public_blob())
