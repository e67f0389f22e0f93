"""Provides the user's settings file (config.toml in the config folder).

Missing file means defaults; a broken file is one clear sentence, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.reports.due import DEFAULT_EVERY_DAYS

if TYPE_CHECKING:
    from tui.core.records.signing import Keys
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
    signing_key: str | None = None
    """[signing] key: the OpenSSH Ed25519 key that signs records (default: one signoff
    makes in its config folder)."""
    operator: str = ""
    """[operator] name: who runs signoff here, when --operator does not say."""


def config_file() -> Path:
    return config_dir() / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_file()
    if not path.exists():
        return Settings()
    import tomllib  # here, not at the top: most people have no config file to parse

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
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
    signing, operator = data.get("signing", {}), data.get("operator", {})
    key, name = signing.get("key") if isinstance(signing, dict) else 0, \
        operator.get("name", "") if isinstance(operator, dict) else 0
    if not (key is None or (isinstance(key, str) and key)) or not isinstance(name, str):
        raise ConfigError(f'{path}: [signing] key and [operator] name are text, e.g. '
                          'key = "~/.ssh/id_ed25519"')
    return Settings(every, {str(k): int(v) for k, v in platforms.items()},
                    {str(k): v for k, v in keys.items()}, key, name.strip())


def signing_keys() -> Keys:
    """Where records' signing key comes from; config.toml is read only when a run is
    finished (or `keys show` asks), never at start."""
    from tui.core.records.signing import Keys, KeyUnavailable

    def configured() -> str | None:
        try:
            return load_settings().signing_key
        except ConfigError as exc:
            raise KeyUnavailable(str(exc)) from exc

    return Keys(config_dir(), configured)


def named_operator() -> str:
    """config.toml's [operator] name ("" when unset, or when the file is broken: the
    run then asks, or records the login name, rather than failing)."""
    try:
        return load_settings().operator
    except ConfigError:
        return ""


def default_operator() -> str:
    """Who is running signoff when --operator does not say: config.toml's [operator]
    name, else the login name at this host."""
    return named_operator() or login_operator()


def login_operator() -> str:
    """The OS login name at this host, e.g. ana@laptop: who ran a real run when nobody
    was named."""
    import getpass
    import socket

    try:
        login = getpass.getuser()
    except (OSError, KeyError):
        login = "unknown"
    return f"{login}@{socket.gethostname() or 'localhost'}"
