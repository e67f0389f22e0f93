"""Provides Run: a checklist being worked through, saved on every change.

Both front ends call the same methods, so a tick means the same thing in the app and in
the plain mode, and every change reaches the store before the caller is told it is
saved. If saving fails (disk full, read-only folder), the change is kept in memory,
`unsaved` says so, and the next change tries again; nothing already on disk is harmed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

from tui import __version__
from tui.core.engine import Wizard
from tui.core.flow_change import FlowChange, step_digest
from tui.core.flows.model import Flow, Library, Step
from tui.core.gates import StepBlocked, waiting_until
from tui.core.records.record import Mode, Outcome, Record, Status, StepEntry, dumps
from tui.core.records.saver import BackgroundSaver, Later
from tui.core.records.store import MAX_RECORD_BYTES, RecordStore, RunLock, StoreError
from tui.core.run_gates import Prerequisites
from tui.core.safe_text import storable

MAX_TEXT_BYTES = MAX_RECORD_BYTES - 20_000
"""A record in progress may grow to this; the rest is room for the seal and the key."""
MAX_SEEN = 200
"""An app version, a system or what someone saw instead is a line, not a report."""

SaveState = Literal["saved", "queued", "failed"]
"""What became of a change: on disk; handed to the background saver, whose listener
hears when it is on disk; or not saved (`Run.unsaved` says why, the next change tries
again)."""


class ResumeError(Exception):
    """A run that cannot be continued (its flow is gone or no longer fits)."""


class Run(Prerequisites):
    def __init__(self, store: RecordStore, wizard: Wizard, record: Record) -> None:
        assert wizard.flow is not None
        self.store = store
        self.library = wizard.library
        self.wizard = wizard
        """The walk that led here, built once; going back from the checklist walks it."""
        self.flow: Flow = wizard.flow
        self.record = record
        self.unsaved: StoreError | None = None
        self._lock: RunLock | None = None
        self._saver: BackgroundSaver | None = None

    # -- starting ---------------------------------------------------------------------
    @classmethod
    def start(cls, store: RecordStore, wizard: Wizard, *, lang: str, mode: Mode = "real",
              operator: str = "", subject: str = "", class_name: str = "",
              seat: str = "", fields: dict[str, str] | None = None) -> Run:
        flow = wizard.flow
        assert flow is not None and wizard.complete
        record = Record(id=store.new_id(flow.platform), flow_id=flow.id,
                        flow_hash=flow.content_hash, platform=flow.platform,
                        surface=flow.surface, goal=flow.goal, lang=lang, started=store.now(),
                        mode=mode, operator=storable(operator), subject=storable(subject),
                        answers=wizard.answers, app_version=__version__,
                        class_name=storable(class_name) or None,
                        seat=storable(seat) or None,
                        fields={k: storable(v) for k, v in (fields or {}).items()})
        run = cls(store, wizard, record)
        run._lock = store.lock_run(record.id)
        run._lay_out(wizard.answers, FlowChange())
        run.save()
        if store.keys is not None:
            store.keys.warm()  # the finish signs: have the key ready by then
        return run

    @classmethod
    def resume(cls, store: RecordStore, library: Library, record_id: str) -> tuple[Run, FlowChange]:
        """Continue a run; its lock is taken before it is read, so two signoffs can never
        both hold (and overwrite) the same run."""
        lock = store.lock_run(record_id)
        try:
            run, change = cls._reopen(store, library, record_id)
        except BaseException:
            lock.release()
            raise
        run._lock = lock
        if store.keys is not None:
            store.keys.warm()
        return run, change

    @classmethod
    def _reopen(cls, store: RecordStore, library: Library, record_id: str
                ) -> tuple[Run, FlowChange]:
        record = store.load(record_id)
        if record.outcome != "in-progress":
            raise ResumeError(f"run {record_id} is already finished ({record.outcome})")
        flow = library.flows.get(record.flow_id)
        if flow is None:
            raise ResumeError(f"the flow {record.flow_id} of run {record_id} no longer exists")
        wizard = Wizard.for_flow(library, flow, record.answers)
        if not wizard.complete:
            raise ResumeError(f"the questions of {record.flow_id} changed; run {record_id} "
                              "cannot be resumed (it stays in history)")
        run = cls(store, wizard, record)
        change = FlowChange()
        run._lay_out(wizard.answers, change)
        record.flow_hash = flow.content_hash
        return run, change

    def _lay_out(self, answers: dict[str, str], change: FlowChange) -> None:
        """(Re)build the step entries for these answers, keeping every tick whose step is
        unchanged; a step whose text changed goes back to pending."""
        old = {entry.id: entry for entry in self.record.steps}
        applicable = {s.id for s in self.flow.applicable_steps(answers)}
        entries: list[StepEntry] = []
        for use in self.flow.steps:
            step, digest = use.step, step_digest(use.step)
            entry = old.pop(step.id, None)
            if entry is None:
                if self.record.steps:
                    change.added.append(step.title.get(self.record.lang))
                entry = StepEntry(step.id, step.title.get(self.record.lang), digest=digest)
            elif entry.digest and entry.digest != digest:
                if entry.status in ("done", "skipped"):
                    change.changed.append(step.title.get(self.record.lang))
                entry = StepEntry(step.id, step.title.get(self.record.lang), digest=digest,
                                  note=entry.note)
            if step.id not in applicable:
                entry.status = "not-applicable"
            elif entry.status == "not-applicable":
                entry.status = "pending"
            entries.append(entry)
        for gone in old.values():
            if gone.status in ("done", "skipped"):
                change.removed.append(gone.title)
                entries.append(gone)
        self.record.steps = entries
        self.record.answers = dict(answers)

    def reanswer(self) -> SaveState:
        """The person went back and answered again: same flow, the checklist for the
        answers the wizard holds now. Written only if an answer changed."""
        assert self.wizard.flow is self.flow and self.wizard.complete
        if self.wizard.answers == self.record.answers:
            return "saved"
        self._lay_out(self.wizard.answers, FlowChange())
        return self.save()

    # -- working through the steps ----------------------------------------------------
    def items(self) -> list[tuple[Step, StepEntry]]:
        """The applicable steps in order, each with its entry in the record."""
        by_id = {entry.id: entry for entry in self.record.steps}
        return [(use.step, by_id[use.step.id]) for use in self.flow.steps
                if by_id[use.step.id].status != "not-applicable"]

    def save_in_background(self, saved: Callable[[StoreError | None], object],
                           wake_later: Later | None = None) -> None:
        """From now on a change is written on a thread of its own (see BackgroundSaver),
        so the screen can show it at once; `saved` is called on that thread once a change
        is on disk, or failed to be. Finishing and closing wait for it first.
        `wake_later`: when to wake that thread after a change (BackgroundSaver.submit)."""
        def done(_ticket: int, error: StoreError | None) -> None:
            self.unsaved = error
            saved(error)

        if self._saver is not None:
            self._saver.close()  # the old listener hears of its own writes, then no more
        self._saver = BackgroundSaver(self.store, done, wake_later)

    def save(self) -> SaveState:
        """Write the record now, or hand it to the background saver once there is one."""
        self.record.waiting_until = waiting_until(self.flow.steps, self._entries())
        if self._saver is not None:
            self._saver.submit(self.record)
            return "queued"
        return self._save_now()

    def _save_now(self) -> SaveState:
        try:
            self.store.save(self.record)
        except StoreError as exc:
            self.unsaved = exc
            return "failed"
        self.unsaved = None
        return "saved"

    @property
    def saving(self) -> bool:
        """A background save is still under way."""
        return self._saver is not None and self._saver.busy

    def next_to_do(self, step_id: str) -> str | None:
        """The first step still to do after `step_id`, going round the list: where the
        checklist's cursor moves after a tick or a skip."""
        ids = [step.id for step, _ in self.items()]
        if step_id not in ids:
            return None
        at = ids.index(step_id)
        return next((i for i in ids[at + 1:] + ids[:at]
                     if self.record.step(i).status == "pending"), None)

    def write_soon(self) -> None:
        """Have a background save that is waiting for a pause in changes start now."""
        if self._saver is not None:
            self._saver.hurry()

    def settle(self) -> bool:
        """Wait until the file on disk holds what is in memory; one more try if the last
        save failed. True when it does."""
        if self._saver is not None:
            self.unsaved = self._saver.flush()
        return self._save_now() == "saved" if self.unsaved is not None else True

    def stop(self) -> Literal["saved", "partly", "nothing"]:
        """Stop here: write what is owed, then say honestly what is on disk. "partly":
        an earlier save is on disk but the latest changes are not; "nothing": no file
        of this run exists (its very first save failed)."""
        if self.settle():
            return "saved"
        return "partly" if self.store.path_for(self.record.id).exists() else "nothing"

    def _touch(self, step_id: str) -> StepEntry:
        entry = self.record.step(step_id)
        self.record.ticks += 1
        entry.seq = self.record.ticks
        entry.at = self.store.now()
        return entry

    def set_status(self, step_id: str, status: Status, reason: str = "") -> SaveState:
        """Raises StepBlocked for a tick done before the step's prerequisites (the front
        ends ask `blocked` first, to say why)."""
        if status == "done" and (found := self.blocked(step_id)) is not None:
            raise StepBlocked(found)
        entry = self._touch(step_id)
        entry.status, entry.reason = status, storable(reason) if status == "skipped" else ""
        if status == "pending":
            entry.at = None
        return self.save()

    def tick(self, step_id: str) -> SaveState:
        return self.set_status(step_id, "done")

    def skip(self, step_id: str, reason: str) -> SaveState:
        if not reason.strip():
            raise ValueError("a skipped step needs a reason")
        if not self.fits(step_id, reason=reason):
            raise ValueError("the reason is too long for the record")
        return self.set_status(step_id, "skipped", reason.strip())

    def fits(self, step_id: str, *, note: str | None = None, reason: str | None = None) -> bool:
        """Whether the record, with this note or skip reason, stays small enough for
        every reader (`show`, history, verify) to read back. Checked when the text is
        typed: a record saved too large to read was a record lost."""
        entry = self.record.step(step_id)
        trial = replace(entry, note=entry.note if note is None else note.strip(),
                        reason=entry.reason if reason is None else reason.strip())
        steps = [trial if e is entry else e for e in self.record.steps]
        return len(dumps(replace(self.record, steps=steps))) <= MAX_TEXT_BYTES

    def note(self, step_id: str, text: str) -> SaveState:
        """A note does not change when the step was ticked."""
        if not self.fits(step_id, note=text):
            raise ValueError("the note is too long for the record")
        self.record.step(step_id).note = storable(text.strip())
        return self.save()

    def mismatch(self, step_id: str, flag: bool = True, *, app: str = "", os_name: str = "",
                 instead: str = "") -> SaveState:
        """'This step did not match my app': kept so flows can be corrected, with the app
        version, the operating system and what the person saw instead when they say
        (`signoff feedback` collects them). Clearing the flag clears what they said."""
        if max(len(app), len(os_name), len(instead)) > MAX_SEEN:
            raise ValueError(f"what was seen is longer than {MAX_SEEN} characters")
        entry = self.record.step(step_id)
        entry.mismatch = flag
        entry.seen_app, entry.seen_os, entry.seen_instead = (
            (storable(app.strip()), storable(os_name.strip()), storable(instead.strip()))
            if flag else ("", "", ""))
        return self.save()

    # -- progress and the end -----------------------------------------------------------
    def progress(self) -> tuple[int, int, int]:
        """(done, skipped, total applicable)."""
        entries = [entry for _, entry in self.items()]
        done = sum(e.status == "done" for e in entries)
        skipped = sum(e.status == "skipped" for e in entries)
        return done, skipped, len(entries)

    def pending_required(self) -> list[Step]:
        return [s for s, e in self.items() if e.status == "pending" and not s.optional]

    def rechecks(self) -> list[tuple[Step, datetime]]:
        """Steps with a time window, and when to look again (from when they were done)."""
        out = []
        for step, entry in self.items():
            if step.recheck and entry.status == "done" and entry.at is not None:
                out.append((step, entry.at + timedelta(hours=step.recheck.hours)))
        return out

    def finish(self, outcome: Outcome | None = None) -> Record:
        """Seal the record. A required step that waits for time keeps the run open
        instead (outcome stays in-progress, `waiting_until` says until when): the person
        comes back to it, and `signoff due` and the start screen say when."""
        if outcome is None:
            waiting = {step.id for step, _ in self.waits()}
            if any(step.id in waiting for step in self.pending_required()):
                self.save()
                self.close()
                return self.record
            outcome = "incomplete" if self.pending_required() else "completed"
        self.record.waiting_until = None
        if self._saver is not None:
            self._saver.close()  # an older, unsealed copy must never land after the seal
            self._saver = None
        self.record = self.store.finish(self.record, outcome, self._texts())
        self.close(finished=True)
        return self.record

    def _texts(self) -> bytes:
        """Every step of the record as the flow shows it now (both languages), for the
        record to keep by hash: what was followed, whatever the library does later."""
        from tui.core.records.texts import texts_bytes

        by_id = {use.step.id: use.step for use in self.flow.steps}
        return texts_bytes(by_id[e.id] for e in self.record.steps if e.id in by_id)

    def close(self, finished: bool = False) -> None:
        """Let another signoff resume this run (the lock also goes when the process
        ends), or this one: a front end that leaves a run closes it. Its saver's thread
        ends too; nothing more may be changed through this Run."""
        if self._saver is not None and not finished:
            self.settle()
            self._saver.close()
        if self._lock is not None:
            self._lock.release(remove=finished)
            self._lock = None
