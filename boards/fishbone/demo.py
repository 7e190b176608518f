"""Demo content: why 20 % of complaints repeat (the seed's complaint-handling example).

Counts are repeat complaints traced to each cause in a sample of 100: the Pareto's vital few
are c1, c4, c6 and c3 (38 + 22 + 15 + 10 = 85 % >= 80 %, while 75 % < 80 %).
"""

from __future__ import annotations

from typing import Any

from pycrdt import Doc, Map, Text

from .layout import FIVE_W_ONE_H, PROBLEM, add_cause

# (id, category, parent, count, root, votes, figure, source, zh-CN text, en text)
CauseRow = tuple[str, str, str, int | None, bool, int | None, str, str, str, str]
CAUSES: list[CauseRow] = [
    (
        "c1",
        "methods",
        "",
        38,
        True,
        7,
        "38/100",
        "CRM",
        "投诉信息未同步到产品部",
        "Complaint information is not synced to the product team",
    ),
    (
        "c2",
        "methods",
        "c1",
        None,
        False,
        None,
        "",
        "",
        "没有投诉根因反馈流程",
        "No step feeds complaint causes back",
    ),
    (
        "c3",
        "methods",
        "",
        10,
        False,
        None,
        "",
        "",
        "结案前不回访客户",
        "Cases are closed without a follow-up call",
    ),
    (
        "c4",
        "machines",
        "",
        22,
        False,
        5,
        "40 %",
        "CRM",
        "专员需手动查询 3 个系统",
        "Agents query 3 systems by hand",
    ),
    (
        "c5",
        "machines",
        "c4",
        None,
        False,
        None,
        "",
        "",
        "CRM、订单、物流系统无统一入口",
        "CRM, order and logistics systems have no single entry",
    ),
    ("c6", "materials", "", 15, False, 3, "", "", "没有统一的知识库", "No unified knowledge base"),
    (
        "c7",
        "materials",
        "c6",
        None,
        False,
        None,
        "",
        "",
        "解决方案散落在个人笔记和群聊中",
        "Fixes live in personal notes and group chats",
    ),
    (
        "c8",
        "people",
        "",
        9,
        False,
        None,
        "",
        "",
        "专员对产品问题判断不一致",
        "Agents judge product issues inconsistently",
    ),
    (
        "c9",
        "people",
        "c8",
        None,
        False,
        None,
        "",
        "",
        "新人培训只有 2 天",
        "New agents get 2 days of training",
    ),
    (
        "c10",
        "measurement",
        "",
        6,
        False,
        None,
        "",
        "",
        "只考核结案速度,不考核一次解决率",
        "Only closing speed is measured, not first-contact resolution",
    ),
    (
        "c11",
        "environment",
        "",
        None,
        False,
        None,
        "",
        "",
        "旺季投诉量翻倍",
        "Complaint volume doubles in peak season",
    ),
]

WHYS: dict[str, list[str]] = {
    "zh-CN": [
        "产品部不知道同类问题在反复发生",
        "投诉信息只记录在客服系统里",
        "客服系统和产品部的需求系统之间没有接口",
        "流程没有规定由谁把投诉根因反馈给产品部",
        "设计投诉流程时没有把产品部纳入(根因)",
    ],
    "en": [
        "The product team does not know the same issue keeps recurring",
        "Complaint details are recorded only in the service desk system",
        "The service desk system has no link to the product team's backlog",
        "No step of the process says who reports complaint causes to the product team",
        "The product team was left out when the complaint process was designed (root cause)",
    ],
}

PROBLEMS = {
    "zh-CN": "客户重复投诉率达 20 %(目标:3 个月内降至 10 % 以下)",
    "en": "Repeat complaints at 20 % (goal: under 10 % within 3 months)",
}

TABLES = {
    "zh-CN": {
        "what": "客户在结案后 30 天内就同一问题再次投诉,占投诉量的 20 %",
        "why": "投诉信息未同步到产品部,同类问题反复出现",
        "when": "结案后 30 天内,旺季尤甚",
        "where": "客服中心到产品部的交接环节",
        "who": "客服专员、产品经理",
        "how": "专员手动查询 3 个系统核实信息,结案前不回访",
    },
    "en": {
        "what": "Customers complain again about the same issue within 30 days: 20 % of cases",
        "why": "Complaint information never reaches the product team, so defects recur",
        "when": "Within 30 days of closing, worst in peak season",
        "where": "The hand-over from the service centre to the product team",
        "who": "Agents and product managers",
        "how": "Agents check 3 systems by hand and close cases without a follow-up call",
    },
}


def write_demo(content: Doc, language: str) -> None:
    lang = language if language in PROBLEMS else "en"
    with content.transaction():
        problem = content.get(PROBLEM, type=Text)
        problem += PROBLEMS[lang]
        table = content.get(FIVE_W_ONE_H, type=Map)
        for key, value in TABLES[lang].items():
            table[key] = Text(value)
        for row in CAUSES:
            add_cause(content, row[0], **_cause_fields(row, lang))


def _cause_fields(row: CauseRow, lang: str) -> dict[str, Any]:
    cause_id, category, parent, count, root, votes, figure, source, zh, en = row
    source = {"CRM": "CRM 导出 2026-10" if lang == "zh-CN" else "CRM export 2026-10"}.get(
        source, source
    )
    return {
        "text": zh if lang == "zh-CN" else en,
        "category": category,
        "parent": parent,
        "count": count,
        "root": root,
        "votes": votes,
        "figure": figure,
        "source": source,
        "whys": WHYS[lang] if cause_id == "c1" else (),
    }
