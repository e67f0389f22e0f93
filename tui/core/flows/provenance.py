"""Provides the reading of a step's sources and the rules that make them auditable.

A security checklist is only as good as the pages behind it, so every source says what
kind of page it is, and the loader refuses what a careful reviewer would reject: a
`high` rating with no official page behind it, a site's front page instead of the page
that says it, an http:// address with no reason given, and sites known to publish
invented or machine-written instructions (the deny list kept beside the flows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from tui.core.flows.checker import Checker, show_path
from tui.core.flows.files import DENY_FILE
from tui.core.flows.model import SOURCE_KINDS, Source, SourceKind
from tui.core.flows.toml_lines import KeyPath

SOURCE_REQUIRED = {"url", "checked", "kind"}
SOURCE_OPTIONAL = {"title", "excerpt", "http_reason"}
MAX_EXCERPT = 400
"""An excerpt is the sentence that supports the step, not a copy of the page."""


def read_deny_list(folders: Iterable[Path]) -> frozenset[str]:
    """The domains named in every folder's deny list ('#' starts a comment)."""
    domains: set[str] = set()
    for folder in folders:
        try:
            text = (folder / DENY_FILE).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # missing, unreadable or not text: no entries
            continue
        for line in text.splitlines():
            entry = line.split("#", 1)[0].strip().lower()
            if entry:
                domains.add(entry)
    return frozenset(domains)


def denied(host: str, deny: frozenset[str]) -> str | None:
    """The deny-list entry that `host` falls under (itself or a parent domain)."""
    host = host.lower().rstrip(".")
    parts = host.split(".")
    for n in range(len(parts) - 1):
        candidate = ".".join(parts[n:])
        if candidate in deny:
            return candidate
    return None


def read_sources(check: Checker, table: dict[str, Any], path: KeyPath,
                 deny: frozenset[str]) -> list[Source]:
    """Every source of one step, each checked on its own."""
    sources: list[Source] = []
    for n, item in enumerate(check.array(table, "sources", path)):
        where = (*path, "sources", n)
        if not isinstance(item, dict):
            check.report(where, f"{show_path(where)} must be a table",
                         '{ url = "https://…", checked = 2026-11-22, kind = "official-help" }')
            continue
        source = _source(check, item, where, deny)
        if source is not None:
            sources.append(source)
    if "sources" in table and not any(s.url.startswith("https://") for s in sources):
        check.report((*path, "sources"), f"{show_path(path)} has no https source",
                     "cite at least one official https:// page the step comes from")
    return sources


def _source(check: Checker, item: dict[str, Any], where: KeyPath,
            deny: frozenset[str]) -> Source | None:
    before = len(check.problems)
    check.keys(item, where, SOURCE_REQUIRED, SOURCE_OPTIONAL)
    url, checked = check.string(item, "url", where), check.date(item, "checked", where)
    kind = check.choice(item, "kind", where, SOURCE_KINDS)
    excerpt = check.string(item, "excerpt", where) or ""
    reason = check.string(item, "http_reason", where) or ""
    if len(excerpt) > MAX_EXCERPT:
        check.report((*where, "excerpt"), f"{show_path(where)} excerpt is {len(excerpt)} "
                     "characters long", f"quote only the supporting sentence (≤ {MAX_EXCERPT})")
    if url and not re.match(r"^https?://\S+$", url):
        check.report(where, f'{show_path(where)} url "{url}" is not a web address',
                     "give the full https:// address of the page")
    elif url:
        _check_address(check, where, url, reason, deny)
    if len(check.problems) > before or not (url and checked and kind):
        return None
    return Source(url, checked, check.string(item, "title", where) or "",
                  cast(SourceKind, kind), excerpt, reason)


def _check_address(check: Checker, where: KeyPath, url: str, http_reason: str,
                   deny: frozenset[str]) -> None:
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query and not parts.fragment:
        check.report((*where, "url"), f'{show_path(where)} url "{url}" is a site\'s front '
                     "page, not the page that says it",
                     "cite the exact page (its full address), or drop the source")
    if parts.scheme == "http" and not http_reason:
        check.report((*where, "url"), f'{show_path(where)} url "{url}" is http:// only',
                     'use the https:// address, or add http_reason = "…" saying why not')
    hit = denied(parts.hostname or "", deny)
    if hit:
        check.report((*where, "url"), f'{show_path(where)} cites {parts.hostname}, which is on '
                     f"the deny list ({hit} in {DENY_FILE})",
                     "cite the vendor's own help page instead")


def check_confidence(check: Checker, path: KeyPath, confidence: str | None,
                     sources: list[Source]) -> None:
    """`high` means the vendor itself says so; anything less is at most `medium`."""
    if confidence == "high" and sources and not any(s.official for s in sources):
        check.report((*path, "confidence"), f"{show_path(path)} is rated high but cites no "
                     "official source", 'cite the vendor\'s help or API page (kind = '
                     '"official-help" or "official-api"), or rate it medium')
