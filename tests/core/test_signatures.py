"""Signatures against the real OpenSSH: what signoff signs, `ssh-keygen -Y verify`
accepts (and rejects after a one-byte edit); what `ssh-keygen -Y sign` makes, signoff's
checker accepts. Keys from config.toml, made on first need, encrypted, or in ssh-agent."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.records import counter, finished_run, fixture_library, stepping_clock
from tui import cli
from tui.config import signing_keys
from tui.core.records.chain import verify_chain
from tui.core.records.keys import Keys
from tui.core.records.signatures import Trusted
from tui.core.records.sshsig import SignatureError, check, fingerprint, parse_public_line
from tui.core.records.store import HEAD_FILE, RecordStore

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("ssh-keygen") is None,
                                 reason="ssh-keygen (openssh-client) is not installed; "
                                 "scripts/test installs it")]


def _keygen(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["ssh-keygen", *args], input=stdin, capture_output=True,
                          timeout=30, env=env)


def _store(tmp_path: Path, keys: Keys | None = None) -> RecordStore:
    store = RecordStore(tmp_path / "records", now=stepping_clock(), suffix=counter(),
                        keys=keys or signing_keys())
    store.ensure()
    return store


def _allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str], identity: str) -> Path:
    assert cli.main(["keys", "show", "--operator", identity]) == 0
    line = capsys.readouterr().out
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(line)
    return allowed


def _ssh_verify(allowed: Path, identity: str, sig: Path, data: bytes
                ) -> subprocess.CompletedProcess[bytes]:
    return _keygen("-Y", "verify", "-f", str(allowed), "-I", identity, "-n", "signoff",
                   "-s", str(sig), stdin=data)


def test_ssh_keygen_verifies_a_record_and_the_head_and_rejects_a_one_byte_edit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    record = finished_run(store, fixture_library(), operator="ann@example.org")
    allowed = _allowed(tmp_path, capsys, "ann@example.org")
    path = store.path_for(record.id)
    sig = path.with_name(path.name + ".sig")
    good = _ssh_verify(allowed, "ann@example.org", sig, path.read_bytes())
    assert good.returncode == 0, good.stderr
    assert b'Good "signoff" signature for ann@example.org' in good.stdout
    head = store.root / HEAD_FILE
    assert _ssh_verify(allowed, "ann@example.org", head.with_name(HEAD_FILE + ".sig"),
                       head.read_bytes()).returncode == 0
    raw = bytearray(path.read_bytes())
    raw[raw.index(b"done")] = ord("D")
    assert _ssh_verify(allowed, "ann@example.org", sig, bytes(raw)).returncode != 0
    assert _ssh_verify(allowed, "mallory", sig, path.read_bytes()).returncode != 0
    wrong_ns = _keygen("-Y", "verify", "-f", str(allowed), "-I", "ann@example.org", "-n",
                       "git", "-s", str(sig), stdin=path.read_bytes())
    assert wrong_ns.returncode != 0


def test_the_checker_accepts_what_ssh_keygen_signs(tmp_path: Path) -> None:
    key = tmp_path / "id_ed25519"
    assert _keygen("-q", "-t", "ed25519", "-N", "", "-f", str(key)).returncode == 0
    message = tmp_path / "message.toml"
    message.write_bytes("id = \"x\"\n中文 and bytes \x00\xff".encode("utf-8", "surrogateescape"))
    made = _keygen("-Y", "sign", "-f", str(key), "-n", "signoff", str(message))
    assert made.returncode == 0, made.stderr
    armored = message.with_name("message.toml.sig").read_bytes()
    blob = parse_public_line(key.with_name("id_ed25519.pub").read_text())
    assert check(armored, message.read_bytes()) == blob
    with pytest.raises(SignatureError, match="does not match"):
        check(armored, message.read_bytes() + b" ")
    message.with_name("message.toml.sig").unlink()
    assert _keygen("-Y", "sign", "-f", str(key), "-n", "git", str(message)).returncode == 0
    with pytest.raises(SignatureError, match="namespace"):
        check(message.with_name("message.toml.sig").read_bytes(), message.read_bytes())


def test_the_key_made_on_first_need_is_private_and_ssh_keygen_reads_it(tmp_path: Path) -> None:
    os.umask(0o000)
    try:
        store = _store(tmp_path)
        record = finished_run(store, fixture_library())
    finally:
        os.umask(0o022)
    key = tmp_path / "config" / "signing-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700, "made 0700 even under umask 000"
    listed = _keygen("-l", "-f", str(key))
    assert listed.returncode == 0
    assert record.key is not None and record.key.encode() in listed.stdout


def test_a_key_named_in_config_signs_and_its_fingerprint_is_recorded(tmp_path: Path) -> None:
    key = tmp_path / "ssh" / "id_ed25519"
    key.parent.mkdir()
    assert _keygen("-q", "-t", "ed25519", "-N", "", "-f", str(key)).returncode == 0
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'[signing]\nkey = "{key}"\n')
    store = _store(tmp_path)
    record = finished_run(store, fixture_library())
    blob = parse_public_line(key.with_name("id_ed25519.pub").read_text())
    assert record.key == fingerprint(blob)
    assert _keygen("-l", "-f", str(key)).stdout.split()[1].decode() == record.key
    assert not (config / "signing-key").exists(), "no key of its own when one is named"
    report = verify_chain(store, Trusted({blob: "me"}, "test"))
    assert report.ok and report.signers == {blob}, [str(f) for f in report.findings]


def test_an_encrypted_key_without_an_agent_saves_the_record_unsigned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    key = tmp_path / "id_ed25519"
    assert _keygen("-q", "-t", "ed25519", "-N", "secret words", "-f", str(key)).returncode == 0
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f'[signing]\nkey = "{key}"\n')
    store = _store(tmp_path)
    record = finished_run(store, fixture_library())
    assert record.key is None and record.unsigned and "ssh-add" in record.unsigned
    assert store.load(record.id).unsigned == record.unsigned, "saved, and says why"
    assert not store.path_for(record.id).with_suffix(".toml.sig").exists()
    assert cli.main(["verify"]) == 1
    out = capsys.readouterr().out
    assert f"{record.id}: unsigned" in out and out.splitlines()[-1].startswith("FAILED")


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[dict[str, str]]:
    if shutil.which("ssh-agent") is None or shutil.which("ssh-add") is None:
        pytest.skip("ssh-agent is not installed")
    sock = tmp_path / "agent.sock"
    proc = subprocess.Popen(["ssh-agent", "-D", "-a", str(sock)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if sock.exists():
                break
            subprocess.run(["sleep", "0.05"])
        yield {**os.environ, "SSH_AUTH_SOCK": str(sock)}
    finally:
        proc.terminate()
        proc.wait()


def test_an_encrypted_key_held_by_ssh_agent_signs(tmp_path: Path, agent: dict[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    key = tmp_path / "id_ed25519"
    assert _keygen("-q", "-t", "ed25519", "-N", "secret words", "-f", str(key)).returncode == 0
    askpass = tmp_path / "askpass"
    askpass.write_text("#!/bin/sh\necho 'secret words'\n")
    askpass.chmod(0o700)
    added = subprocess.run(["ssh-add", str(key)], capture_output=True, stdin=subprocess.DEVNULL,
                           env={**agent, "SSH_ASKPASS": str(askpass),
                                "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"}, timeout=30)
    assert added.returncode == 0, added.stderr
    monkeypatch.setenv("SSH_AUTH_SOCK", agent["SSH_AUTH_SOCK"])
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f'[signing]\nkey = "{key}"\n')
    store = _store(tmp_path)
    record = finished_run(store, fixture_library())
    blob = parse_public_line(key.with_name("id_ed25519.pub").read_text())
    assert record.unsigned is None and record.key == fingerprint(blob)
    allowed = tmp_path / "allowed"
    allowed.write_text(f'ann namespaces="signoff" {key.with_name("id_ed25519.pub").read_text()}')
    path = store.path_for(record.id)
    assert _ssh_verify(allowed, "ann", path.with_name(path.name + ".sig"),
                       path.read_bytes()).returncode == 0


def test_verify_against_an_allowed_signers_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    library = fixture_library()
    first = finished_run(store, library)
    finished_run(store, library)
    allowed = _allowed(tmp_path, capsys, "ann")
    assert cli.main(["verify", "--signers", str(allowed)]) == 0
    assert "signed by 1 key(s)" in capsys.readouterr().out
    other = tmp_path / "other"
    assert _keygen("-q", "-t", "ed25519", "-N", "", "-f", str(other)).returncode == 0
    stranger = tmp_path / "stranger_signers"
    stranger.write_text(f'bob namespaces="signoff" {other.with_name("other.pub").read_text()}')
    assert cli.main(["verify", "--signers", str(stranger)]) == 1
    out = capsys.readouterr().out
    assert f"{first.id}: signed by an unknown key" in out
    assert "chain-head.toml: signed by an unknown key" in out
    git_only = tmp_path / "git_signers"
    git_only.write_text(allowed.read_text().replace('namespaces="signoff"', 'namespaces="git"'))
    assert cli.main(["verify", "--signers", str(git_only)]) == 2
    assert "no ssh-ed25519 key" in capsys.readouterr().err
