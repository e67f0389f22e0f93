"""Provides the user's settings file (config.toml in the config folder).

Missing file means defaults. A file with any problem (not TOML, a value of the wrong
type or size, a key signoff does not know) is one clear sentence naming every problem,
and the defaults are used: never a traceback, never a typo silently ignored. What is
valid is said once, in tui/config.schema.json, which editors can use too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.core.reports.due import DEFAULT_EVERY_DAYS
from tui.paths import config_dir

if TYPE_CHECKING:
    from tui.core.records.keys import Keys

SCHEMA_FILE = Path(__file__).with_name("config.schema.json")
"""The JSON Schema of config.toml: the source of truth for what is valid."""


class ConfigError(Exception):
    """The settings file has problems: one sentence; the caller uses the defaults."""


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
    """The settings in `path` (default: config.toml); raises ConfigError, and nothing
    else, when the file cannot be used."""
    path = path or config_file()
    try:
        if not path.exists():
            return Settings()
    except OSError as exc:  # a config folder that cannot be entered (EACCES)
        raise ConfigError(f"{path} cannot be read ({exc.strerror})") from exc
    import tomllib  # here, not at the top: most people have no config file to parse

    from tui.core.toml_text import loads

    try:
        data = loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read as TOML ({exc})") from exc
    problems = schema_problems(data)
    if problems:
        raise ConfigError(f"{path}: {'; '.join(problems)}")
    reviews = data.get("reviews", {})
    return Settings(int(reviews.get("every_days", DEFAULT_EVERY_DAYS)),
                    {str(k): int(v) for k, v in reviews.get("platforms", {}).items()},
                    {str(k): str(v) for k, v in data.get("keys", {}).items()},
                    data.get("signing", {}).get("key"),
                    str(data.get("operator", {}).get("name", "")).strip())


def settings_or_defaults(path: Path | None = None) -> tuple[Settings, str]:
    """The settings, or the defaults and the one sentence saying why ("" if none)."""
    try:
        return load_settings(path), ""
    except ConfigError as exc:
        return Settings(), str(exc)


def schema_problems(data: dict[str, Any]) -> list[str]:
    """Every way `data` breaks config.schema.json, in words: unknown keys by name."""
    import json  # (with the schema: only when there is a file to check)

    from jsonschema import Draft202012Validator  # only when there is a file to check

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    problems = []
    for error in sorted(Draft202012Validator(schema).iter_errors(data),
                        key=lambda e: list(map(str, e.absolute_path))):
        where = ".".join(map(str, error.absolute_path))
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = error.schema.get("properties", {})
            for key in sorted(k for k in error.instance if k not in known):
                problems.append(f"unknown key {'.'.join(filter(None, (where, key)))}")
        else:
            problems.append(f"{where or 'the file'}: {error.message}")
    return problems


def signing_keys() -> Keys:
    """Where records' signing key comes from; config.toml is read only when a run is
    finished (or `keys show` asks), never at start."""
    from tui.core.records.keys import Keys

    def configured() -> str | None:
        from tui.core.records.signing import KeyUnavailable  # only when a key is wanted

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
