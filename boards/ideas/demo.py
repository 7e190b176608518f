"""Demo content for the complaint-handling workshop: the seed template's three kinds of
innovation, scored, grouped and already voted on (one closed, revealed, anonymous round)."""

from __future__ import annotations

from pycrdt import Doc, Map

from ..longtext import shared
from .layout import cards_map, groups_map, history_map, order_array, round_map, tallies_map

# id, category, impact, effort, group, (zh-CN title, description), (en title, description)
CARDS = [
    (
        "i1",
        "technology",
        5,
        3,
        "g1",
        ("统一查询入口", "一个界面查询 3 个系统,信息核实不再手动切换。"),
        ("One lookup screen", "Query the 3 systems from one screen instead of by hand."),
    ),
    (
        "i2",
        "technology",
        4,
        4,
        "g1",
        ("语义分析自动分类投诉", "自动识别投诉类型,优先处理高紧急度问题。"),
        ("Auto-classify complaints", "Semantic analysis sorts complaints; urgent ones first."),
    ),
    (
        "i3",
        "model",
        4,
        5,
        "",
        ("主动预警", "由被动响应改为主动预警,通过客户行为数据提前介入。"),
        ("Proactive alerts", "From reacting to warning: act early on customer behaviour data."),
    ),
    (
        "i4",
        "organisational",
        4,
        2,
        "g2",
        ("跨部门敏捷小组", "客服、产品、技术组成小组,快速响应复杂投诉。"),
        ("Cross-department squad", "Service, product and IT answer complex complaints fast."),
    ),
    (
        "i5",
        "organisational",
        3,
        1,
        "g2",
        ("审批权限下放", "资深专员可直接批准小额补偿。"),
        ("Delegate approvals", "Senior agents approve small refunds themselves."),
    ),
    (
        "i6",
        "model",
        2,
        4,
        "",
        ("每周管理层投诉报告", "人工汇总每周报告给管理层。"),
        ("Weekly report to management", "Compile a weekly complaint report by hand."),
    ),
]
GROUPS = {
    "zh-CN": {"g1": "信息核实", "g2": "跨部门协作"},
    "en": {"g1": "Information verification", "g2": "Cross-department work"},
}
# Which root cause (demo fishbone) and value-stream step (demo future state) each idea answers:
# the report follows these links from cause to idea to owner (RACI) to pilot result.
LINKS = {"i1": ("c4", "f3"), "i2": ("c8", "f2"), "i4": ("c1", ""), "i5": ("", "f4")}
TALLIES = {"i1": 9, "i4": 7, "i2": 5, "i5": 3, "i3": 1}  # 5 voters x 5 dots = 25
ROUND_TITLE = {"zh-CN": "第一轮:优先改进点", "en": "Round 1: what to try first"}


def seed_demo(content: Doc, ledger: Doc, language: str) -> None:
    zh = language == "zh-CN"
    lang = "zh-CN" if zh else "en"
    with content.transaction():
        for gid, title in GROUPS[lang].items():
            groups_map(content)[gid] = Map({"title": title, "color": ""})
        for cid, category, impact, effort, group, zh_text, en_text in CARDS:
            title, description = zh_text if zh else en_text
            cards_map(content)[cid] = Map(
                {
                    "title": title,
                    "description": shared(description),
                    "category": category,
                    "author_id": "",
                    "author_name": "",
                    "anonymous": False,
                    "cause_id": LINKS.get(cid, ("", ""))[0],
                    "step_id": LINKS.get(cid, ("", ""))[1],
                    "impact": impact,
                    "effort": effort,
                    "group": group,
                }
            )
            order_array(content).append(cid)
    with ledger.transaction():
        round_map(ledger).update(
            {
                "number": 1,
                "status": "closed",
                "title": ROUND_TITLE[lang],
                "budget": 5,
                "cap": 3,
                "hidden": True,
                "anonymous": True,
                "facilitator_votes": True,
                "revealed": True,
                "opened_at": "2026-02-24T02:00:00+00:00",
                "closed_at": "2026-02-24T02:15:00+00:00",
                "voters": 5,
                "dots_cast": sum(TALLIES.values()),
            }
        )
        tallies_map(ledger).update(TALLIES)
        history_map(ledger)["1"] = {
            "number": 1,
            "title": ROUND_TITLE[lang],
            "closed_at": "2026-02-24T02:15:00+00:00",
            "tallies": TALLIES,
        }
