"""Demo content: who does what in the future-state complaint-handling process.

Activities a1-a6 follow the demo value-stream map's future-state steps f1-f6 (``step_id``);
a7 is the fishbone's root-cause fix. Two deliberate breaks make the checks speak:
``multiple_a`` on a4 (product manager and CS lead both sign off) and ``no_a`` on a5.
"""

from __future__ import annotations

from pycrdt import Doc

from .layout import add_activity, add_role, set_cell

ROLES: list[tuple[str, str, str]] = [
    ("agent", "客服专员", "Agent"),
    ("lead", "客服主管", "CS lead"),
    ("product", "产品经理", "Product manager"),
    ("logistics", "物流调度", "Logistics dispatcher"),
    ("quality", "质量经理", "Quality manager"),
]

# id, VSM future step, zh-CN name, en name, {role: letters}
ACTIVITIES: list[tuple[str, str, str, str, dict[str, str]]] = [
    ("a1", "f1", "接收投诉(在线表单)", "Receive complaint (web form)", {"agent": "R", "lead": "A"}),
    ("a2", "f2", "自动分类 + 人工确认", "Auto-classify + confirm", {"agent": "RA", "lead": "I"}),
    (
        "a3",
        "f3",
        "信息核实(统一查询)",
        "Information verification (unified lookup)",
        {"agent": "R", "lead": "A", "logistics": "C"},
    ),
    (
        "a4",
        "f4",
        "部门审批(仅超额补偿)",
        "Department approval (large refunds only)",
        {"product": "RA", "lead": "A", "agent": "I"},
    ),
    (
        "a5",
        "f5",
        "方案制定与回复客户",
        "Solution & reply to customer",
        {"agent": "R", "logistics": "R", "product": "C", "lead": "I"},
    ),
    ("a6", "f6", "结案归档", "Close & archive", {"agent": "R", "quality": "A"}),
    (
        "a7",
        "",
        "每周把投诉根因反馈给产品部",
        "Weekly complaint-cause review with product",
        {"product": "R", "quality": "A", "agent": "C", "lead": "C"},
    ),
]


def write_demo(content: Doc, language: str) -> None:
    zh = language == "zh-CN"
    with content.transaction():
        for role_id, zh_name, en_name in ROLES:
            add_role(content, role_id, zh_name if zh else en_name)
        for activity_id, step_id, zh_name, en_name, cells in ACTIVITIES:
            add_activity(content, activity_id, zh_name if zh else en_name, step_id)
            for role_id, letters in cells.items():
                set_cell(content, activity_id, role_id, letters)
