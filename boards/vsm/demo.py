"""The demo workshop's value stream: customer-complaint handling, current state 48 h,
future state 24 h with a unified lookup replacing three systems.

The seed's "48 hours" is what a customer waits: elapsed (calendar) time, so the map's basis is
calendar time, not six 8-hour working days. Current (lead 2880 min = 48 h): information
verification is 1140 min (39.6 %) of it and the bottleneck (180 min cycle ÷ 2 agents = 90 min,
over the 80 min takt of 6 complaints per 8-hour day). Future: 1440 min = 24 h, the approval
only for the 30 % of complaints above the refund limit.
"""

from __future__ import annotations

from typing import Any

from pycrdt import Doc

from . import layout
from .layout import LinkKind, State

DEPARTMENTS = {
    "zh-CN": {"cs": "客服部", "product": "产品部", "logistics": "物流部"},
    "en": {"cs": "Customer service", "product": "Product", "logistics": "Logistics"},
}
SYSTEMS = {
    "zh-CN": {
        "call": "呼叫中心",
        "crm": "CRM",
        "oms": "订单系统",
        "wms": "物流系统",
        "oa": "OA 审批",
        "hub": "统一查询工作台",
    },
    "en": {
        "call": "Call centre",
        "crm": "CRM",
        "oms": "Order system",
        "wms": "Logistics system",
        "oa": "OA approvals",
        "hub": "Unified lookup",
    },
}
# id, (zh name, en name), department, cycle, unit, wait, unit, operators, %C&A, systems, class,
# waste type, note key, routing %
Row = tuple[
    str,
    tuple[str, str],
    str,
    float,
    str,
    float,
    str,
    float,
    float,
    tuple[str, ...],
    str,
    str,
    str,
    float,
]
# fmt: off
CURRENT: tuple[Row, ...] = (
    ("c1", ("接收投诉", "Receive complaint"), "cs",
     15, "min", 30, "min", 4, 95, ("call",), "nnva", "", "", 100),
    ("c2", ("投诉分类", "Classify complaint"), "cs",
     20, "min", 2, "h", 2, 70, ("crm",), "nnva", "", "", 100),
    ("c3", ("信息核实", "Information verification"), "cs",
     3, "h", 16, "h", 2, 75, ("crm", "oms", "wms"), "waste", "extra_processing", "by_hand", 100),
    ("c4", ("部门审批", "Department approval"), "product",
     30, "min", 12, "h", 1, 85, ("oa",), "nnva", "", "", 100),
    ("c5", ("方案制定与回复客户", "Solution & reply to customer"), "logistics",
     2, "h", 8, "h", 2, 90, ("crm", "wms"), "va", "", "", 100),
    ("c6", ("结案归档", "Close & archive"), "cs",
     25, "min", 3, "h", 1, 98, ("crm",), "nnva", "", "", 100),
)
FUTURE: tuple[Row, ...] = (
    ("f1", ("接收投诉（在线表单）", "Receive complaint (web form)"), "cs",
     10, "min", 15, "min", 3, 98, ("hub",), "nnva", "", "", 100),
    ("f2", ("自动分类 + 人工确认", "Auto-classify + confirm"), "cs",
     10, "min", 30, "min", 2, 90, ("hub",), "nnva", "", "", 100),
    ("f3", ("信息核实（统一查询）", "Information verification (unified lookup)"), "cs",
     30, "min", 2, "h", 2, 95, ("hub",), "nnva", "", "one_screen", 100),
    ("f4", ("部门审批（仅大额补偿）", "Department approval (large refunds only)"), "product",
     20, "min", 1, "d", 1, 90, ("oa",), "nnva", "", "", 30),
    ("f5", ("方案制定与回复客户", "Solution & reply to customer"), "logistics",
     2, "h", 4, "h", 2, 95, ("hub",), "va", "", "", 100),
    ("f6", ("结案归档", "Close & archive"), "cs",
     7, "min", 7, "h", 1, 99, ("hub",), "nnva", "", "", 100),
)
# fmt: on
NOTES = {
    "zh-CN": {"by_hand": "专员需手动查询 3 个系统", "one_screen": "一屏查询客户、订单、物流信息"},
    "en": {
        "by_hand": "Agent queries 3 systems by hand",
        "one_screen": "Customer, order and shipment on one screen",
    },
}
# id, state, step, (zh text, en text), link kind, link id (the workshop demo's goal g1)
MARKERS: tuple[tuple[str, State, str, tuple[str, str], LinkKind | None, str], ...] = (
    (
        "k1",
        "current",
        "c3",
        ("统一查询入口，替代手动查询 3 个系统", "One lookup instead of 3 systems"),
        "goal",
        "g1",
    ),
    ("k2", "current", "c4", ("小额补偿免审批", "No approval for small refunds"), None, ""),
)
STATE_ROWS: tuple[tuple[State, tuple[Row, ...]], ...] = (("current", CURRENT), ("future", FUTURE))
# takt: 8 working hours for 6 complaints = 80 min
SETTINGS = {
    "day_hours": 8.0,
    "time_basis": "calendar",
    "demand": 6.0,
    "available_time": 8.0,
    "available_unit": "h",
}


def write_demo(content: Doc, language: str) -> None:
    lang = language if language in DEPARTMENTS else "en"
    with content.transaction():
        layout.settings(content).update(dict(SETTINGS))
        for state, rows in STATE_ROWS:
            for row in rows:
                layout.add_step(content, state, row[0], _fields(row, lang))
        for marker_id, marker_state, step, texts, kind, link in MARKERS:
            layout.add_marker(
                content, marker_state, marker_id, step, texts[lang == "en"], kind, link
            )


def _fields(row: Row, lang: str) -> dict[str, Any]:
    (
        _,
        names,
        dept,
        cycle,
        cycle_unit,
        wait,
        wait_unit,
        ops,
        pct,
        systems,
        klass,
        waste,
        note,
        routing,
    ) = row
    fields: dict[str, Any] = {
        "name": names[lang == "en"],
        "department": DEPARTMENTS[lang][dept],
        "cycle_time": float(cycle),
        "cycle_unit": cycle_unit,
        "wait_time": float(wait),
        "wait_unit": wait_unit,
        "operators": float(ops),
        "pct_ca": float(pct),
        "systems": [SYSTEMS[lang][s] for s in systems],
        "klass": klass,
        "notes": NOTES[lang].get(note, ""),
    }
    if waste:
        fields["waste_type"] = waste
    if routing != 100:
        fields["routing_pct"] = float(routing)
    return fields
