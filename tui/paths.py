"""Provides where signoff finds flows and keeps records; nothing else decides paths.

Environment overrides exist so that tests, synced folders and shared training
machines never have to touch a person's real data.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "signoff"


def builtin_flows_dir() -> Path:
    """The flow library shipped in the wheel, or the repository's flows/ in a checkout.

    The wheel puts flows/ beside this module, which is what importlib.resources would
    answer too, without importing its zip readers on every start."""
    packaged = Path(__file__).parent / "flows"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "flows"


def config_dir() -> Path:
    override = os.environ.get("SIGNOFF_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP))


def user_flows_dir() -> Path:
    """Extra flows a person adds; they override built-in ones with the same id."""
    return config_dir() / "flows"


def cache_dir() -> Path:
    """Where the checked flow library is cached (SIGNOFF_CACHE_DIR wins). Deleting it
    is always safe: it only makes the next start slower."""
    override = os.environ.get("SIGNOFF_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP))


def index_dir() -> Path:
    """Where the record index lives (one SQLite database per records folder): a cache,
    outside the records folder, so it never travels with the records."""
    return cache_dir() / "records-index"


def records_dir(override: str | None = None) -> Path:
    """--records-dir wins, then SIGNOFF_RECORDS_DIR, then the platform's data folder."""
    chosen = override or os.environ.get("SIGNOFF_RECORDS_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir(APP)) / "records"
