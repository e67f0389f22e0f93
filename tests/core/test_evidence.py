"""`export --format evidence`: a folder an auditor checks with ssh-keygen and sha256sum
alone, exactly as its VERIFY.md says."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.records import counter, finished_run, fixture_library, stepping_clock
from tui import cli
from tui.config import signing_keys
from tui.core.engine import Wizard
from tui.core.records.store import RecordStore
from tui.core.run import Run

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("ssh-keygen") is None or
                                 shutil.which("sha256sum") is None,
                                 reason="needs ssh-keygen (openssh-client) and sha256sum")]


def _evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, RecordStore]:
    store = RecordStore(tmp_path / "records", now=stepping_clock(), suffix=counter(),
                        keys=signing_keys())
    store.ensure()
    library = fixture_library()
    finished_run(store, library, operator="ann")
    finished_run(store, library, operator="ann")
    Run.start(store, Wizard(library, ["demo", "web", "shared-computer", "no"]), lang="en")
    out = tmp_path / "evidence"
    assert cli.main(["export", "--format", "evidence", "--out", str(out),
                     "--operator", "ann@example.org"]) == 0
    assert "wrote 2 record(s)" in capsys.readouterr().err
    return out, store


def _sh(command: str, folder: Path, stdin: bytes | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["sh", "-c", command], cwd=folder, input=stdin, capture_output=True,
                          timeout=60)


def test_ssh_keygen_checks_the_evidence_as_verify_md_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, store = _evidence(tmp_path, capsys)
    records = sorted(p.name for p in out.glob("2*.toml"))
    assert len(records) == 2, "finished records only; the open run is not signed yet"
    guide = (out / "VERIFY.md").read_text()
    assert _sh("sha256sum -c SHA256SUMS", out).returncode == 0
    loop = guide.split("```sh\n")[2].split("```")[0]
    assert "for f in *.toml" in loop
    checked = _sh(loop, out)
    assert checked.returncode == 0 and b"BAD" not in checked.stdout
    assert checked.stdout.count(b'Good "signoff" signature for ann@example.org') == 3
    one = records[0]
    single = guide.split("```sh\n")[3].split("```")[0]
    assert one in single and _sh(single, out).returncode == 0
    raw = bytearray((out / one).read_bytes())
    raw[raw.index(b"outcome = ") + 11] ^= 0x01
    (out / one).write_bytes(bytes(raw))
    assert _sh(single, out).returncode != 0, "a one-byte edit is rejected"
    assert _sh("sha256sum -c SHA256SUMS", out).returncode != 0
    two = out / records[1]
    last = two.read_bytes().splitlines(keepends=True)
    digest = hashlib.sha256(b"".join(last[:-1])).hexdigest()
    assert last[-1] == f'hash = "{digest}"\n'.encode(), "head -n -1 FILE | sha256sum"
    assert (out / "chain-head.toml").read_bytes() == \
        (store.root / "chain-head.toml").read_bytes()


def test_evidence_never_overwrites_and_needs_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = _evidence(tmp_path, capsys)
    before = sorted(p.name for p in out.iterdir())
    assert cli.main(["export", "--format", "evidence", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an empty folder" in err
    assert sorted(p.name for p in out.iterdir()) == before
    assert cli.main(["export", "--format", "evidence"]) == 2
    assert "--out DIR" in capsys.readouterr().err


def test_the_evidence_carries_the_step_texts_the_records_name(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The texts a record names (by hash, inside the signed bytes) travel with it, and
    sha256sum -c checks them; an edited texts file fails it."""
    out, _ = _evidence(tmp_path, capsys)
    texts = sorted((out / "texts").glob("*.toml"))
    assert len(texts) == 1, "two runs of one flow version share one texts file"
    digest = texts[0].stem
    assert all(f'texts = "{digest}"'.encode() in p.read_bytes() for p in out.glob("2*.toml"))
    assert f"  texts/{digest}.toml" in (out / "SHA256SUMS").read_text()
    assert "Ends the session." in (out / "report.md").read_text()
    assert _sh("sha256sum -c SHA256SUMS", out).returncode == 0
    texts[0].write_bytes(texts[0].read_bytes().replace(b"Ends the session.", b"Ends nothing!!!."))
    assert _sh("sha256sum -c SHA256SUMS", out).returncode != 0


def test_evidence_refuses_a_link_to_an_empty_folder_saying_it_is_a_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused before too, but said "already exists and is not an empty folder" of a
    link to an empty one, which sent the reader looking for files that were not there."""
    _evidence(tmp_path, capsys)
    empty = tmp_path / "empty"
    empty.mkdir()
    link = tmp_path / "link"
    link.symlink_to(empty)
    assert cli.main(["export", "--format", "evidence", "--out", str(link)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a symbolic link" in err, err
    assert list(empty.iterdir()) == []
