"""Provides the plain mode's words for saying each thing once (the concise default) and
for Chinese labels the Linux console cannot draw. The verbose form's words are in
words.py."""

from __future__ import annotations

PLAIN: dict[str, dict[str, str]] = {
    "plain.choose_short": {"en": "Answer 1-{n} (b = back):", "zh": "请输入 1-{n}（b = 返回）："},
    "plain.bad_choice_short": {"en": "Please type a number from 1 to {n}.",
                               "zh": "请输入 1 到 {n} 之间的数字。"},
    "plain.next_time": {"en": "Next time this run starts with: signoff run {ids}",
                        "zh": "下次可以直接运行：signoff run {ids}"},
    "plain.started": {"en": "Record {id} started; every answer is saved.",
                      "zh": "记录 {id} 已开始；每次回答都会保存。"},
    "plain.saved_short": {"en": "Saved.", "zh": "已保存。"},
    "plain.note_saved": {"en": "Note saved.", "zh": "备注已保存。"},
    "plain.resumed": {"en": "Resuming {title}", "zh": "继续：{title}"},
    "plain.resumed_where": {"en": "Record {id}: {done} of {total} steps done or skipped.",
                            "zh": "记录 {id}：共 {total} 步，已完成或跳过 {done} 步。"},
    "plain.sources": {"en": "Sources:", "zh": "来源："},
    "plain.keys_other": {"en": "d done, s skip, n note, m not as in my app, o where in Chinese, "
                               "b back, f finish, q quit:",
                         "zh": "d 完成，s 跳过，n 备注，m 与应用不符，o 英文界面的位置，b 上一步，"
                               "f 结束，q 退出："},
    "plain.bad_key_other": {"en": "Please type d, s, n, m, o, b, f or q.",
                            "zh": "请输入 d、s、n、m、o、b、f 或 q。"},
    "plain.no_other": {"en": "This step has no other language's menu.",
                       "zh": "这一步没有另一种语言的菜单。"},
    # Chinese labels on a terminal that cannot draw them (tui.glyphs.spell_out)
    "label.not_shown": {"en": "(Chinese label not shown: this console cannot draw it)",
                        "zh": "（中文名称无法在此终端显示）"},
    "label.unknown": {"en": "[a Chinese label this console cannot draw]",
                      "zh": "[此终端无法显示的中文名称]"},
    "label.id": {"en": "<your id>", "zh": "<你的 id>"},
}
"""Every key once across the catalogue's parts (a test holds them apart)."""
