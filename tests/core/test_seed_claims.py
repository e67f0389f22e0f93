"""The false seed claims (FACTS.md section 9, plus the research file's corrections) must
never come back as fact in a shipped step.

Two kinds of rule:
- a phrase that has no business in the library at all (an invented registry value, a
  made-up device limit): it must not appear anywhere;
- a common belief the flows must refute (closing the tab logs you out, ...): every
  sentence that talks about it must also carry a negation, so "closing the tab does not
  log you out" passes and "closing the tab logs you out" fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO
from tui.core.flows.loader import load_library
from tui.core.flows.model import Library

FLOWS = REPO / "flows"

NEGATION = re.compile(
    r"\b(?:not|no|never|nothing|cannot|none|neither|nor)\b|n't|不|没|无法|并非|勿|未必",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[。！？；;\n]")
LOGOUT = (r"(?:log(?:s|ging|ged)? ?(?:you |it |them )?out|logout|sign(?:s|ing)? ?out"
          r"|退出登录|登出|下线)")


@dataclass(frozen=True)
class Claim:
    """One checked-false claim. `forbidden` must never match; `belief` may only match a
    sentence that also contains a negation."""

    ref: str
    summary: str
    forbidden: re.Pattern[str] | None = None
    belief: re.Pattern[str] | None = None


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


CLAIMS: tuple[Claim, ...] = (
    Claim("9#2", "log out of WhatsApp from a chat's contact info",
          belief=_re(rf"(?:contact info|联系人信息|聊天设置).*{LOGOUT}"
                     rf"|{LOGOUT}.*(?:contact info|联系人信息)")),
    Claim("9#3", "refreshing the QR code ends active sessions",
          belief=_re(r"(?:refresh\w*|刷新).{0,20}(?:QR|二维码)")),
    Claim("9#4", "closing the browser tab logs you out",
          belief=_re(rf"clos\w+ (?:the |a )?(?:browser )?tab.*{LOGOUT}|关闭标签页.*{LOGOUT}")),
    Claim("9#5", "closing an incognito window logs you out",
          belief=_re(rf"(?:incognito|private window|无痕).*{LOGOUT}")),
    Claim("9#6", "a 'log out from all devices' button (WhatsApp Web menu)",
          belief=_re(r"log ?out (?:from|of) all (?:other )?devices|从所有设备退出|退出所有设备")),
    Claim("9#11", "uninstalling the app logs out linked computers",
          belief=_re(rf"(?:uninstall\w*|卸载).*(?:{LOGOUT}|退出)")),
    Claim("9#13", "closing the window logs you out (desktop apps)",
          belief=_re(rf"clos\w+ (?:the |its )?(?:app )?window.*{LOGOUT}|关闭窗口.*{LOGOUT}")),
    Claim("9#14", "Alt+F4 / Cmd+Q as a way to log out",
          belief=_re(r"alt\s*\+\s*f4|(?:cmd|command|⌘)\s*\+?\s*q\b")),
    Claim("9#16", "WeChat allows 1 PC + 1 tablet + 1 phone at once",
          forbidden=_re(r"1\s*(?:台)?\s*PC\s*\+|one PC, one tablet")),
    Claim("9#17", "a Windows registry value DisableFastExit",
          forbidden=_re(r"DisableFastExit|HKEY_CURRENT_USER")),
    Claim("9#17b", "a registry tweak that makes quitting a logout",
          belief=_re(r"registry|注册表")),
    Claim("9#18", "deleting the Tencent folder under %APPDATA% removes WeChat data",
          belief=_re(r"%?APPDATA%?")),
    Claim("9#19", "WeCom mobile path 我 > 设置 > 账号 > 退出登录",
          forbidden=_re(r"我\s*[>\-—]\s*设置\s*[>\-—]\s*账号\s*[>\-—]\s*退出登录")),
    Claim("9#20", "quitting from the tray (or Cmd+Q) logs you out",
          belief=_re(rf"(?:tray|托盘|menu bar icon).*{LOGOUT}|{LOGOUT}.*(?:tray|托盘)")),
    Claim("9#22", "WeCom allows up to 5 devices at once",
          forbidden=_re(r"\b(?:5|five) devices\b|(?:5|五)\s*台设备")),
    Claim("9#23", "approvals must be transferred before the employee leaves",
          belief=_re(r"(?:approval|审批).*(?:must|required|before|必须|之前|离职前)"
                     r"|(?:must|required|必须).*(?:approval|审批)")),
    Claim("9#26", "dissolving a WeCom enterprise takes 3-7 working days of review",
          forbidden=_re(r"3\s*[-–~至]\s*7\s*(?:个)?(?:working|business|工作)")),
    Claim("research B", "WeChat Manage Devices / WeCom device management logs out a session",
          belief=_re(rf"(?:manage devices|device management|登录设备管理|设备管理).*{LOGOUT}")),
)


@cache
def library() -> Library:
    return load_library([FLOWS])


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def violations(text: str) -> list[str]:
    """Each claim that `text` presents as fact, as 'REF: sentence'."""
    found: list[str] = []
    for claim in CLAIMS:
        if claim.forbidden is not None and claim.forbidden.search(text):
            found.append(f"{claim.ref} ({claim.summary}): {text}")
        if claim.belief is not None:
            for sentence in sentences(text):
                if claim.belief.search(sentence) and not NEGATION.search(sentence):
                    found.append(f"{claim.ref} ({claim.summary}): {sentence}")
    return found


def library_texts() -> list[tuple[str, str]]:
    """(where, text) for every visible text of every flow and step, both languages."""
    out: list[tuple[str, str]] = []
    for flow in library().flows.values():
        items = [("title", flow.title), ("summary", flow.summary)]
        for question in flow.questions.values():
            items += [(f"questions.{question.id}", question.text)]
            items += [(f"questions.{question.id}.help", question.help)] if question.help else []
            items += [(f"questions.{question.id}.{o.id}", o.label) for o in question.options]
        for use in flow.steps:
            step = use.step
            items += [(f"{step.id}.title", step.title), (f"{step.id}.why", step.why),
                      (f"{step.id}.verify", step.verify)]
            items += [(f"{step.id}.menu", step.menu)] if step.menu else []
            items += [(f"{step.id}.warning", step.warning)] if step.warning else []
            items += [(f"{step.id}.recheck", step.recheck.text)] if step.recheck else []
        for where, text in items:
            out += [(f"{flow.id} {where}.en", text.en), (f"{flow.id} {where}.zh", text.zh)]
    return out


def test_no_false_seed_claim_is_presented_as_fact() -> None:
    assert library().flows, "no flows loaded"
    problems = [f"{where}: {v}" for where, text in library_texts() for v in violations(text)]
    assert problems == []


@pytest.mark.parametrize(
    "text",
    [
        "Closing the browser tab logs you out.",
        "关闭标签页即可退出登录。",
        "Refresh the QR code to end every session.",
        "Open the menu and choose Log out from all devices.",
        "Set DisableFastExit to 0 under HKEY_CURRENT_USER.",
        "WeCom lets you stay signed in on up to 5 devices.",
        "右键托盘图标选择退出，就会退出登录。",
        "Quit from the tray icon to log out.",
        "Press Alt+F4 to leave WeChat.",
        "Delete the Tencent folder under %APPDATA% to remove your chats.",
        "Transfer the approvals before the employee leaves.",
        "在登录设备管理里删除电脑，就能让它下线。",
        "Closing an incognito window logs you out automatically.",
        "Uninstalling WhatsApp logs out your computers.",
        "注销流程需要 3-7 个工作日审核。",
        "Closing the window logs you out.",
    ],
)
def test_the_checker_catches_each_false_claim(text: str) -> None:
    assert violations(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Closing the tab or the browser does not log you out.",
        "关闭标签页或浏览器并不会退出登录。",
        "Refreshing the QR code does not end any session.",
        "There is no 'log out from all devices' button in WhatsApp Web.",
        "Quitting from the tray is not logging out.",
        "从托盘退出并不等于退出登录。",
        "Deleting only the Tencent folder under %APPDATA% is not enough.",
        "signoff found no official rule for approvals.",
        "删除登录设备管理里的设备并不会让正在运行的会话下线。",
        "Uninstalling WhatsApp does not log out linked computers.",
    ],
)
def test_the_checker_allows_refutations(text: str) -> None:
    assert violations(text) == [], text


def test_every_claim_has_a_rule() -> None:
    for claim in CLAIMS:
        assert claim.forbidden is not None or claim.belief is not None, claim.ref


def test_flow_folder_is_the_shipped_one() -> None:
    assert (FLOWS / "catalog.toml").is_file()
    assert isinstance(FLOWS, Path)
