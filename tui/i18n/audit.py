"""Provides the words of the per-subject report (`signoff report --subject`), in
English and Chinese. The keys are the ones tui.core.reports.subject renders with; a
test keeps their English equal to that module's ENGLISH."""

AUDIT: dict[str, dict[str, str]] = {
    "sr.title": {"en": "Offboarding report: {who}", "zh": "离职处理报告：{who}"},
    "sr.field.employee_id": {"en": "Employee id", "zh": "工号"},
    "sr.field.department": {"en": "Department", "zh": "部门"},
    "sr.field.ticket": {"en": "Ticket", "zh": "工单号"},
    "sr.field.last_day": {"en": "Last working day", "zh": "最后工作日"},
    "sr.head": {"en": "Chain head", "zh": "链头"},
    "sr.verify": {"en": "Verify", "zh": "校验"},
    "sr.count": {"en": "Runs", "zh": "操作次数"},
    "sr.practice": {"en": "practice runs included", "zh": "含练习"},
    "sr.run": {"en": "Run {n}: {id}", "zh": "第 {n} 次操作：{id}"},
    "sr.flow": {"en": "Flow", "zh": "流程"},
    "sr.version": {"en": "Flow version (hash)", "zh": "流程版本（哈希）"},
    "sr.started": {"en": "Started", "zh": "开始"},
    "sr.finished": {"en": "Finished", "zh": "结束"},
    "sr.not_finished": {"en": "(not finished)", "zh": "（未结束）"},
    "sr.operator": {"en": "Operator", "zh": "操作人"},
    "sr.outcome": {"en": "Outcome", "zh": "结果"},
    "sr.outcome_value": {"en": "{mode}, {outcome}", "zh": "{mode}，{outcome}"},
    "sr.key": {"en": "Signed with key", "zh": "签名密钥"},
    "sr.unsigned": {"en": "NOT signed", "zh": "未签名"},
    "sr.not_signed_yet": {"en": "not signed yet (the run is not finished)",
                          "zh": "尚未签名（操作未结束）"},
    "sr.place": {"en": "Place in the chain", "zh": "链中位置"},
    "sr.col.n": {"en": "#", "zh": "序号"},
    "sr.col.step": {"en": "Step", "zh": "步骤"},
    "sr.col.status": {"en": "Status", "zh": "状态"},
    "sr.col.who": {"en": "Who", "zh": "操作人"},
    "sr.col.when": {"en": "When", "zh": "时间"},
    "sr.col.why": {"en": "Reason or note", "zh": "原因或备注"},
    "sr.mismatch": {"en": "did not match the app", "zh": "与应用不符"},
    "sr.times": {"en": "Times are local, as recorded, with their offset from UTC.",
                 "zh": "时间为记录时的当地时间，并注明与 UTC 的时差。"},
    "sr.not_found": {"en": "no record has the subject or employee id {name}; "
                           "'signoff report --by subject' lists the subjects",
                     "zh": "没有对象姓名或工号为 {name} 的记录；"
                           "'signoff report --by subject' 列出所有对象"},
}
