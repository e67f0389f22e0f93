"""Three admins, one bare git repository (#20 item 4): each finishes runs on their own
machine and syncs; two push at the same moment, one is offline and syncs late. A fresh
clone then verifies every operator's chain and signatures against the team's
allowed_signers. Real git, real ssh-keygen, the real program."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.plain.test_plain_mode import _env

pytestmark = pytest.mark.slow

FINISH = "1\n1\n1\n1\nd\nd\nd\nd\n"


def _signoff(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], input=stdin,
                          capture_output=True, text=True, cwd=REPO, env=_env(home),
                          timeout=120)


def _git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def _admin(tmp_path: Path, name: str, bare: Path) -> Path:
    home = tmp_path / name
    home.mkdir()
    _git("clone", "--quiet", str(bare), str(home / "team"))
    for _ in range(2):
        out = _signoff(home, "--plain", "--operator", name, stdin=FINISH)
        assert out.returncode == 0, out.stdout + out.stderr
    return home


def test_three_operators_one_trail(tmp_path: Path) -> None:
    bare = tmp_path / "team.git"
    _git("init", "--quiet", "--bare", "-b", "main", str(bare))
    ann, bo, cy = (_admin(tmp_path, name, bare) for name in ("ann", "bo", "cy"))
    signers = tmp_path / "allowed_signers"
    signers.write_text("".join(_signoff(h, "keys", "show").stdout for h in (ann, bo, cy)))

    both = [subprocess.Popen([sys.executable, "-m", "tui", "sync", str(h / "team"),
                              "--operator", h.name], cwd=REPO, env=_env(h),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for h in (ann, bo)]  # at the same moment: one push is refused, then rebased
    for proc in both:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, out + err
        assert out.startswith("synced 2 record(s)"), out
    again = _signoff(ann, "sync", str(ann / "team"), "--operator", "ann")
    assert again.returncode == 0 and again.stdout.startswith("nothing new to sync")
    more = _signoff(ann, "--plain", "--operator", "ann", stdin=FINISH)  # ann goes on working
    assert more.returncode == 0, more.stderr
    assert _signoff(ann, "sync", str(ann / "team"), "--operator", "ann").returncode == 0

    late = _signoff(cy, "sync", str(cy / "team"), "--operator", "cy")  # offline until now
    assert late.returncode == 0, late.stderr
    audit = tmp_path / "audit"
    _git("clone", "--quiet", str(bare), str(audit))
    result = _signoff(ann, "verify", "--team", str(audit), "--signers", str(signers))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "OK 3 operator(s)"
    assert sorted(int(line.split(": ")[1].split()[0]) for line in lines[:-1]) == [2, 2, 3]
    assert sorted(line.split(" (")[1].split(")")[0] for line in lines[:-1]) == ["ann", "bo", "cy"]
    assert len(_git("log", "--format=%H", cwd=audit).split()) == 4, "one commit per sync"

    forged = audit / "operators" / sorted(p.name for p in (audit / "operators").iterdir())[0]
    (forged / "note.txt").write_text("a colleague's folder, written by someone else\n")
    _git("add", ".", cwd=audit)
    _git("-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "-m", "x", cwd=audit)
    unsigned = _signoff(ann, "verify", "--team", str(audit), "--signers", str(signers))
    assert unsigned.returncode == 1 and "not signed by a trusted key (git says N)" in \
        unsigned.stdout
    _git("reset", "-q", "--hard", "HEAD~1", cwd=audit)

    head = next(line.split("head ")[1] for line in lines if ": 3 records" in line)
    held = _signoff(ann, "verify", "--team", str(audit), "--signers", str(signers),
                    "--expect", head)
    assert held.returncode == 0, held.stdout

    rewrite = tmp_path / "rewrite"  # someone force-pushes the trail without ann's last sync
    _git("clone", "--quiet", str(bare), str(rewrite))
    ann_last = _git("log", "--format=%H", "-n", "1", "--author=ann", cwd=rewrite).strip()
    _git("-c", "user.name=m", "-c", "user.email=m@m", "rebase", "--quiet", "--onto",
         f"{ann_last}~1", ann_last, cwd=rewrite)
    _git("push", "--quiet", "--force", "origin", "main", cwd=rewrite)
    later = tmp_path / "later"
    _git("clone", "--quiet", str(bare), str(later))
    rewritten = _signoff(ann, "verify", "--team", str(later), "--signers", str(signers),
                         "--expect", head)
    assert rewritten.returncode == 1
    assert f"no operator's chain holds the head {head} written down earlier" in \
        rewritten.stdout

    record = next((audit / "operators").glob("*/2*.toml"))
    record.write_bytes(record.read_bytes().replace(b"done", b"skipped", 1))
    tampered = _signoff(ann, "verify", "--team", str(audit), "--signers", str(signers))
    assert tampered.returncode == 1 and "FAILED 3 operator(s)" in tampered.stdout


def test_sync_and_team_verify_refuse_bad_input_in_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "plain-folder").mkdir()
    out = _signoff(tmp_path, "sync", str(tmp_path / "plain-folder"))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "is not a git working tree; clone the team repository there first" in out.stderr
    out = _signoff(tmp_path, "verify", "--team", str(tmp_path / "plain-folder"))
    assert out.returncode == 2 and "needs --signers FILE" in out.stderr
