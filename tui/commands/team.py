"""Provides `signoff sync` and `signoff verify --team`: one audit trail for a team of
admins, kept in a git repository the team already runs (any remote git can reach).

Each operator's finished records, their signatures and their chain head are copied
byte for byte into a folder of their own, `operators/<key fingerprint>/`, of a git
working tree, committed (signed with the same SSH key, git's gpg.format=ssh) and pushed.
Nobody writes another operator's folder and record files are never changed once
written, so two admins cannot fork one chain and a merge cannot conflict: a push that
is refused because a colleague pushed first is rebased and pushed again. `verify
--team` checks each folder as the chain it is (seals, places, head, signatures against
the team's allowed_signers) and reports per operator.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tui.commands.records import CommandError
from tui.core.records.chain import verify_chain
from tui.core.records.files import HEAD_FILE
from tui.core.records.record import check_seal
from tui.core.records.store import RecordStore
from tui.core.records.texts import TEXTS_DIR
from tui.core.safe_text import literal
from tui.i18n import t

OPERATORS = "operators"
PUSH_TRIES = 8


def folder_name(fingerprint: str) -> str:
    """A key fingerprint (SHA256:base64) as a folder name on every file system."""
    return fingerprint.replace("SHA256:", "SHA256_").replace("/", "_").replace("+", "-")


def _git(team: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(["git", "-C", str(team), *args], capture_output=True, text=True,
                          env=env, timeout=300)
    if check and done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise CommandError(f"git {args[0]} failed in {team}: {literal(said)}")
    return done


def _copy_new(store: RecordStore, target: Path) -> int:
    """Copy finished records (and their .sig) not yet in `target`, then the head; a file
    already there with other bytes is a rewrite and stops the sync before any commit."""
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for name in store.names():
        raw = (store.root / name).read_bytes()
        if check_seal(raw) is None:
            continue  # still open: only finished records join the trail
        there = target / name
        if there.exists():
            if there.read_bytes() != raw:
                raise CommandError(f"{there} differs from the local record {name}; "
                                   "nothing was committed (one of them was changed)")
            continue
        for suffix in ("", ".sig"):
            if (store.root / (name + suffix)).exists():
                shutil.copyfile(store.root / (name + suffix), target / (name + suffix))
        copied += 1
    _copy_texts(store.root, target)
    for name in (HEAD_FILE, HEAD_FILE + ".sig"):
        if (store.root / name).exists():
            shutil.copyfile(store.root / name, target / name)
    return copied


def _copy_texts(root: Path, target: Path) -> None:
    """The step texts the records name (texts/HASH.toml), which their signatures cover:
    without them a record in the trail cannot show what was followed, and verify names
    it. Each file is named by its own hash, so one already there is the same file."""
    source = root / TEXTS_DIR
    if not source.is_dir():
        return
    (target / TEXTS_DIR).mkdir(exist_ok=True)
    for path in source.glob("*.toml"):
        if not (target / TEXTS_DIR / path.name).exists():
            shutil.copyfile(path, target / TEXTS_DIR / path.name)


def sync(store: RecordStore, team: str, *, identity: str, lang: str = "en") -> str:
    """Pull, copy this operator's new finished records in, commit signed, push (again
    after a rebase while a colleague's push got there first)."""
    root = Path(team)
    if _git(root, "rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
        raise CommandError(f"{literal(team)} is not a git working tree; clone the team "
                           "repository there first (git clone URL FOLDER)")
    assert store.keys is not None
    from tui.core.records.sshsig import fingerprint

    fp = fingerprint(store.keys.public_blob())
    has_remote = bool(_git(root, "remote").stdout.strip())
    branch = _git(root, "symbolic-ref", "--short", "HEAD").stdout.strip()
    # Every commit this makes is signed, also the ones a rebase makes again.
    signed = ("-c", "gpg.format=ssh", "-c", f"user.signingkey={store.keys.path()}",
              "-c", "commit.gpgsign=true", "-c", f"user.name={identity}",
              "-c", f"user.email={folder_name(fp)}@signoff")
    if has_remote and _remote_has(root, branch):
        _git(root, *signed, "pull", "--rebase", "--quiet", "origin", branch)
    copied = _copy_new(store, root / OPERATORS / folder_name(fp))
    _git(root, "add", "--", f"{OPERATORS}/{folder_name(fp)}")
    if _git(root, "diff", "--cached", "--quiet", check=False).returncode == 0:
        return literal(t("team.nothing", lang, who=identity, fp=fp), keep_newlines=False)
    _git(root, *signed, "commit", "-S", "--quiet", "-m",
         f"signoff: {copied} record(s) from {identity} ({fp})")
    if has_remote:
        for _ in range(PUSH_TRIES):
            if _git(root, "push", "--quiet", "origin", branch, check=False).returncode == 0:
                break
            _git(root, *signed, "pull", "--rebase", "--quiet", "origin", branch)
        else:
            raise CommandError(f"git push kept being refused in {literal(team)}; the commit "
                               "is kept there, run signoff sync again")
    return literal(t("team.synced", lang, count=copied, who=identity, fp=fp, team=team),
                   keep_newlines=False)


def _remote_has(root: Path, branch: str) -> bool:
    return bool(_git(root, "ls-remote", "--heads", "origin", branch).stdout.strip())


def verify_team(team: str, signers: str, lang: str = "en",
                expect: str | None = None) -> tuple[bool, str]:
    """Each operator's folder checked as its own chain, against the team's signers; and
    each folder signed only by the key it is named after. With `expect` (a head written
    down earlier, SEQ:HASH), one operator's chain must still hold it: a force-push that
    dropped or rewrote records after it is caught in any clone made afterwards."""
    from tui.core.records.head import parse_witness
    from tui.core.records.signatures import SignersError, read_allowed_signers
    from tui.core.records.sshsig import fingerprint

    try:
        trusted = read_allowed_signers(Path(signers))
    except SignersError as exc:
        raise CommandError(str(exc)) from exc
    witness = None
    if expect is not None and (witness := parse_witness(expect)) is None:
        raise CommandError(f'--expect "{literal(expect[:80])}" is not a head like '
                           "12:3f2a9c0d1e2b4c5d")
    base = Path(team) / OPERATORS
    folders = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    if not folders:
        raise CommandError(f"{literal(team)} has no {OPERATORS}/ folder with records "
                           "(nobody has synced yet, or it is not the team repository)")
    lines, ok = [], True
    for folder in folders:
        report = verify_chain(RecordStore(folder), trusted)
        name = f"{folder.name} ({literal(_operators(folder), keep_newlines=False)})"
        names = {folder_name(fingerprint(blob)) for blob in report.signers}
        if report.ok and names != {folder.name}:
            ok = False
            lines.append(t("team.op_other_key", lang, folder=name))
            continue
        if report.ok:
            lines.append(t("team.op_ok", lang, folder=name, count=report.checked,
                           head=report.witness))
            continue
        ok = False
        lines += [f"  {literal(str(f), keep_newlines=False)}" for f in report.findings]
        lines.append(t("team.op_failed", lang, folder=name, count=len(report.findings)))
    if witness is not None and not any(
            verify_chain(RecordStore(folder), None, witness).ok for folder in folders):
        ok = False
        lines.append(t("team.not_held", lang, head=expect))
    commits = check_commits(Path(team), Path(signers), lang)
    lines += commits
    ok = ok and not commits
    lines.append(t("team.ok" if ok else "team.failed", lang, count=len(folders)))
    return ok, "\n".join(lines)


def _operators(folder: Path) -> str:
    """The operator names the folder's records give (a fingerprint alone says nothing to
    an auditor); read without the index, which must not be written into a clone."""
    import tomllib

    from tui.core.toml_text import loads

    names: list[str] = []
    for path in sorted(folder.glob("2*.toml")):
        try:
            operator = loads(path.read_text(encoding="utf-8")).get("operator", "")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # verify names the damaged file
        if isinstance(operator, str) and operator and operator not in names:
            names.append(operator)
    return ", ".join(names) or "?"


def check_commits(team: Path, signers: Path, lang: str = "en") -> list[str]:
    """Every commit signed by a trusted key (git's own check, with the team's signers
    allowed the "git" namespace too) and touching only its signer's folder: a commit
    into a colleague's folder, or unsigned, is named."""
    import tempfile

    text = signers.read_text(encoding="utf-8")
    with tempfile.NamedTemporaryFile("w", suffix=".allowed", delete=False) as handle:
        handle.write(text.replace('namespaces="signoff"', 'namespaces="signoff,git"'))
    try:
        log = _git(team, "-c", f"gpg.ssh.allowedSignersFile={handle.name}", "log",
                   "--format=@%H %G? %GF", "--name-only").stdout
    finally:
        os.unlink(handle.name)
    problems: list[str] = []
    commit, owner = "", ""
    for line in log.splitlines():
        if line.startswith("@"):
            commit, status, *key = line[1:].split(" ")
            owner = folder_name(key[0]) if key and key[0] else ""
            if status != "G":
                problems.append(t("team.unsigned", lang, commit=commit[:12], status=status))
        elif line and owner and not line.startswith(f"{OPERATORS}/{owner}/"):
            problems.append(literal(t("team.outside", lang, commit=commit[:12], path=line),
                                    keep_newlines=False))
    return problems
