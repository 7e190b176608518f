"""The demo workshop's actions: the confirmed root cause, the chosen ideas and a value-stream
improvement each answered by someone with a department and a date, plus one free action.

Dates move with today, as the demo pilot's do (``boards/pilot/demo.py: shift``): the actions
were set before the pilot started, the report of its results to management was done the day
after it ended (the roll-out decision followed), one action is a few days late and the refund
rule is done. The items' ids and texts are the demo boards' (``tests/boards/test_actions.py`` checks
they still match). The owners are not the demo pilot's people: a viewer's export names no
pilot submitter, and an owner of the same name would look like one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pycrdt import Doc, Map

from .actions import SourceType, Status, actions_map

# (action id, source kind, source type, item id, due in days from today, status)
PLAN: list[tuple[str, str, SourceType, str, int, Status]] = [
    ("act-root", "fishbone", "root_cause", "c1", 14, "doing"),
    ("act-lookup", "ideas", "idea", "i1", 30, "doing"),
    ("act-squad", "ideas", "idea", "i4", -3, "open"),
    ("act-classify", "ideas", "idea", "i2", 60, "open"),
    ("act-refunds", "vsm", "vsm_marker", "k2", -10, "done"),
    ("act-report", "", "", "", -35, "done"),
]
CREATED_DAYS_AGO = 52  # before the demo pilot started (49 days ago)

# per language and action: (what, owner, department, the source item's text)
TEXT: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "zh-CN": {
        "act-root": (
            "建立投诉信息每日同步到产品部的机制",
            "周婷",
            "客服部",
            "投诉信息未同步到产品部",
        ),
        "act-lookup": ("上线统一查询入口并培训一线客服", "孙浩", "信息技术部", "统一查询入口"),
        "act-squad": ("组建跨部门敏捷小组，每周复盘重复投诉", "吴迪", "质量部", "跨部门敏捷小组"),
        "act-classify": (
            "评估语义分析自动分类投诉的方案",
            "刘洋",
            "信息技术部",
            "语义分析自动分类投诉",
        ),
        "act-refunds": ("确定小额补偿免审批的额度与规则", "陈静", "财务部", "小额补偿免审批"),
        "act-report": ("向管理层汇报试点结果并申请推广", "赵磊", "运营管理部", ""),
    },
    "en": {
        "act-root": (
            "Sync complaint information to the product team every day",
            "Anna Berg",
            "Customer service",
            "Complaint information is not synced to the product team",
        ),
        "act-lookup": (
            "Launch the one lookup screen and train the front line",
            "Tom Reed",
            "IT",
            "One lookup screen",
        ),
        "act-squad": (
            "Set up the cross-department squad; review repeat complaints weekly",
            "Sara Lind",
            "Quality",
            "Cross-department squad",
        ),
        "act-classify": (
            "Assess options for auto-classifying complaints",
            "Ken Liu",
            "IT",
            "Auto-classify complaints",
        ),
        "act-refunds": (
            "Set the limit and rules for small refunds without approval",
            "Mia Costa",
            "Finance",
            "No approval for small refunds",
        ),
        "act-report": (
            "Report the pilot results to management and ask to roll out",
            "Dan Moore",
            "Operations",
            "",
        ),
    },
}


def demo_actions(
    language: str, board_ids: Mapping[str, str], today: date | None = None
) -> dict[str, dict[str, Any]]:
    """Action id -> fields; ``board_ids`` maps a kind to the demo's board of that kind (an
    action whose board is missing becomes a free one)."""
    today = today or datetime.now(UTC).date()
    text = TEXT.get(language, TEXT["en"])
    created = datetime.combine(today - timedelta(days=CREATED_DAYS_AGO), time(9), UTC)
    out = {}
    for key, kind, source_type, item, days, status in PLAN:
        what, owner, department, label = text[key]
        due = today + timedelta(days=days)
        linked = bool(kind) and kind in board_ids
        out[key] = {
            "what": what,
            "owner": owner,
            "owner_participant": "",
            "owner_department": department,
            "due": due.isoformat(),
            "status": status,
            "source_board": board_ids[kind] if linked else "",
            "source_kind": kind if linked else "",
            "source_type": source_type if linked else "",
            "source_item": item if linked else "",
            "source_label": label if linked else "",
            "created_by": "",
            "created_at": created.isoformat(),
            "done_at": datetime.combine(due, time(17), UTC).isoformat() if status == "done" else "",
        }
    return out


def seed_demo(
    content: Doc, language: str, board_ids: Mapping[str, str], today: date | None = None
) -> None:
    with content.transaction():
        for key, fields in demo_actions(language, board_ids, today).items():
            actions_map(content)[key] = Map(fields)
