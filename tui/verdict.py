"""Provides `verdict`: what `verify` says of a records folder, worded in the person's
language, for the commands (`signoff verify`, every export) and the app's exports alike.

An export carries this verdict so that whoever reads it later can tell an export of a
folder whose records were changed from an export of a clean one. The app's exports
once carried only the chain head: made from a tampered folder, they looked clean.
One function for both front ends keeps their verdicts the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.safe_text import literal
from tui.i18n import t

if TYPE_CHECKING:
    from tui.core.records.head import Witness
    from tui.core.records.preread import Preread
    from tui.core.records.sigcache import SigCache
    from tui.core.records.signatures import Trusted
    from tui.core.records.store import RecordStore


def verdict(store: RecordStore, lang: str, trusted: Trusted | None = None,
            witness: Witness | None = None, *, cached: bool = True,
            keep: Preread | None = None, workers: int = 2) -> tuple[bool, str]:
    """Check the chain, the head and every signature (against `trusted`, else the local
    key); the findings, one line each, then the verdict as the last line. `cached`: good
    signatures may come from the signature cache (only for the local key). `keep`: an
    export's selection, handed the hashes of the files it chose as verify read them.
    `workers`: the files are read in two processes where that is safe (forked.py)."""
    from tui.core.records.chain import verify_chain
    from tui.core.records.signatures import Trusted, local_trust

    if trusted is None:
        trusted = local_trust(store.keys) or Trusted(source="the local key (none)")
    report = verify_chain(store, trusted, witness,
                          signature_cache(store, trusted) if cached else None, keep, workers)
    if report.ok:
        extra = t("verify.in_progress", lang, count=report.in_progress) \
            if report.in_progress else ""
        return True, t("verify.ok", lang, count=report.checked, extra=extra,
                       head=report.witness, keys=len(report.signers))
    lines = [literal(str(f), keep_newlines=False) for f in report.findings]
    lines.append(t("verify.failed", lang, count=len(report.findings), checked=report.checked,
                   head=report.witness))
    return False, "\n".join(lines)


def signature_cache(store: RecordStore, trusted: Trusted) -> SigCache | None:
    """The cache of good signatures, when the local key is the one trusted and can sign
    (its MAC key is derived from a signature: see sigcache.py)."""
    from tui.core.records.sigcache import SigCache

    if store.keys is None or store.index_dir is None or not trusted.keys:
        return None
    signer, _ = store.keys.try_signer()
    if signer is None or signer.blob not in trusted.keys:
        return None
    return SigCache(store.root, store.index_dir, signer)
