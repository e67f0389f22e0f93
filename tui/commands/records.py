"""Provides `signoff history | show | export | verify | paths`: records as text."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TextIO

from tui.commands.errors import CommandError as CommandError
from tui.commands.errors import report_damaged as report_damaged
from tui.commands.out_file import check_out_file, write_out_file
from tui.config import Settings
from tui.core.flows.model import Step
from tui.core.records.record import Record
from tui.core.records.scans import Preread
from tui.core.records.store import RecordStore, Selection, StoreError
from tui.core.records.summary import Summary
from tui.core.reports.due import Due, Waiting
from tui.core.reports.export import matches
from tui.core.safe_text import literal
from tui.i18n import t, words_for
from tui.runtime.gc_pause import without_gc


def history(store: RecordStore, as_json: bool, lang: str = "en") -> str:
    """`signoff history` as one text (tests; the command streams it: write_history)."""
    from tui.commands.history import write_history

    out = io.StringIO()
    write_history(store, as_json, out, lang)
    return out.getvalue().removesuffix("\n")


def find(store: RecordStore, record_id: str) -> Record:
    """The record with this id, or the only one whose id starts with it."""
    if not record_id or not all(c.isascii() and (c.isalnum() or c == "-") for c in record_id) \
            or len(record_id) > 80:
        raise CommandError(f'"{record_id[:80]}" is not a record id (ids look like '
                           "20261122-105501-whatsapp-3f2a; 'signoff history' lists them)")
    try:
        return store.load(record_id)
    except StoreError:
        pass
    found = [p for p in store.files() if p.stem.startswith(record_id)]
    if not found:
        raise CommandError(f'no record matches "{record_id}"; \'signoff history\' lists the ids')
    if len(found) > 1:
        raise CommandError(f'"{record_id}" matches {len(found)} records; give more of the id '
                           "('signoff history' lists them)")
    return store.load_file(found[0])


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f'{option} "{text}" is not a date like 2026-11-22') from exc


def shown_texts(store: RecordStore) -> Callable[[Record], Mapping[str, Step]]:
    """Each record's steps as its run showed them, from the texts it names (read once
    per texts file)."""
    steps_for = step_texts(store)
    return lambda record: steps_for(record.texts)


def step_texts(store: RecordStore) -> Callable[[str | None], Mapping[str, Step]]:
    """The steps a texts file holds, by its hash (read once per file)."""
    from tui.core.records.texts import TextsCache

    return TextsCache(store.root).steps_for


def select_for_export(store: RecordStore, *, since: str | None, until: str | None,
                      platform: str | None, mode: str | None, subject: str | None) -> Selection:
    """The records an export's filters choose; damaged files are named on stderr."""
    first, last = _day(since, "--since"), _day(until, "--until")
    chosen = store.select(lambda s: matches(s, since=first, until=last, platform=platform,
                                            mode=mode, subject=subject),
                          workers=2)  # forks only where no thread runs (not in the app)
    report_damaged(chosen.damaged)
    return chosen


@without_gc
def export(store: RecordStore, *, fmt: str, out: str | None, since: str | None,
           until: str | None, platform: str | None, mode: str | None, subject: str | None,
           redact: bool, to: TextIO, lang: str = "en") -> None:
    """Write the export to `out`, or to `to` when there is no `out`, a record at a time
    as it is read (see export.chunks), in two processes where it is large
    (export_write.py). Its verify picks the records as it reads each file (picks.py)
    unless the index holds no folder overview yet: then every summary is read first,
    which leaves one behind."""
    from tui.commands.export_write import Output, write_export
    from tui.core.records.head import current_witness
    from tui.core.records.picks import Picks, overview_kept

    if fmt == "xlsx" and out is None:
        raise CommandError("an xlsx export is a file, not text for the screen; "
                           "give it a name with --out FILE.xlsx")
    first, last = _day(since, "--since"), _day(until, "--until")
    target = Path(out) if out is not None else None
    if target is not None:
        check_out_file(target)  # before the verify: a wrong name is said at once

    def keep(summary: Summary) -> bool:
        return matches(summary, since=first, until=last, platform=platform, mode=mode,
                       subject=subject)

    head = current_witness(store.root)
    preread: Preread
    if overview_kept(store):
        every = not (first or last or platform or mode or subject)  # matches() keeps all
        preread = picks = Picks(store, None if every else keep, raw=False)
        _, verdict = verify(store, lang, keep=picks)  # picks the records as it reads them
        names, damaged = picks.chosen()
        report_damaged(damaged)
    else:
        chosen = select_for_export(store, since=since, until=until, platform=platform,
                                   mode=mode, subject=subject)
        names, preread = chosen.names, chosen.preread
        _, verdict = verify(store, lang, keep=preread)  # reads each chosen file once
    output = Output(store, names, preread, fmt=fmt, redact=redact, head=head,
                    verified=verdict.splitlines()[-1], lang=lang, texts=step_texts(store))
    try:
        write_export(output, target, to)
    except OSError as exc:
        if target is None:
            raise
        raise CommandError(f"cannot write {target} ({exc.strerror})") from exc
    if target is not None:
        sys.stderr.write(f"signoff: wrote {len(names)} record(s) to {target}.\n")


def verify(store: RecordStore, lang: str = "en", *, signers: str | None = None,
           expect: str | None = None, keep: Preread | None = None,
           workers: int = 2) -> tuple[bool, str]:
    """`signoff verify` and every export: the chain, the head and every signature checked
    against `signers` (an allowed_signers file), else the local key, and `expect`, a
    head written down earlier; the last line is the verdict (tui/verdict.py)."""
    from tui.core.records.head import parse_witness
    from tui.core.records.signatures import SignersError, read_allowed_signers
    from tui.verdict import verdict

    witness = None
    if expect is not None and (witness := parse_witness(expect)) is None:
        raise CommandError(f'--expect "{expect[:80]}" is not a head like 12:3f2a9c0d1e2b4c5d '
                           "(place, colon, the hash's first hex digits)")
    trusted = None
    if signers is not None:
        try:
            trusted = read_allowed_signers(Path(signers))
        except SignersError as exc:
            raise CommandError(str(exc)) from exc
    return verdict(store, lang, trusted, witness, cached=signers is None, keep=keep,
                   workers=workers)


def keys_show(store: RecordStore, identity: str) -> tuple[str, str]:
    """The signing key as an allowed_signers line (for stdout, so it can go straight
    into a file), and its fingerprint and file (for stderr). The key is made now if it
    does not exist yet: it is the one the next finished run will use."""
    from tui.core.records.signing import KeyUnavailable
    from tui.core.records.sshsig import fingerprint, public_line

    assert store.keys is not None
    try:
        blob = store.keys.signer().blob
    except KeyUnavailable as first:  # e.g. encrypted and no agent: its public half will do
        try:
            blob = store.keys.public_blob()
        except KeyUnavailable:
            raise CommandError(str(first)) from first
    principal = "".join("_" if c.isspace() or c in ',"*?!' else c for c in identity)
    return (f'{principal} namespaces="signoff" {public_line(blob)}',
            f"signoff: key {fingerprint(blob)} ({store.keys.path()}).")


@without_gc
def report(store: RecordStore, *, by: str, mode: str | None, since: str | None,
           until: str | None, fmt: str, lang: str = "en", class_name: str | None = None) -> str:
    from tui.core.reports.report import StepRow, build_report, report_csv, report_markdown

    first, last = _day(since, "--since"), _day(until, "--until")
    chosen = store.select(lambda s: matches(s, since=first, until=last, mode=mode,
                                            class_name=class_name))
    report_damaged(chosen.damaged)
    steps: list[StepRow] = []
    rows = build_report(chosen.records, by, step_titles(lang), steps)  # a record at a time
    if fmt == "md":
        return report_markdown(rows, by, words_for(("rp.",), lang), steps)
    return report_csv(rows, by)


def step_titles(lang: str) -> Callable[[str, str, str], str]:
    """Step titles in `lang` from the flow library (a report of runs made in English
    reads in Chinese with --lang zh); a step the library no longer has keeps the title
    its record kept."""
    from tui.core.flows.cache import load_library_cached
    from tui.core.reports.report import library_titles
    from tui.paths import builtin_flows_dir, cache_dir, user_flows_dir

    library = load_library_cached([builtin_flows_dir(), user_flows_dir()], cache_dir())
    return library_titles(library, lang)


def _ics_texts(items: list[Due], lang: str) -> dict[str, tuple[str, str]]:
    """Each reminder's summary and description in `lang`, naming the platform as the
    app does (its name from the flow library, else its id)."""
    from tui.core.flows.cache import load_library_cached
    from tui.paths import builtin_flows_dir, cache_dir, user_flows_dir

    library = load_library_cached([builtin_flows_dir(), user_flows_dir()], cache_dir())
    texts = {}
    for item in items:
        platform = library.platforms.get(item.platform)
        name = platform.name.get(lang) if platform else item.platform
        texts[item.platform] = (t("due.ics_summary", lang, name=name),
                                t("due.ics_description", lang, name=name,
                                  platform=item.platform))
    return texts


def _waiting_line(item: Waiting) -> str:
    """"DUE  wecom  run 2026…-wecom-1a2b can go on since 2026-11-24 10:00 (resume with …)"."""
    state, verb = ("DUE", "can go on since") if item.ready else ("wait", "waits until")
    return (f"{state:<4} {item.platform:<10} run {item.record_id} {verb} "
            f"{item.until:%Y-%m-%d %H:%M} (signoff resume {item.record_id})"
            + (f"  for {item.who}" if item.who else ""))


@without_gc
def due(store: RecordStore, settings: Settings, ics: str | None, lang: str = "en") -> str:
    from tui.core.records.store import local_now
    from tui.core.reports.due import reviews_due, to_ics, waiting_runs

    found = store.summaries()
    report_damaged(found.damaged)
    now = local_now()
    items = reviews_due(found.items, now.date(), settings.review_every_days,
                        settings.review_per_platform)
    waiting = waiting_runs(store.open_runs().records, now)
    calendar = to_ics(items, now, _ics_texts(items, lang), waiting) if ics else None
    if ics and calendar is not None:
        write_out_file(Path(ics), calendar)
    lines = [literal(_waiting_line(w), keep_newlines=False) for w in waiting]
    if not items:
        said = [*lines, t("due.none", lang)]
        if ics and calendar is None:
            said[-1] += " " + t("due.no_calendar", lang)
        elif ics:
            said.append(literal(t("due.ics_written", lang, path=ics), keep_newlines=False))
        return "\n".join(said)
    for item in items:
        state = t("due.due" if item.is_due(now.date()) else "due.ok", lang)
        last = t("due.last_review", lang, date=f"{item.last_review:%Y-%m-%d}") \
            if item.last_review else t("due.never", lang)
        signout = t("due.last_signout", lang, date=f"{item.last_signout:%Y-%m-%d}") \
            if item.last_signout else ""
        lines.append(literal(t("due.line", lang, state=state, platform=item.platform,
                               due=f"{item.due:%Y-%m-%d}", days=item.every_days, last=last,
                               signout=signout), keep_newlines=False))
    if ics and calendar is not None:
        lines.append(literal(t("due.ics_written", lang, path=ics), keep_newlines=False))
    return "\n".join(lines)
