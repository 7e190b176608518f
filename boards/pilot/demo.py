"""Demo pilot of the complaint-handling workshop (seed template, step 4): two service
centres over two weeks, the two short-term goals as KPIs, 20 readings, 8 feedback entries
and the 2 plan changes made in response.

The KPIs are set up as a careful analyst would: handling time (a duration, so declared
skewed) against a sample of pre-pilot daily averages, tested with Mann-Whitney; the repeat
complaint rate counted as repeats out of closed complaints, against the counts of the
quarter before, tested as proportions. Both two-sided. The pilot ran seven to five weeks
before today, so its evaluation is final and the roll-out board's decision, taken a few days
after it ended, is about this very pilot (``boards/rollout/demo.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pycrdt import Array, Doc, Map

from ..longtext import shared
from .layout import (
    changes_array,
    feedback_map,
    kpis_map,
    pilot_map,
    readings_map,
    sites_array,
    teams_array,
)

START, END = "2026-03-02", "2026-03-15"
DAYS = ("2026-03-02", "2026-03-05", "2026-03-08", "2026-03-11", "2026-03-14")
TEXT: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "name": "投诉处理优化试点",
        "sites": ["华东客服中心", "华南客服中心"],
        "teams": ["投诉处理组", "产品部"],
        "kpis": ["平均投诉处理时长", "重复投诉率"],
        "units": ["小时", "%"],
        "sources": [
            "CRM 导出:试点前两周两个中心的每日平均处理时长",
            "工单系统:2025 年第四季度已结投诉 290 件中的重复投诉 58 件",
        ],
        "people": ["王芳", "李强", "张敏", "陈磊"],
        "feedback": [
            "RPA 对复杂场景识别率不足",
            "审批权限下放后效率提升明显",
            "不清楚哪些补偿可以直接审批",
            "查询入口希望增加订单历史",
            "统一查询入口节省了大量时间",
            "建议每天下班前同步一次未结投诉",
            "高峰期查询入口响应慢",
            "重复投诉明显减少",
        ],
        "changes": [
            ("2026-03-06", "审批权限分级:500 元以下补偿由专员直接审批", "试点人员反馈审批权限不清"),
            ("2026-03-10", "优化 RPA 识别规则,复杂投诉转人工处理", "RPA 对复杂场景识别率不足"),
        ],
    },
    "en": {
        "name": "Complaint handling pilot",
        "sites": ["East service centre", "South service centre"],
        "teams": ["Complaint team", "Product team"],
        "kpis": ["Average handling time", "Repeat complaint rate"],
        "units": ["h", "%"],
        "sources": [
            "CRM export: daily average per centre, the two weeks before the pilot",
            "Ticket system: 58 repeat complaints among 290 closed in Q4 2025",
        ],
        "people": ["Wang Fang", "Li Qiang", "Zhang Min", "Chen Lei"],
        "feedback": [
            "The RPA bot misreads complex cases",
            "Much faster since approvals were delegated",
            "Unclear which refunds I may approve myself",
            "Please add order history to the lookup screen",
            "The single lookup screen saves a lot of time",
            "Sync open complaints every day before closing",
            "The lookup screen is slow at peak times",
            "Far fewer repeat complaints",
        ],
        "changes": [
            (
                "2026-03-06",
                "Tiered approvals: agents approve refunds under 500 yuan",
                "Pilot staff were unsure which refunds they may approve",
            ),
            (
                "2026-03-10",
                "Tune the RPA rules; complex complaints go to a person",
                "The RPA bot misreads complex cases",
            ),
        ],
    },
}
# KPI id, better, baseline, target, min, max, values per site on DAYS (a rate: repeats out
# of closed complaints), the KPI's own settings
KPIS: list[tuple[str, str, float, float, float, float, Any, dict[str, Any]]] = [
    (
        "handling_time",
        "lower",
        48.0,
        24.0,
        0.0,
        240.0,
        ([40, 34, 30, 27, 25], [44, 38, 33, 29, 26]),
        {
            "shape": "skewed",
            # daily averages per centre in the two weeks before the pilot (long right tail)
            "baseline_sample": [46, 52, 44, 49, 61, 47, 45, 50, 72, 48, 43, 51, 47, 58],
        },
    ),
    (
        "repeat_rate",
        "lower",
        20.0,
        10.0,
        0.0,
        100.0,
        (
            [(6, 36), (5, 34), (4, 31), (4, 33), (3, 30)],
            [(7, 38), (6, 37), (5, 35), (4, 33), (3, 31)],
        ),
        {"measure": "rate", "baseline_events": 58, "baseline_total": 290},
    ),
]
# day, kind, satisfaction, ease, author index (None = anonymous)
FEEDBACK = [
    ("2026-03-04", "problem", 3, 2, 0),
    ("2026-03-05", "praise", 5, 4, 1),
    ("2026-03-05", "problem", 2, 3, None),
    ("2026-03-07", "suggestion", 4, 4, 2),
    ("2026-03-09", "praise", 4, 5, 0),
    ("2026-03-10", "suggestion", None, None, 3),
    ("2026-03-12", "problem", 3, 2, None),
    ("2026-03-14", "praise", 5, 4, 1),
]


STARTED_DAYS_AGO = 49  # it ended 36 days ago: the demo's roll-out decision came three days later


def shift(day: str, today: date | None = None) -> str:
    """Move a demo date so the demo pilot started seven weeks before today and ended about five
    weeks before: its results are final, and the roll-out that followed has had time to go
    live (``boards/rollout/demo.py``)."""
    today = today or datetime.now(UTC).date()
    offset = today - timedelta(days=STARTED_DAYS_AGO) - date.fromisoformat(START)
    return (date.fromisoformat(day) + offset).isoformat()


def ended_days_ago() -> int:
    """How many days before today the demo pilot's last day was."""
    return STARTED_DAYS_AGO - (date.fromisoformat(END) - date.fromisoformat(START)).days


def seed_demo(content: Doc, ledger: Doc, language: str, today: date | None = None) -> None:
    text = TEXT.get(language, TEXT["en"])

    def when(day: str) -> str:
        return shift(day, today)

    with content.transaction():
        pilot_map(content).update({"name": text["name"], "start": when(START), "end": when(END)})
        sites_array(content).extend(text["sites"])
        teams_array(content).extend(text["teams"])
        for i, (kpi_id, better, base, target, low, high, _, extra) in enumerate(KPIS):
            kpis_map(content)[kpi_id] = Map(
                {
                    "name": text["kpis"][i],
                    "unit": text["units"][i],
                    "better": better,
                    "baseline": base,
                    "baseline_source": text["sources"][i],
                    "target": target,
                    "min": low,
                    "max": high,
                    "alternative": "two-sided",
                    **{
                        k: Array([float(v) for v in val]) if isinstance(val, list) else val
                        for k, val in extra.items()
                    },
                }
            )
        for day, change, reason in text["changes"]:
            changes_array(content).append(
                Map({"date": when(day), "text": shared(change), "reason": shared(reason)})
            )
    people = text["people"]
    with ledger.transaction():
        n = 0
        for kpi_id, *_, per_site, _extra in KPIS:
            for site_index, values in enumerate(per_site):
                for day, value in zip(DAYS, values, strict=True):
                    n += 1
                    counts = {}
                    if isinstance(value, tuple):
                        counts = {"numerator": value[0], "denominator": value[1]}
                        value = value[0] / value[1] * 100
                    readings_map(ledger)[f"demo-reading-{n:02d}"] = Map(
                        {
                            **counts,
                            "kpi_id": kpi_id,
                            "date": when(day),
                            "value": float(value),
                            "site": text["sites"][site_index],
                            "participant_id": f"demo-p{site_index + 1}",
                            "display_name": people[site_index],
                            "submitted_at": f"{when(day)}T10:00:00+00:00",
                        }
                    )
        for i, (day, kind, satisfaction, ease, who) in enumerate(FEEDBACK):
            feedback_map(ledger)[f"demo-feedback-{i + 1:02d}"] = Map(
                {
                    "kind": kind,
                    "satisfaction": satisfaction,
                    "ease": ease,
                    "text": text["feedback"][i],
                    "anonymous": who is None,
                    "participant_id": "" if who is None else f"demo-p{who + 1}",
                    "display_name": "" if who is None else people[who],
                    "submitted_at": f"{when(day)}T09:00:00+00:00",
                }
            )
