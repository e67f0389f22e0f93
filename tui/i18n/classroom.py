"""Provides the words of class sessions: the trainee's name, the next-trainee key, the
trainer's room view and the handout. Apart from screens.py so that file stays small."""

CLASSROOM: dict[str, dict[str, str]] = {
    "class.status": {"en": "Class: {name}    Trainee: {trainee}    (t: next trainee)",
                     "zh": "课程：{name}    学员：{trainee}    （t：下一位学员）"},
    "class.nobody": {"en": "(not named yet)", "zh": "（尚未填写）"},
    "class.title": {"en": "Who are you?", "zh": "你是谁？"},
    "class.prompt": {"en": "Your name for this class (your runs are kept under it):",
                     "zh": "你在本课程中的名字（你的记录会归在这个名字下）："},
    "class.next": {"en": "Next trainee: the next run asks for a name.",
                   "zh": "下一位学员：下一次流程会询问姓名。"},
    "class.trainer_only": {
        "en": "The class report is the trainer's: signoff report --class NAME.",
        "zh": "课程报告只供培训师查看：signoff report --class NAME。"},
    "class.only_start": {"en": "Next trainee only from the start screen.",
                         "zh": "只能在开始界面切换下一位学员。"},
    "key.start.trainee": {"en": "Next trainee", "zh": "下一位学员"},
    "room.title": {"en": "Class {name}: {count} trainee(s), {done} finished",
                   "zh": "课程 {name}：{count} 位学员，{done} 位已完成"},
    "room.col.trainee": {"en": "Trainee", "zh": "学员"},
    "room.col.flow": {"en": "Flow", "zh": "流程"},
    "room.col.step": {"en": "Step", "zh": "步骤"},
    "room.col.skipped": {"en": "Skipped", "zh": "跳过"},
    "room.col.mismatch": {"en": "Did not match", "zh": "与应用不符"},
    "room.col.idle": {"en": "Idle", "zh": "空闲"},
    "room.col.finished": {"en": "Finished", "zh": "已完成"},
    "room.step_of": {"en": "{n} of {m}", "zh": "第 {n} / {m} 步"},
    "room.yes": {"en": "yes", "zh": "是"},
}
