"""Provides which files under a flow folder are flow files.

The loader reads exactly these files and the library cache is keyed on exactly these
files, so both ask here: if they disagreed, a new flow file could be missed by a
cache that still looked valid.
"""

from __future__ import annotations

from pathlib import Path


def flow_files(folder: Path) -> list[Path]:
    """Every *.toml file under `folder`, at any depth, in a stable order."""
    return sorted(p for p in folder.rglob("*.toml") if p.is_file())
