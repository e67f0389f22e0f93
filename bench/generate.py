"""Fast generators for bench/run.py: N valid records, N valid flows.

Records: up to 100 real records are made by the real Wizard and Run
(bench/make_records.py, in memory), then cloned with new ids and times, sealed with
the real `seal` in chain order and signed with the key of the bench's config folder
(beside the records folder), so `signoff verify` accepts the folder. Cloning skips
the walk through a flow, so 100,000 records take about a minute.

Flows: the WhatsApp folder copied under new platform ids, until there are N flows on
top of the shipped library's catalogue.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from make_records import made_records, write_chain

from tui.core.records.keys import Keys
from tui.core.records.record import Record
from tui.core.records.sshsig import fingerprint
from tui.core.records.texts import TEXTS_DIR
from tui.paths import builtin_flows_dir

GENERATOR_VERSION = "4"
MARKER = ".bench-generated"


def _templates(count: int, root: Path) -> list[Record]:
    """Template records; the step texts files they name are copied into `root`."""
    with tempfile.TemporaryDirectory() as tmp:
        records = list(made_records(min(count, 100), Path(tmp)))
        texts = Path(tmp) / TEXTS_DIR
        if texts.is_dir():
            (root / TEXTS_DIR).mkdir(mode=0o700, exist_ok=True)
            for path in texts.glob("*.toml"):
                shutil.copyfile(path, root / TEXTS_DIR / path.name)
        return records


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
    write_chain(_clones(_templates(count, root), count), root, signer)
    (root / MARKER).write_text(f"{GENERATOR_VERSION} {count}{tag}")
    return root


def _clones(templates: list[Record], count: int) -> Iterator[Record]:
    """`count` copies of the templates in time order, with new ids, times and names."""
    clock = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    for n in range(count):
        template = templates[n % len(templates)]
        clock += timedelta(seconds=7 + n % 50)
        delta = clock - template.started
        yield replace(
            template, id=f"{clock:%Y%m%d-%H%M%S}-{template.platform}-{n:06x}", started=clock,
            finished=template.finished + delta if template.finished else None,
            operator=f"operator {n % 7}", subject=f"employee {n % 13}",
            steps=[replace(s, at=s.at + delta if s.at else None) for s in template.steps])


FLOWS_TAG = " titles"
"""Flows made before each copy's titles named its platform have problems: remade."""


def _own_titles(text: str, platform: str) -> str:
    """Schema 2 reports a step written twice (define it once and `use` it), so each
    copy's step titles name its platform, and every copied step stays distinct."""
    text = text.replace('title = { en = "', f'title = {{ en = "{platform}: ')
    return text.replace('title.en = "', f'title.en = "{platform}: ')


def make_flows(count: int, root: Path) -> Path:
    """A user flow folder holding `count` flows (each a copy of a WhatsApp flow under a
    new platform id); load it after the shipped folder."""
    if _reuse_or_clear(root, count, tag=FLOWS_TAG):
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
        text = _own_titles(text, platform)
        (folder / "platform.toml").write_text(text, encoding="utf-8")
        for path in flow_files[: count - made]:
            text = path.read_text(encoding="utf-8")
            text = text.replace('id = "whatsapp-', f'id = "{platform}-')
            text = text.replace('platform = "whatsapp"', f'platform = "{platform}"')
            text = text.replace('"whatsapp.', f'"{platform}.')
            text = _own_titles(text, platform)
            (folder / path.name).write_text(text, encoding="utf-8")
            made += 1
        copy += 1
    (root / MARKER).write_text(f"{GENERATOR_VERSION} {count}{FLOWS_TAG}")
    return root
