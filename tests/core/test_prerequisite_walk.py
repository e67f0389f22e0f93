"""Every shipped flow, every answer path: no irreversible step can be ticked before its
prerequisites, every irreversible step has one (or a stated reason), and the refusal
names exactly what is missing and lifts exactly when the wait has passed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import islice
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.records import store_at
from tui.core.engine import Wizard
from tui.core.flows.graph import answer_paths
from tui.core.flows.loader import load_library
from tui.core.flows.model import Flow, Library, StepUse
from tui.core.gates import StepBlocked, blocked
from tui.core.records.record import Status, StepEntry
from tui.core.run import Run

MAX_PATHS_PER_FLOW = 500
"""The biggest shipped flow has 90 paths; the bound keeps a runaway flow from hanging."""
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=365)


@cache
def library() -> Library:
    return load_library([REPO / "flows"])


def flows() -> list[Flow]:
    return sorted(library().flows.values(), key=lambda f: f.id)


def paths(flow: Flow) -> list[dict[str, str]]:
    return list(islice(answer_paths(flow), MAX_PATHS_PER_FLOW))


def entries(uses: list[StepUse], applying: set[str], done: set[str],
            at: datetime = LONG_AGO) -> dict[str, StepEntry]:
    out = {}
    for use in uses:
        sid = use.step.id
        status: Status = ("not-applicable" if sid not in applying else "done" if sid in done
                          else "pending")
        out[sid] = StepEntry(sid, sid, status, at if status == "done" else None)
    return out


@pytest.mark.parametrize("flow", flows(), ids=lambda f: f.id)
def test_every_irreversible_step_is_covered_on_every_answer_path(flow: Flow) -> None:
    """A backup or prepare step (phase "prepare") that applies comes first, or the step
    says why there is none."""
    for answers in paths(flow):
        applying = {u.step.id for u in flow.steps if u.applies(answers)}
        prepare = {u.step.id for u in flow.steps if u.step.phase == "prepare"}
        for use in flow.steps:
            if use.step.id in applying and use.step.irreversible:
                covered = any(p.step in applying & prepare for p in use.after)
                assert covered or use.step.no_backup_reason, (
                    f"{flow.id} {answers}: {use.step.id} has nothing to wait for")


@pytest.mark.parametrize("flow", flows(), ids=lambda f: f.id)
def test_the_refusal_names_exactly_the_missing_prerequisite(flow: Flow) -> None:
    uses = list(flow.steps)
    ids = [u.step.id for u in uses]
    for answers in paths(flow):
        applying = {u.step.id for u in uses if u.applies(answers)}
        for use in uses:
            if use.step.id not in applying:
                continue
            pres = [p for p in use.after if p.step in applying]
            everything = applying - {use.step.id}
            assert blocked(use, entries(uses, applying, everything), NOW) is None, (
                f"{flow.id} {answers}: {use.step.id} refused with every step done")
            for pre in pres:
                assert ids.index(pre.step) < ids.index(use.step.id), "placed before it"
                found = blocked(use, entries(uses, applying, everything - {pre.step}), NOW)
                assert found is not None and found.missing == (pre.step,), (
                    f"{flow.id} {answers}: {use.step.id} without {pre.step}")
                if pre.wait_hours:
                    just_now = entries(uses, applying, everything)
                    just_now[pre.step].at = NOW
                    found = blocked(use, just_now, NOW)
                    assert found is not None and found.until == NOW + timedelta(
                        hours=pre.wait_hours)
                    later = NOW + timedelta(hours=pre.wait_hours)
                    assert blocked(use, just_now, later) is None


@pytest.mark.parametrize("flow", flows(), ids=lambda f: f.id)
def test_a_run_refuses_every_irreversible_step_ticked_first(flow: Flow, tmp_path: Path
                                                            ) -> None:
    """Through the real Run and its store: tick each irreversible step before anything
    else, on every answer path; it must be refused unless its flow says why it needs no
    backup, and then the record still says pending."""
    store = store_at(tmp_path / "records")
    for answers in paths(flow):
        wizard = Wizard(library(), [flow.platform, flow.surface, flow.goal])
        while (prompt := wizard.current()) is not None:
            wizard.answer(answers[prompt.key.split(":", 1)[1]])
        run = Run.start(store, wizard, lang="en")
        for step, entry in run.items():
            if not step.irreversible or step.no_backup_reason:
                continue
            with pytest.raises(StepBlocked):
                run.tick(step.id)
            assert entry.status == "pending"
        run.close()


def test_the_audits_gates_are_in_the_shipped_flows() -> None:
    """The waits the audit asked for (AUDIT-2026-12 D2; telegram lost-device), with the
    hours their official pages give."""
    def after(flow_id: str, step_id: str) -> dict[str, int]:
        use = next(u for u in library().flows[flow_id].steps if u.step.id == step_id)
        return {p.step: p.wait_hours for p in use.after}

    offboard = "wecom-admin-offboard-employee"
    assert after(offboard, "check-transfer-complete") == {"transfer-while-active": 24}
    assert after(offboard, "check-takeover-status") == {"inherit-customers": 24}
    assert {"check-transfer-complete", "transfer-groups-while-active",
            "save-mailbox-before-deleting", "hand-over-admin-roles"} <= set(
        after(offboard, "delete-member"))
    for phone in ("android", "ios"):
        lost = f"telegram-{phone}-lost-device"
        assert after(lost, "fresh-session-wait-new-phone") == {"log-in-with-new-sim": 24}
        assert after(f"whatsapp-{phone}-lost-device", "whatsapp.reregister-number") == {
            "common.lock-sim": 0}
        device = "iphone" if phone == "ios" else "android"
        for platform in ("whatsapp", "wechat", "telegram"):
            assert after(f"{platform}-{phone}-lost-device", f"common.erase-lost-{device}") == {
                f"common.lock-lost-{device}": 0}
