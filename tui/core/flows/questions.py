"""Provides the reading of a flow's questions and of the `when` that places a step
under some answers.

Schema 2 adds two shorthands that keep flows short without changing what the engine
walks: a question-level `next` (the question every option leads to unless the option
says otherwise), and `not` in `when` (every option but these). Both are resolved here,
so the model, the engine and the graph checks see plain option-level `next`s and sets
of allowed option ids, exactly as schema 1 wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tui.core.flows.checker import Checker, show_path
from tui.core.flows.model import Option, Question
from tui.core.flows.toml_lines import KeyPath


def read_questions(check: Checker, data: dict[str, Any], schema: int) -> dict[str, Question]:
    """Every question of a flow; an option without `next` follows its question's."""
    questions: dict[str, Question] = {}
    for qid, table in (check.table(data, "questions", ()) or {}).items():
        path: KeyPath = ("questions", qid)
        if not isinstance(table, dict):
            check.report(path, f"{show_path(path)} must be a table", f"write [questions.{qid}]")
            continue
        check.keys(table, path, {"text", "options"}, {"help", "next"} if schema >= 2
                   else {"help"})
        text, help_text = check.text(table, "text", path), check.text(table, "help", path)
        default_next = check.ident(table, "next", path) if "next" in table else None
        options: list[Option] = []
        seen: set[str] = set()
        raw_options = check.array(table, "options", path)
        if "options" in table and len(raw_options) < 2:
            check.report((*path, "options"), f"{show_path(path)} needs at least two options",
                         "add options, or drop the question if there is no choice")
        for n, item in enumerate(raw_options):
            where = (*path, "options", n)
            if not isinstance(item, dict):
                check.report(where, f"{show_path(where)} must be a table",
                             '{ id = "…", label = { en = "…", zh = "…" } }')
                continue
            check.keys(item, where, {"id", "label"}, {"next"})
            oid, label = check.ident(item, "id", where), check.text(item, "label", where)
            if oid in seen:
                check.report(where, f'duplicate option id "{oid}" in {show_path(path)}',
                             "give each option its own id")
            nxt = check.ident(item, "next", where) if "next" in item else default_next
            if oid and label and oid not in seen:
                options.append(Option(oid, label, nxt))
            seen.add(oid or "")
        if text:
            questions[qid] = Question(qid, text, tuple(options), help_text)
    return questions


def read_when(check: Checker, table: dict[str, Any], path: KeyPath,
              questions: Mapping[str, Question], schema: int) -> dict[str, frozenset[str]]:
    """Question id → the option ids under which the step applies. Schema 2 also takes
    `{ not = ["no"] }`: every option of that question except these (the question must
    still have been asked)."""
    raw = check.table(table, "when", path) or {}
    when: dict[str, frozenset[str]] = {}
    for qid, value in raw.items():
        where = (*path, "when", qid)
        if isinstance(value, dict) and schema >= 2:
            excluded = _excluded(check, value, where, questions.get(qid))
            if excluded is not None:
                asked = questions.get(qid)
                when[qid] = frozenset(o.id for o in asked.options
                                      if o.id not in excluded) if asked else frozenset()
            continue
        values: Iterable[Any] = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values) or not values:
            fix = f'write {qid} = "yes" or {qid} = ["yes", "maybe"]'
            check.report(where, f"{show_path(where)} must name option ids",
                         fix + (f' or {qid} = {{ not = ["no"] }}' if schema >= 2 else ""))
            continue
        when[qid] = frozenset(values)
    return when


def _excluded(check: Checker, value: dict[str, Any], where: KeyPath,
              asked: Question | None) -> set[str] | None:
    """The option ids a `{ not = [...] }` leaves out, each checked against the question."""
    check.keys(value, where, {"not"}, set())
    raw = value.get("not")
    items: list[Any] = raw if isinstance(raw, list) else [raw]
    if "not" not in value:
        return None
    if not items or not all(isinstance(v, str) for v in items):
        check.report((*where, "not"), f"{show_path((*where, 'not'))} must name option ids",
                     'write not = ["no"] or not = "no"')
        return None
    if asked is not None:
        known = {o.id for o in asked.options}
        for option_id in sorted(set(items) - known):
            check.report((*where, "not"), f'{show_path(where)} leaves out "{option_id}", which '
                         f"is not an option of {asked.id}",
                         f"use one of: {', '.join(o.id for o in asked.options)}")
    return set(items)
