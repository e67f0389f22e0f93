"""The shipped flow library: it lints clean, matches the JSON Schema, never strands a
person, cites its sources, and covers exactly the platform × surface × goal matrix.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import REPO
from tui.core.flows.graph import answer_paths
from tui.core.flows.loader import load_library
from tui.core.flows.model import Flow, Library, LocalText, Step

FLOWS = REPO / "flows"
SCHEMA = FLOWS / "schema.json"

EXPECTED_MATRIX: frozenset[tuple[str, str, str]] = frozenset(
    {
        # WhatsApp: computers (web, apps) are linked devices; the account lives on a phone.
        ("whatsapp", "web", "shared-computer"),
        ("whatsapp", "web", "remote-signout"),
        ("whatsapp", "web", "lost-device"),
        ("whatsapp", "windows", "shared-computer"),
        ("whatsapp", "windows", "hand-over-device"),
        ("whatsapp", "windows", "remote-signout"),
        ("whatsapp", "windows", "lost-device"),
        ("whatsapp", "macos", "shared-computer"),
        ("whatsapp", "macos", "hand-over-device"),
        ("whatsapp", "macos", "remote-signout"),
        ("whatsapp", "macos", "lost-device"),
        ("whatsapp", "android", "lost-device"),
        ("whatsapp", "android", "hand-over-device"),
        ("whatsapp", "android", "offboard-employee"),
        ("whatsapp", "android", "routine-review"),
        ("whatsapp", "android", "delete-account"),
        ("whatsapp", "ios", "lost-device"),
        ("whatsapp", "ios", "hand-over-device"),
        ("whatsapp", "ios", "offboard-employee"),
        ("whatsapp", "ios", "routine-review"),
        ("whatsapp", "ios", "delete-account"),
        # WeChat: computers and phones; Web WeChat only as a short flow (most accounts
        # cannot use it); cancellation happens on the phone.
        ("wechat", "web", "shared-computer"),
        ("wechat", "windows", "shared-computer"),
        ("wechat", "windows", "hand-over-device"),
        ("wechat", "windows", "remote-signout"),
        ("wechat", "windows", "leaving-job"),
        ("wechat", "windows", "lost-device"),
        ("wechat", "macos", "shared-computer"),
        ("wechat", "macos", "hand-over-device"),
        ("wechat", "macos", "remote-signout"),
        ("wechat", "macos", "leaving-job"),
        ("wechat", "macos", "lost-device"),
        ("wechat", "android", "lost-device"),
        ("wechat", "android", "hand-over-device"),
        ("wechat", "android", "leaving-job"),
        ("wechat", "android", "remote-signout"),
        ("wechat", "android", "routine-review"),
        ("wechat", "android", "delete-account"),
        ("wechat", "ios", "lost-device"),
        ("wechat", "ios", "hand-over-device"),
        ("wechat", "ios", "leaving-job"),
        ("wechat", "ios", "remote-signout"),
        ("wechat", "ios", "routine-review"),
        ("wechat", "ios", "delete-account"),
        # WeCom: computers log out in the app; leaving and dissolving happen on the phone or
        # in the admin console; offboarding is the admin's job.
        ("wecom", "windows", "shared-computer"),
        ("wecom", "windows", "hand-over-device"),
        ("wecom", "windows", "remote-signout"),
        ("wecom", "windows", "leaving-job"),
        ("wecom", "windows", "lost-device"),
        ("wecom", "macos", "shared-computer"),
        ("wecom", "macos", "hand-over-device"),
        ("wecom", "macos", "remote-signout"),
        ("wecom", "macos", "leaving-job"),
        ("wecom", "macos", "lost-device"),
        ("wecom", "android", "leaving-job"),
        ("wecom", "android", "routine-review"),
        ("wecom", "android", "close-organization"),
        ("wecom", "ios", "leaving-job"),
        ("wecom", "ios", "routine-review"),
        ("wecom", "ios", "close-organization"),
        ("wecom", "admin", "offboard-employee"),
        ("wecom", "admin", "routine-review"),
        ("wecom", "admin", "close-organization"),
        # Telegram (facts rated high or medium only): desktop log-out, remote termination with
        # the 24-hour rule, lost phone, hand-over, review, deletion.
        ("telegram", "web", "remote-signout"),
        ("telegram", "windows", "shared-computer"),
        ("telegram", "windows", "hand-over-device"),
        ("telegram", "windows", "remote-signout"),
        ("telegram", "windows", "lost-device"),
        ("telegram", "macos", "shared-computer"),
        ("telegram", "macos", "hand-over-device"),
        ("telegram", "macos", "remote-signout"),
        ("telegram", "macos", "lost-device"),
        ("telegram", "android", "lost-device"),
        ("telegram", "android", "hand-over-device"),
        ("telegram", "android", "routine-review"),
        ("telegram", "android", "delete-account"),
        ("telegram", "ios", "lost-device"),
        ("telegram", "ios", "hand-over-device"),
        ("telegram", "ios", "routine-review"),
        ("telegram", "ios", "delete-account"),
        # Signal: Desktop is a linked device of the phone; only phone-side review and
        # computer-side flows have sources.
        ("signal", "windows", "shared-computer"),
        ("signal", "windows", "hand-over-device"),
        ("signal", "windows", "remote-signout"),
        ("signal", "windows", "lost-device"),
        ("signal", "macos", "shared-computer"),
        ("signal", "macos", "hand-over-device"),
        ("signal", "macos", "remote-signout"),
        ("signal", "macos", "lost-device"),
        ("signal", "android", "routine-review"),
        ("signal", "ios", "routine-review"),
        # Feishu / Lark: the official help centre covers leaving an organisation, the admin's
        # delete-and-transfer, Docs on the web and the Account Security Center; desktop
        # log-out and the device list are low (no official page).
        ("feishu", "web", "shared-computer"),
        ("feishu", "windows", "shared-computer"),
        ("feishu", "windows", "leaving-job"),
        ("feishu", "macos", "shared-computer"),
        ("feishu", "macos", "leaving-job"),
        ("feishu", "android", "leaving-job"),
        ("feishu", "android", "lost-device"),
        ("feishu", "android", "routine-review"),
        ("feishu", "ios", "leaving-job"),
        ("feishu", "ios", "lost-device"),
        ("feishu", "ios", "routine-review"),
        ("feishu", "admin", "offboard-employee"),
        # DingTalk: the admin side rests on DingTalk's API documentation (hand-over of DingDrive
        # files, documents, sub-admin role and reports); the user side is low (third-party).
        ("dingtalk", "windows", "shared-computer"),
        ("dingtalk", "macos", "shared-computer"),
        ("dingtalk", "android", "leaving-job"),
        ("dingtalk", "ios", "leaving-job"),
        ("dingtalk", "admin", "offboard-employee"),
        # QQ: no official page was found; only phone flows whose core steps are the phone's own
        # (SIM, lock, erase) or the low 登录设备管理 review. No PC, log-out or 注销 flow.
        ("qq", "android", "lost-device"),
        ("qq", "android", "hand-over-device"),
        ("qq", "android", "routine-review"),
        ("qq", "ios", "lost-device"),
        ("qq", "ios", "hand-over-device"),
        ("qq", "ios", "routine-review"),
        # Someone else is in the account while you still hold the phone (#21 item 2): only
        # where an official page gives the remedy (WhatsApp's stolen-accounts FAQ, Telegram's
        # FAQ and API, Signal's protect-yourself page, Tencent's compromised-account answer).
        ("whatsapp", "android", "account-compromised"),
        ("whatsapp", "ios", "account-compromised"),
        ("wechat", "android", "account-compromised"),
        ("wechat", "ios", "account-compromised"),
        ("telegram", "android", "account-compromised"),
        ("telegram", "ios", "account-compromised"),
        ("signal", "android", "account-compromised"),
        ("signal", "ios", "account-compromised"),
        # WeCom lost phone (#21 item 1): the employee tells the admin and uses the phone's own
        # lock and erase; the admin disables the member (and removes a lost computer from 设备管理).
        ("wecom", "android", "lost-device"),
        ("wecom", "ios", "lost-device"),
        ("wecom", "admin", "lost-device"),
        # Signal lost phone (#21 item 7): SIM, the phone's lock and erase, re-registering the
        # number elsewhere (third-party only, low), linked devices and Registration Lock.
        ("signal", "android", "lost-device"),
        ("signal", "ios", "lost-device"),
        ("signal", "android", "delete-account"),
        ("signal", "ios", "delete-account"),
        ("signal", "android", "hand-over-device"),
        ("signal", "ios", "hand-over-device"),
        ("wecom", "android", "account-compromised"),
        ("wecom", "ios", "account-compromised"),
        ("feishu", "android", "account-compromised"),
        ("feishu", "ios", "account-compromised"),
        ("qq", "android", "account-compromised"),
        ("qq", "ios", "account-compromised"),
        # Telegram Web on a shared computer (#21 item 7): log-out path low (the FAQ names the apps).
        ("telegram", "web", "shared-computer"),
    }
)
"""Every real combination, and only those (no WhatsApp admin console, no WhatsApp
account deletion from a computer: deletion is main-phone only)."""

EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b06\u2934\u2935\ufe0f]")


@cache
def library() -> Library:
    return load_library([FLOWS])


def flows() -> list[Flow]:
    return sorted(library().flows.values(), key=lambda f: f.id)


def flow_files() -> list[Path]:
    return sorted(p for p in FLOWS.rglob("*.toml") if p.is_file())


def texts_of(step: Step) -> list[LocalText]:
    found = [step.title, step.why, step.verify]
    found += [t for t in (step.menu, step.warning) if t is not None]
    if step.recheck is not None:
        found.append(step.recheck.text)
    return found


def isoformat_dates(value: Any) -> Any:
    """TOML dates become ISO strings, the form the JSON Schema describes."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: isoformat_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [isoformat_dates(v) for v in value]
    return value


def test_the_shipped_library_lints_clean() -> None:
    problems = [str(p) for p in library().problems]
    assert problems == []
    assert library().flows, "no flows loaded"


@pytest.mark.parametrize("path", flow_files(), ids=lambda p: str(p.relative_to(FLOWS)))
def test_each_file_validates_against_the_schema(path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = isoformat_dates(tomllib.loads(path.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(data)]
    assert errors == []


def test_every_answer_path_gives_a_non_empty_checklist() -> None:
    for flow in flows():
        paths = list(answer_paths(flow))
        assert paths, flow.id
        for answers in paths:
            assert flow.applicable_steps(answers), f"{flow.id}: {answers} leaves nothing to do"


def test_every_step_is_reachable_under_some_answers() -> None:
    for flow in flows():
        paths = list(answer_paths(flow))
        for use in flow.steps:
            assert any(use.applies(a) for a in paths), f"{flow.id}: {use.step.id} never applies"


def test_every_step_has_an_https_source_and_a_checked_date() -> None:
    for flow in flows():
        for use in flow.steps:
            step = use.step
            assert step.sources, f"{flow.id}: {step.id} has no source"
            assert any(s.url.startswith("https://") for s in step.sources), (
                f"{flow.id}: {step.id} has no https source")
            for source in step.sources:
                assert isinstance(source.checked, date), f"{flow.id}: {step.id} {source.url}"
                assert source.checked <= date.today(), f"{flow.id}: {step.id} checked in future"


def test_the_coverage_matrix_is_exactly_the_real_combinations() -> None:
    actual = {(f.platform, f.surface, f.goal) for f in flows()}
    assert sorted(actual - EXPECTED_MATRIX) == [], "combinations that should not exist"
    assert sorted(EXPECTED_MATRIX - actual) == [], "combinations that are missing"


def test_flow_ids_and_file_names_follow_the_layout() -> None:
    for flow in flows():
        assert flow.id == f"{flow.platform}-{flow.surface}-{flow.goal}"
        expected = FLOWS / flow.platform / f"{flow.surface}-{flow.goal}.toml"
        assert flow.source_file.resolve() == expected.resolve(), flow.id


def test_irreversible_steps_carry_a_warning() -> None:
    for flow in flows():
        for use in flow.steps:
            if use.step.irreversible:
                assert use.step.warning is not None, f"{flow.id}: {use.step.id}"


def test_no_emoji_and_no_untranslated_text() -> None:
    for flow in flows():
        visible = [flow.title, flow.summary]
        for question in flow.questions.values():
            visible += [question.text, *(o.label for o in question.options)]
            visible += [question.help] if question.help else []
        for use in flow.steps:
            visible += texts_of(use.step)
        for text in visible:
            for lang in ("en", "zh"):
                assert not EMOJI.search(text.get(lang)), f"{flow.id}: emoji in {text.get(lang)}"
            assert re.search(r"[\u4e00-\u9fff]", text.zh), f"{flow.id}: zh not Chinese: {text.zh}"
