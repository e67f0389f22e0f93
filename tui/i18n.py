"""Provides the UI text catalogue shared by the CLI, the plain mode and the app.

Flow text carries its own translations; this catalogue holds only signoff's own words,
so a missing key fails loudly in tests instead of showing a key name to a person.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    "level.platform": {"en": "Which app?", "zh": "哪个应用？"},
    "level.surface": {"en": "Where is it signed in?", "zh": "账号登录在哪里？"},
    "level.goal": {"en": "What do you need to do?", "zh": "你要做什么？"},
    "phase.prepare": {"en": "Prepare", "zh": "准备"},
    "phase.sign-out": {"en": "End the session", "zh": "结束登录"},
    "phase.data": {"en": "Data left on the device", "zh": "设备上留下的数据"},
    "phase.verify": {"en": "Check from the other side", "zh": "从另一端确认"},
    "phase.follow-up": {"en": "Follow up", "zh": "后续跟进"},
    "field.menu": {"en": "Where", "zh": "位置"},
    "field.menu_other": {"en": "In the other UI language", "zh": "另一种界面语言"},
    "field.why": {"en": "Why", "zh": "原因"},
    "field.verify": {"en": "Check it worked", "zh": "如何确认"},
    "field.warning": {"en": "Warning", "zh": "警告"},
    "field.confidence": {"en": "Confidence", "zh": "可信度"},
    "field.sources": {"en": "Sources", "zh": "来源"},
    "field.optional": {"en": "optional", "zh": "可选"},
    "field.recheck": {"en": "Check again", "zh": "再次检查"},
    "confidence.high": {"en": "high (from the vendor's own help pages)",
                        "zh": "高（来自官方帮助页面）"},
    "confidence.medium": {"en": "medium: labels may differ in your version",
                          "zh": "中：你的版本中的名称可能不同"},
    "confidence.low": {"en": "low: labels may differ in your version; check before relying "
                       "on it", "zh": "低：你的版本中的名称可能不同，请先核实再照做"},
    "matrix.title": {"en": "Flows by platform and surface", "zh": "各平台与设备的流程"},
    "hours": {"en": "after {hours} h", "zh": "{hours} 小时后"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The message in `lang`; raises KeyError for an unknown key so tests catch it."""
    text = MESSAGES[key]["zh" if lang == "zh" else "en"]
    return text.format(**values) if values else text


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """zh when the locale says Chinese (LC_ALL, then LC_MESSAGES, then LANG), else en."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
