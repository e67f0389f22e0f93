"""Provides what the command line decided, as Options for a front end: the language,
the terminal's glyphs (ASCII, the Linux console), the records folder, the flows, and
whether the plain mode is wanted."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from tui.options import Options


def lang_of(args: argparse.Namespace) -> str:
    from tui.i18n import detect_lang

    return getattr(args, "lang", None) or detect_lang()


def flow_folders() -> list[Path]:
    from tui.paths import builtin_flows_dir, user_flows_dir

    return [builtin_flows_dir(), user_flows_dir()]


def locale_is_utf8(environ: Mapping[str, str], coerced: bool = False) -> bool:
    """Whether the locale (LC_ALL, then LC_CTYPE, then LANG) says the terminal speaks
    UTF-8. No locale at all is the C locale: ASCII. `coerced`: Python replaced a C
    locale with C.UTF-8 at start-up (PEP 538), so its LC_CTYPE is not the person's."""
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(var, "")
        if var == "LC_CTYPE" and coerced:
            continue
        if value:
            return "utf-8" in value.lower() or "utf8" in value.lower()
    return False


def _python_coerced_locale() -> bool:
    """Python turns on UTF-8 mode by itself only when it found the C or POSIX locale."""
    return bool(sys.flags.utf8_mode) and "PYTHONUTF8" not in os.environ \
        and "utf8" not in sys._xoptions


def _terminal(args: argparse.Namespace, lang: str) -> tuple[bool, bool, str, tuple[str, ...]]:
    """(ascii, console, language, warnings) for this terminal. The Linux text console
    and ASCII terminals cannot show Chinese: English, and one sentence if zh was asked."""
    console = os.environ.get("TERM", "") == "linux"
    ascii_only = bool(getattr(args, "ascii", False)) or not locale_is_utf8(
        os.environ, _python_coerced_locale())
    warnings: tuple[str, ...] = ()
    if (console or ascii_only) and lang == "zh":
        if getattr(args, "lang", None) == "zh":
            from tui.i18n import t

            warnings = (t("app.no_chinese_console" if console and not ascii_only
                          else "app.no_chinese_ascii", "en"),)
        lang = "en"
    return ascii_only, console, lang, warnings


def options_from(args: argparse.Namespace, *, app: bool = True) -> Options:
    """What the front end needs. Only the app reads config.toml (for its key map): the
    plain mode has no keys to remap, so it neither waits for nor trips over that file."""
    from tui.options import Options
    from tui.paths import records_dir

    ascii_only, console, lang, warnings = _terminal(args, lang_of(args))
    keymap: tuple[tuple[str, str], ...] = ()
    if app:
        from tui.config import settings_or_defaults

        # A file with problems is the start screen's one warning; here, the defaults.
        keymap = tuple(settings_or_defaults()[0].keys.items())
    return Options(
        lang=lang, records_dir=records_dir(getattr(args, "records_dir", None)),
        flow_dirs=tuple(flow_folders()),
        mode="practice" if getattr(args, "practice", False) else "real",
        operator=getattr(args, "operator", "") or "", ascii=ascii_only, console=console,
        present=bool(getattr(args, "present", False)),
        verbose=bool(getattr(args, "verbose", False)),
        class_name=getattr(args, "class_name", "") or "",
        seat=getattr(args, "seat", "") or "",
        no_color="NO_COLOR" in os.environ,
        run=(args.platform, args.surface, args.goal) if args.command == "run" else None,
        resume=getattr(args, "record_id", None) if args.command == "resume" else None,
        subject=getattr(args, "subject", None) or "" if args.command == "run" else "",
        fields=tuple(getattr(args, "fields", ())) if args.command == "run" else (),
        keymap=keymap, warnings=warnings,
    )


def wants_plain(args: argparse.Namespace) -> bool:
    """Plain when asked, or when there is no terminal to draw on (a browser tab under
    `signoff serve` has no terminal but draws through Textual's web driver)."""
    if getattr(args, "plain", False):
        return True
    if os.environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver"):
        return False
    if os.environ.get("TERM", "") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())
