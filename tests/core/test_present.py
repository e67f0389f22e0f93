"""The presentation model: the rules every front end shows a step and a record by."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tui.core.flows.model import LocalText, Recheck, Source, Step
from tui.core.present import RecordView, StepView
from tui.core.records.record import Record, StepEntry


def _step(**changes: object) -> Step:
    fields: dict[str, object] = {
        "id": "log-out", "title": LocalText("Log out", "退出登录"),
        "why": LocalText("Why", "为什么"), "verify": LocalText("Check", "检查"),
        "confidence": "high",
        "sources": (Source("https://faq.whatsapp.com/1\nx", date(2026, 12, 1)),),
        "menu": LocalText("Settings > Log out", "设置 > 退出登录"),
    }
    fields.update(changes)
    return Step(**fields)  # type: ignore[arg-type]


def test_the_other_languages_menu_is_shown_only_where_it_differs_and_can_be_drawn() -> None:
    assert StepView.of(_step(), "en").menu_other == "设置 > 退出登录"
    assert StepView.of(_step(), "en", ascii_only=True).menu_other == ""
    assert StepView.of(_step(), "zh", ascii_only=True).menu_other == "Settings > Log out"
    same = _step(menu=LocalText("Settings", "Settings"))
    assert StepView.of(same, "zh").menu_other == ""


def test_an_irreversible_step_always_needs_a_warning_even_without_its_own() -> None:
    assert not StepView.of(_step(), "en").needs_warning
    bare = StepView.of(_step(irreversible=True), "en")
    assert bare.needs_warning and bare.warning == ""
    own = StepView.of(_step(warning=LocalText("Gone for good", "无法恢复")), "zh")
    assert own.needs_warning and own.warning == "无法恢复"


def test_flow_text_is_made_literal_and_urls_are_kept_on_one_line() -> None:
    view = StepView.of(_step(title=LocalText("Log \x1b]0;owned\x07out", "退出")), "en")
    assert "\x1b" not in view.title and "\\x1b" in view.title
    assert view.sources[0].url == "https://faq.whatsapp.com/1 x"
    assert view.sources[0].checked == "2026-12-01"


def _record(at: datetime) -> Record:
    return Record(
        id="20261206-100000-test", flow_id="f", flow_hash="h", platform="whatsapp",
        surface="web", goal="g", lang="en", started=at, operator="ops\x1b[2J",
        steps=[StepEntry("log-out", "Log out (as shown then)", "done", at),
               StepEntry("gone", "A step the flow lost", "skipped", at, reason="n/a"),
               StepEntry("other", "Other", "not-applicable"),
               StepEntry("last", "Last", note="see\x07ticket", mismatch=True)])


def test_a_record_shows_the_current_title_where_the_flow_still_has_the_step() -> None:
    at = datetime(2026, 12, 6, 10, 0)
    recheck = Recheck(24, LocalText("Look again", "再看一次"))
    steps = {"log-out": _step(recheck=recheck)}
    view = RecordView.of(_record(at), "zh", steps)
    assert [line.title for line in view.lines] == [
        "退出登录", "A step the flow lost", "Other", "Last"]
    assert [line.n for line in view.lines] == [1, 2, 3, 4]
    assert [r.due for r in view.rechecks] == [at + timedelta(hours=24)]
    assert view.rechecks[0].text == "再看一次"
    # Without the flow, the record's own titles and no re-checks.
    gone = RecordView.of(_record(at), "zh")
    assert gone.lines[0].title == "Log out (as shown then)" and gone.rechecks == ()


def test_a_record_view_groups_steps_and_makes_personal_text_literal() -> None:
    view = RecordView.of(_record(datetime(2026, 12, 6, 10, 0)), "en")
    assert [line.id for line in view.with_status("skipped")] == ["gone"]
    assert [line.id for line in view.applicable] == ["log-out", "gone", "last"]
    assert [line.id for line in view.flagged] == ["last"]
    assert view.noted[0].note == "see\\x07ticket"
    assert view.operator == "ops\\x1b[2J"
