"""Fast generators for bench/run.py: N valid records, N valid flows.

Records: one real record per shipped flow is written through the real Run and
RecordStore (bench/make_records.py), then cloned with new ids and times and sealed
with the real `seal` in chain order and signed with the key of the bench's config
folder (beside the records folder), so `signoff verify` accepts the folder. 100,000
records take well under a minute this way instead of about 20 minutes.

Flows: the WhatsApp folder copied under new platform ids, until there are N flows on
top of the shipped library's catalogue.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tui.core.records.head import write_head
from tui.core.records.record import GENESIS, Record, seal
from tui.core.records.signing import Keys, sign
from tui.core.records.sshsig import fingerprint
from tui.core.records.store import RecordStore
from tui.core.records.texts import TEXTS_DIR
from tui.paths import builtin_flows_dir

GENERATOR_VERSION = "3"
MARKER = ".bench-generated"


def _templates(count: int) -> tuple[list[Record], dict[str, bytes]]:
    """Template records, and the step texts files they name (texts/HASH.toml)."""
    import make_records

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "records"
        with contextlib.redirect_stdout(io.StringIO()):
            make_records.main(min(count, 100), root)
        records = RecordStore(root).scan(use_index=False).records
        texts = {p.name: p.read_bytes() for p in (root / TEXTS_DIR).glob("*.toml")}
    return [replace(r, chain=None) for r in records], texts


def _reuse_or_clear(root: Path, count: int, mode: int = 0o777, tag: str = "") -> bool:
    """True when an earlier run left exactly this data; otherwise an empty folder."""
    marker = root / MARKER
    if marker.exists() and marker.read_text() == f"{GENERATOR_VERSION} {count}{tag}":
        return True
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, mode=mode)
    return False


def make_records(count: int, root: Path) -> Path:
    """A folder of `count` finished records forming one valid chain (reused when an
    earlier run left exactly that, signed by the same key)."""
    signer = Keys(root.parent / "config").signer()
    tag = f" {fingerprint(signer.blob)}"
    if _reuse_or_clear(root, count, mode=0o700, tag=tag):
        return root
    templates, texts = _templates(count)
    if texts:
        (root / TEXTS_DIR).mkdir(mode=0o700)
        for name, raw in texts.items():
            (root / TEXTS_DIR / name).write_bytes(raw)
    clock = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    prev, last_id = GENESIS, ""
    for n in range(count):
        template = templates[n % len(templates)]
        clock += timedelta(seconds=7 + n % 50)
        delta = clock - template.started
        record_id = f"{clock:%Y%m%d-%H%M%S}-{template.platform}-{n:06x}"
        clone = replace(
            template, id=record_id, started=clock,
            finished=template.finished + delta if template.finished else None,
            operator=f"operator {n % 7}", subject=f"employee {n % 13}",
            steps=[replace(s, at=s.at + delta if s.at else None) for s in template.steps])
        done, raw = seal(replace(clone, key=fingerprint(signer.blob)), n + 1, prev)
        assert done.chain is not None
        prev, last_id = done.chain.hash, record_id
        fd = os.open(root / f"{record_id}.toml", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        (root / f"{record_id}.toml.sig").write_bytes(sign(signer, raw))
    if count:
        write_head(root, {"seq": count, "hash": prev, "record": last_id, "pending": False},
                   signer)
    (root / MARKER).write_text(f"{GENERATOR_VERSION} {count}{tag}")
    return root


def make_flows(count: int, root: Path) -> Path:
    """A user flow folder holding `count` flows (each a copy of a WhatsApp flow under a
    new platform id); load it after the shipped folder."""
    if _reuse_or_clear(root, count):
        return root
    source = builtin_flows_dir() / "whatsapp"
    flow_files = sorted(p for p in source.glob("*.toml") if p.name != "platform.toml")
    made, copy = 0, 0
    while made < count:
        platform = f"bench{copy:03d}"
        folder = root / platform
        folder.mkdir()
        text = (source / "platform.toml").read_text(encoding="utf-8")
        text = text.replace('id = "whatsapp"', f'id = "{platform}"')
        text = text.replace("order = 1", f"order = {100 + copy}")
        (folder / "platform.toml").write_text(text, encoding="utf-8")
        for path in flow_files[: count - made]:
            text = path.read_text(encoding="utf-8")
            text = text.replace('id = "whatsapp-', f'id = "{platform}-')
            text = text.replace('platform = "whatsapp"', f'platform = "{platform}"')
            text = text.replace('"whatsapp.', f'"{platform}.')
            (folder / path.name).write_text(text, encoding="utf-8")
            made += 1
        copy += 1
    (root / MARKER).write_text(f"{GENERATOR_VERSION} {count}")
    return root
