"""Provides the user's settings file (config.toml in the config folder).

Missing file means defaults; a broken file is one clear sentence, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.core.reports.due import DEFAULT_EVERY_DAYS
from tui.paths import config_dir


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Settings:
    review_every_days: int = DEFAULT_EVERY_DAYS
    """How often a routine review of each platform is due, in days."""
    review_per_platform: dict[str, int] = field(default_factory=dict)
    """Per-platform overrides, e.g. wechat = 30."""
    keys: dict[str, str] = field(default_factory=dict)
    """Remapped keys: binding id = "key[,key]", e.g. "checklist.tick" = "t"."""


def config_file() -> Path:
    return config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_file()
    if not path.exists():
        return Settings()
    import tomllib  # here, not at the top: most people have no config file to parse

    from tui.core.toml_text import loads

    try:
        data = loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read as TOML ({exc})") from exc
    reviews = data.get("reviews", {})
    every = reviews.get("every_days", DEFAULT_EVERY_DAYS)
    platforms = reviews.get("platforms", {})
    valid = isinstance(every, int) and not isinstance(every, bool) and every > 0 and \
        isinstance(platforms, dict) and all(isinstance(v, int) and v > 0
                                            for v in platforms.values())
    if not valid:
        raise ConfigError(f"{path}: [reviews] every_days and platforms.NAME must be whole "
                          "numbers of days above 0")
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) and v for v in keys.values()):
        raise ConfigError(f'{path}: [keys] maps binding ids to keys, e.g. "checklist.tick" = "t"')
    return Settings(every, {str(k): int(v) for k, v in platforms.items()},
                    {str(k): v for k, v in keys.items()})
