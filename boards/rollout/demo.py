"""Demo roll-out of the complaint-handling workshop (step 5): after the demo pilot the team
decided "go with changes"; three waves by department (the first live with every readiness
item done, the second live over an open item, with the reason recorded, the third being
prepared); resources and constraints with a compliance red line; five risks across the heat
map; two weeks of daily readings from the first wave.

The handling time holds for ten days, then relapses: 33, 38, 42, 47 h against the pilot's
limits (centre 32.6 h, UCL 45.0 h, see ``docs/boards/rollout.md``), so its chart flags 47 h
beyond the upper limit, 2 of 3 beyond 2 sigma and a six-point rise. The repeat rate holds.

Dates are relative to today and follow the demo pilot (``boards/pilot/demo.py``): it ended
five weeks ago, the decision came three days later and froze that pilot board's own readings
and final evaluation; the workshop links the decision to the pilot board's id when it creates
the demo (``link_pilot``).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pycrdt import Doc, Map

from ..longtext import shared
from ..pilot.demo import ended_days_ago
from ..pilot.demo import seed_demo as seed_pilot_demo
from ..pilot.evaluate import analyse as analyse_pilot
from ..pilot.layout import read_snapshot as read_pilot
from .decide import pilot_json
from .layout import (
    STANDARDS,
    decisions_array,
    golive_log_array,
    golive_map,
    readiness_map,
    readings_map,
    resources_map,
    risks_map,
    sustain_map,
    waves_map,
)

DECIDED_AFTER_END = 3  # days between the pilot's last day and the go / no-go decision
HANDLING = [26, 25, 27, 24, 26, 25, 23, 26, 24, 27, 33, 38, 42, 47]  # h, days -14 .. -1
REPEATS = [(3, 33), (4, 35), (3, 32), (3, 34), (4, 36), (3, 31), (3, 33)] * 2  # of closed
TEXT: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "rationale": (
            "试点两周内平均处理时长和重复投诉率都明显下降。按试点中的两项计划调整推广:"
            "500 元以下补偿由专员直接审批;RPA 只处理简单投诉,复杂投诉转人工。"
        ),
        "decided_by": "王芳",
        "waves": ["客服一部", "客服二部", "客服三部"],
        "owners": ["李强", "张敏", "陈磊"],
        "custom": "质检抽查机制上线",
        "override": "系统切换推迟一周;二部先用手工台账记录分级审批,切换前每日核对。",
        "resources": [
            ("budget", "RPA 授权扩容", "预算 12 万元,已批"),
            ("people", "每个部门 1 名流程专员", "上线前两天脱产培训"),
            ("technology", "统一查询入口扩容", "高峰期需支持 200 并发"),
            ("interface", "CRM 与工单系统接口", "每天只能同步一次,重复投诉识别有一天延迟"),
            ("compliance", "合规红线:补偿审批必须留痕", "单笔超过 500 元必须主管审批,不得下放"),
        ],
        "risks": [
            ("高峰期统一查询入口响应慢", 4, 4, "扩容并在高峰前压测", "陈磊", "open"),
            (
                "RPA 在新部门的投诉类型上识别率低",
                3,
                4,
                "上线前用该部门历史工单调规则",
                "李强",
                "mitigating",
            ),
            (
                "员工对分级审批权限理解不一",
                3,
                3,
                "审批权限卡片 + 首周每日答疑",
                "张敏",
                "mitigating",
            ),
            (
                "接口同步延迟导致重复投诉识别滞后",
                2,
                3,
                "每日人工核对前一天的重复投诉",
                "李强",
                "open",
            ),
            ("补偿超权限审批", 1, 5, "系统强制 500 元以上走主管审批", "王芳", "open"),
        ],
        "people": ["李强", "赵丽"],
    },
    "en": {
        "rationale": (
            "Both KPIs improved clearly over the two pilot weeks. Roll out with the two plan "
            "changes made during the pilot: agents approve refunds under 500 yuan themselves; "
            "the RPA bot handles simple complaints only, complex ones go to a person."
        ),
        "decided_by": "Wang Fang",
        "waves": ["Customer Service team 1", "Customer Service team 2", "Customer Service team 3"],
        "owners": ["Li Qiang", "Zhang Min", "Chen Lei"],
        "custom": "QA spot checks in place",
        "override": (
            "The system switch slipped a week; team 2 logs tiered approvals by hand and "
            "reconciles them daily until it is live."
        ),
        "resources": [
            ("budget", "More RPA licences", "120,000 yuan, approved"),
            ("people", "One process lead per team", "two days of training off the floor"),
            ("technology", "Scale the single lookup screen", "200 concurrent users at peak"),
            (
                "interface",
                "CRM to ticket system interface",
                "syncs once a day: repeat complaints show a day late",
            ),
            (
                "compliance",
                "Red line: every refund approval is logged",
                "over 500 yuan a supervisor approves; never delegated",
            ),
        ],
        "risks": [
            (
                "Lookup screen slow at peak times",
                4,
                4,
                "Scale up, load-test before peak",
                "Chen Lei",
                "open",
            ),
            (
                "RPA misreads the new teams' complaint types",
                3,
                4,
                "Tune the rules on each team's past tickets before go-live",
                "Li Qiang",
                "mitigating",
            ),
            (
                "Agents read the approval tiers differently",
                3,
                3,
                "Approval card and daily Q&A in the first week",
                "Zhang Min",
                "mitigating",
            ),
            (
                "Interface lag hides repeat complaints",
                2,
                3,
                "Check yesterday's repeats by hand each morning",
                "Li Qiang",
                "open",
            ),
            (
                "Refunds approved beyond an agent's limit",
                1,
                5,
                "System forces supervisor approval over 500 yuan",
                "Wang Fang",
                "open",
            ),
        ],
        "people": ["Li Qiang", "Zhao Li"],
    },
}
# wave: start, planned go-live, actual go-live (None: not live) in days from today; readiness
# items not done
WAVES: list[tuple[int, int, int | None, tuple[str, ...]]] = [
    (-24, -14, -14, ()),
    (-14, -7, -6, ("systems",)),
    (-3, 10, None, ("training", "sop")),
]


def decided_offset() -> int:
    """The decision's day, in days from today (negative: before)."""
    return -ended_days_ago() + DECIDED_AFTER_END


def frozen_demo_pilot(language: str, today: date) -> str:
    """The demo pilot board as the decision saw it: the same seed, evaluated on the day of the
    decision (after its end, so final), as ``rollout.decide`` freezes it."""
    content: Doc = Doc()
    ledger: Doc = Doc()
    seed_pilot_demo(content, ledger, language, today=today)
    snapshot = read_pilot(content, ledger)
    decided = today + timedelta(days=decided_offset())
    return pilot_json(snapshot, analyse_pilot(snapshot, decided))


def link_pilot(ledger: Doc, pilot_board_id: str) -> None:
    """Point the demo decision at the demo's pilot board, once the workshop has created it."""
    with ledger.transaction():
        for decision in decisions_array(ledger):
            if isinstance(decision, Map):
                decision["pilot_board_id"] = pilot_board_id


def seed_demo(content: Doc, ledger: Doc, language: str, today: date | None = None) -> None:
    text = TEXT.get(language, TEXT["en"])
    today = today or datetime.now(UTC).date()

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    def at(offset: int, hour: int = 9) -> str:
        return f"{day(offset)}T{hour:02d}:00:00+00:00"

    with content.transaction():
        for i, (start, planned, _live, still_open) in enumerate(WAVES):
            wave_id = f"wave-{i + 1}"
            waves_map(content)[wave_id] = Map(
                {
                    "name": text["waves"][i],
                    "scope": "department",
                    "start": day(start),
                    "golive": day(planned),
                    "owner": text["owners"][i],
                    "status": "preparing",
                    "order": float(i + 1),
                }
            )
            for std in STANDARDS:
                readiness_map(content)[f"{wave_id}-{std}"] = Map(
                    {
                        "wave_id": wave_id,
                        "std": std,
                        "label": "",
                        "done": std not in still_open,
                        "owner": text["owners"][i],
                    }
                )
        readiness_map(content)["wave-1-qa"] = Map(
            {"wave_id": "wave-1", "std": "", "label": text["custom"], "done": True, "owner": ""}
        )
        for i, (category, what, detail) in enumerate(text["resources"]):
            resources_map(content)[f"res-{i + 1}"] = Map(
                {"category": category, "text": what, "detail": shared(detail)}
            )
        for i, (what, likelihood, impact, mitigation, owner, status) in enumerate(text["risks"]):
            risks_map(content)[f"risk-{i + 1}"] = Map(
                {
                    "text": what,
                    "likelihood": float(likelihood),
                    "impact": float(impact),
                    "mitigation": shared(mitigation),
                    "owner": owner,
                    "status": status,
                }
            )
        for kpi_id in ("handling_time", "repeat_rate"):
            sustain_map(content)[kpi_id] = Map({"limits_from": "pilot"})
    with ledger.transaction():
        decisions_array(ledger).append(
            Map(
                {
                    "verdict": "go_with_changes",
                    "rationale": text["rationale"],
                    "decided_by": text["decided_by"],
                    "participant_id": "demo-facilitator",
                    "decided_at": at(decided_offset(), 16),
                    # the demo's pilot board gets its id when the workshop is created
                    "pilot_board_id": "",
                    "pilot_json": frozen_demo_pilot(language, today),
                }
            )
        )
        for i, (_, _, live, still_open) in enumerate(WAVES):
            if live is None:
                continue
            wave_id, override = f"wave-{i + 1}", bool(still_open)
            reason = text["override"] if override else ""
            record = {
                "at": at(live),
                "date": day(live),
                "by": text["owners"][i],
                "participant_id": f"demo-owner-{i + 1}",
                "override": override,
                "open_items": json.dumps([f"readiness.{std}" for std in still_open]),
                "reason": reason,
            }
            golive_map(ledger)[wave_id] = Map(record)
            golive_log_array(ledger).append(
                Map(
                    {
                        "wave_id": wave_id,
                        "action": "live",
                        "at": record["at"],
                        "by": record["by"],
                        "override": override,
                        "reason": reason,
                    }
                )
            )
        person = text["people"][0]
        for n, hours in enumerate(HANDLING):
            offset = n - len(HANDLING)
            readings_map(ledger)[f"demo-sustain-h{n + 1:02d}"] = Map(
                {
                    "kpi_id": "handling_time",
                    "wave_id": "wave-1",
                    "date": day(offset),
                    "value": float(hours),
                    "participant_id": "demo-p1",
                    "display_name": person,
                    "submitted_at": at(offset, 18),
                }
            )
        for n, (repeats, closed) in enumerate(REPEATS):
            offset = n - len(REPEATS)
            readings_map(ledger)[f"demo-sustain-r{n + 1:02d}"] = Map(
                {
                    "kpi_id": "repeat_rate",
                    "wave_id": "wave-1",
                    "date": day(offset),
                    "value": repeats / closed * 100,
                    "numerator": float(repeats),
                    "denominator": float(closed),
                    "participant_id": "demo-p1",
                    "display_name": person,
                    "submitted_at": at(offset, 18),
                }
            )
