"""Provides `signoff export --format evidence --out DIR`: a folder an auditor checks
with OpenSSH and coreutils alone, without signoff.

It holds the chosen finished records and their signatures byte for byte, the chain
head and its signature, an allowed_signers file with the local key, the readable
Markdown report, SHA256SUMS, and VERIFY.md with the exact commands. Records still in
progress are left out: they are not sealed or signed yet.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from tui.core.records.files import HEAD_FILE, make_private_dirs
from tui.core.records.head import current_witness
from tui.core.records.record import Record
from tui.core.records.store import RecordStore
from tui.core.records.texts import TEXTS_DIR, TextsCache, texts_path
from tui.core.reports.export import to_markdown

SUMS = "SHA256SUMS"


class EvidenceError(Exception):
    """The evidence folder cannot be written; one sentence."""


def _copy(source: Path, folder: Path) -> str:
    """Copy a file byte for byte (never through a link); its name."""
    target = folder / source.name
    with open(source, "rb") as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst)
    return source.name


def _verify_md(identity: str, names: list[str], head: str, left_out: int) -> str:
    """VERIFY.md: what to run, in the order an auditor would."""
    one = names[0] if names else "RECORD.toml"
    lines = [
        "# How to check this evidence", "",
        f"Records: {len(names)}. Chain head when exported: `{head}`."
        + (f" {left_out} run(s) still in progress were left out (not signed yet)."
           if left_out else ""), "",
        "Everything below needs OpenSSH 8.2 or newer (`ssh-keygen`) and coreutils; "
        "signoff is not needed.", "",
        "1. Nothing in this folder changed since it was made:", "",
        "   ```sh", f"   sha256sum -c {SUMS}", "   ```", "",
        "2. Each record and the chain head were signed by the key in `allowed_signers`, "
        f'as "{identity}", for the namespace "signoff" (`Good "signoff" signature` '
        "for each; any edit, even one byte, fails):", "",
        "   ```sh",
        "   for f in *.toml; do",
        f'     ssh-keygen -Y verify -f allowed_signers -I "{identity}" -n signoff \\',
        '       -s "$f.sig" < "$f" || echo "BAD: $f"',
        "   done",
        "   ```", "",
        "   One record on its own:", "",
        "   ```sh",
        f'   ssh-keygen -Y verify -f allowed_signers -I "{identity}" -n signoff \\',
        f"     -s {one}.sig < {one}", "   ```", "",
        "3. Each record's own hash (its last line) covers every line above it, and each "
        "record names the hash of the one before it (`prev`):", "",
        "   ```sh",
        f"   head -n -1 {one} | sha256sum     # equals the hash on its last line",
        f"   tail -n 3 {one}                  # seq, prev, hash",
        "   ```", "",
        "4. Compare the head above, and `seq` and `hash` in `chain-head.toml`, with the "
        "head written down when the runs were finished (a ticket, an e-mail, a paper "
        "form). On the machine that keeps the records, `signoff verify --expect SEQ:HASH` "
        "proves the whole chain still holds that head.", "",
        "5. The step texts each record's run showed (both languages) are in "
        f"`{TEXTS_DIR}/HASH.toml`; a record names its file by `texts = \"HASH\"`, which "
        "its signature covers, and step 1 checked that each file still hashes to its "
        f"name (`sha256sum {TEXTS_DIR}/*.toml`).", "",
        "Each record names the fingerprint of the key that signed it "
        "(`key = \"SHA256:…\"`); compare it with the operator's key "
        "(`ssh-keygen -l -f THEIR_KEY.pub`) if you were given it another way.", "",
        "The readable report is `report.md`.", "",
    ]
    return "\n".join(lines)


def write_evidence(store: RecordStore, records: list[Record], out: Path, identity: str,
                   allowed_line: str) -> int:
    """Write the evidence folder; how many records went in."""
    if out.is_symlink():  # written through, the evidence would land where it points
        raise EvidenceError(f"{out} is a symbolic link, not an empty folder; "
                            "give a new folder for the evidence")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise EvidenceError(f"{out} already exists and is not an empty folder; "
                            "give a new folder for the evidence")
    finished = [r for r in records if r.chain is not None]
    head = current_witness(store.root)
    try:
        make_private_dirs(out)
        names = []
        for record in sorted(finished, key=lambda r: r.chain.seq if r.chain else 0):
            path = store.path_for(record.id)
            names.append(_copy(path, out))
            sig = path.with_name(path.name + ".sig")
            if sig.exists():
                _copy(sig, out)
        for name in (HEAD_FILE, HEAD_FILE + ".sig"):
            if (store.root / name).exists():
                _copy(store.root / name, out)
        digests = sorted({r.texts for r in finished if r.texts})
        if digests:  # the step texts the records name (and their signatures cover)
            make_private_dirs(out / TEXTS_DIR)
            for digest in digests:
                if texts_path(store.root, digest).exists():
                    _copy(texts_path(store.root, digest), out / TEXTS_DIR)
        (out / "allowed_signers").write_text(allowed_line + "\n", encoding="utf-8")
        # The report is made from the copied files, not from the index the selection
        # came through: it shows exactly the bytes the signatures cover.
        copied = [store.load_file(out / name) for name in names]
        texts = TextsCache(out)
        (out / "report.md").write_text(
            to_markdown(copied, head=head, shown=lambda r: texts.steps_for(r.texts)),
            encoding="utf-8")
        (out / "VERIFY.md").write_text(_verify_md(identity, names, head,
                                                  len(records) - len(finished)),
                                       encoding="utf-8")
        sums = []
        files = [n for n in os.listdir(out) if n != TEXTS_DIR]
        if digests:
            files += [f"{TEXTS_DIR}/{n}" for n in os.listdir(out / TEXTS_DIR)]
        for name in sorted(files):
            digest = hashlib.sha256((out / name).read_bytes()).hexdigest()
            sums.append(f"{digest}  {name}\n")
        (out / SUMS).write_text("".join(sums), encoding="utf-8")
    except OSError as exc:
        raise EvidenceError(f"cannot write the evidence folder {out} "
                            f"({exc.strerror})") from exc
    return len(finished)


def export_evidence(store: RecordStore, *, out: str | None, identity: str, since: str | None,
                    until: str | None, platform: str | None, mode: str | None,
                    subject: str | None) -> None:
    """`export --format evidence`: the filters as for any export, never redacted (an
    auditor checks the signed bytes, and redacting them would break the signatures)."""
    import sys

    from tui.commands.records import CommandError, keys_show, select_for_export

    if not out:
        raise CommandError("--format evidence writes a folder: give it with --out DIR")
    chosen = select_for_export(store, since=since, until=until, platform=platform, mode=mode,
                               subject=subject)
    line, _ = keys_show(store, identity)
    principal = line.split(" ", 1)[0]
    try:
        count = write_evidence(store, list(chosen.records), Path(out), principal, line)
    except EvidenceError as exc:
        raise CommandError(str(exc)) from exc
    sys.stderr.write(f"signoff: wrote {count} record(s) and how to check them to {out} "
                     "(see VERIFY.md there).\n")
