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
    # -- plain
    "status.pending": {"en": "not done", "zh": "未完成"},
    "status.done": {"en": "done", "zh": "已完成"},
    "status.skipped": {"en": "skipped", "zh": "已跳过"},
    "status.not-applicable": {"en": "not applicable", "zh": "不适用"},
    "outcome.in-progress": {"en": "in progress", "zh": "进行中"},
    "outcome.completed": {"en": "completed", "zh": "已完成"},
    "outcome.incomplete": {"en": "incomplete", "zh": "未全部完成"},
    "outcome.abandoned": {"en": "abandoned", "zh": "已放弃"},
    "plain.warning": {"en": "Warning: {text}.", "zh": "警告：{text}。"},
    "plain.flow_problems": {"en": "{count} problem(s) in flow files were skipped; "
                            "'signoff flows lint' lists them.",
                            "zh": "流程文件中有 {count} 个问题已跳过；运行 'signoff flows lint' 查看。"},
    "plain.interrupted": {"en": "You have {count} interrupted run(s). To continue one:",
                          "zh": "你有 {count} 个中断的流程。要继续，请运行："},
    "plain.at_top": {"en": "This is the first question.", "zh": "这已经是第一个问题。"},
    "plain.path": {"en": "So far: {trail}", "zh": "已选择：{trail}"},
    "plain.default": {"en": " (last choice: press Enter)", "zh": "（上次的选择：直接按回车）"},
    "plain.choose": {"en": "Answer 1-{n} or the id in brackets (b = back):",
                     "zh": "请输入 1-{n} 或方括号中的 id（b = 返回）："},
    "plain.bad_choice": {"en": "Please type a number from 1 to {n}, or the id shown in "
                         "brackets.", "zh": "请输入 1 到 {n} 之间的数字，或方括号中的 id。"},
    "plain.irreversible": {"en": "{goal}: this cannot be undone.",
                           "zh": "{goal}：此操作无法撤销。"},
    "plain.type_word": {"en": "Type {word} to continue, anything else stops here:",
                        "zh": "输入 {word} 继续，输入其他内容则在此停止："},
    "plain.aborted": {"en": "Stopped. Nothing was recorded as done.",
                      "zh": "已停止。没有任何步骤被记录为完成。"},
    "plain.nothing_recorded": {"en": "Stopped before a run began; nothing was recorded.",
                               "zh": "流程开始前已停止；没有记录任何内容。"},
    "plain.subject": {"en": "Name of the departing employee (kept on the record):",
                      "zh": "离职员工的姓名（会写入记录）："},
    "plain.flow_changed": {"en": "This flow has changed since the run was started:",
                           "zh": "自这次流程开始以来，流程内容已有变化："},
    "plain.change_added": {"en": "new step", "zh": "新增步骤"},
    "plain.change_removed": {"en": "step removed (your tick is kept in the record)",
                             "zh": "已删除的步骤（你的勾选仍保留在记录中）"},
    "plain.change_changed": {"en": "step changed, please do it again",
                             "zh": "步骤内容已变，请重新完成"},
    "plain.saved": {"en": "Saved (record {id}).", "zh": "已保存（记录 {id}）。"},
    "plain.not_saved": {"en": "NOT SAVED: {reason}.", "zh": "未保存：{reason}。"},
    "plain.step": {"en": "Step {n}/{total}", "zh": "第 {n}/{total} 步"},
    "plain.reason": {"en": "Reason skipped", "zh": "跳过原因"},
    "plain.note": {"en": "Note", "zh": "备注"},
    "plain.keys": {"en": "d done, s skip, n note, m not as in my app, b back, f finish, q quit:",
                   "zh": "d 完成，s 跳过，n 备注，m 与应用不符，b 上一步，f 结束，q 退出："},
    "plain.bad_key": {"en": "Please type d, s, n, m, b, f or q.",
                      "zh": "请输入 d、s、n、m、b、f 或 q。"},
    "plain.ask_reason": {"en": "Why are you skipping it?", "zh": "为什么跳过这一步？"},
    "plain.reason_needed": {"en": "A reason is needed to skip a step.",
                            "zh": "跳过步骤需要填写原因。"},
    "plain.ask_note": {"en": "Note (do not type codes or PINs):",
                       "zh": "备注（不要填写验证码或 PIN 码）："},
    "plain.mismatch_on": {"en": "Marked: this step did not match your app.",
                          "zh": "已标记：这一步与你的应用不符。"},
    "plain.mismatch_off": {"en": "Mark removed.", "zh": "已取消标记。"},
    "plain.first_step": {"en": "This is the first step.", "zh": "这已经是第一步。"},
    "plain.still_pending": {"en": "{count} required step(s) are not done yet. Type f to "
                            "finish anyway, or q to stop and resume later.",
                            "zh": "还有 {count} 个必做步骤未完成。输入 f 直接结束，或输入 q 保存后稍后继续。"},
    "plain.stopped": {"en": "Stopped, saved. Resume with: signoff resume {id}",
                      "zh": "已停止并保存。继续请运行：signoff resume {id}"},
    "plain.summary": {"en": "Finished: {outcome}.", "zh": "结束：{outcome}。"},
    "plain.counts": {"en": "{done} done, {skipped} skipped, of {total} steps.",
                     "zh": "共 {total} 步：完成 {done} 步，跳过 {skipped} 步。"},
    "plain.recheck": {"en": "Check again by {when}: {text}", "zh": "请在 {when} 前再次检查：{text}"},
    "plain.record_path": {"en": "Record saved: {path}", "zh": "记录已保存：{path}"},
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
