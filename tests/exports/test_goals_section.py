"""The report's SMART goals show each letter's pass/fail with its reason, in the workshop's
language, in HTML (and so the PDF) and Markdown; a goal without a link that matches a pilot
KPI counts as relevant there."""

from __future__ import annotations

import copy
import re
from datetime import date
from html import unescape
from typing import Any

from pycrdt import Doc, Map

from boards.workshop import WorkshopKind
from exports import render_html, render_markdown
from tests.exports.helpers import board

TODAY = date(2026, 12, 6)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def with_goals(snapshot: dict[str, Any], goals: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The snapshot with the workshop board's goals replaced, read and analysed as the
    server does it (through a content document and the workshop kind)."""
    content, ledger = Doc(), Doc()
    kind = WorkshopKind()
    kind.seed(content, ledger, language="zh-CN", demo=False)
    for key, goal in goals.items():
        content.get("goals", type=Map)[key] = Map(goal)
    read = kind.read(content, ledger)
    workshop = board(snapshot, "workshop")
    workshop["snapshot"]["goals"] = read.model_dump(mode="json")["goals"]
    workshop["analysis"] = kind.analyse(read, today=TODAY).model_dump(mode="json")
    return snapshot


def test_demo_goals_pass_every_letter_with_reasons(demo: dict[str, dict[str, Any]]) -> None:
    en = text(render_html(demo["en"]))
    assert "SMART check" in en
    for phrase in (
        "S ✓ Specific Metric named: Average handling time.",
        "M ✓ Measurable Baseline 48 h and target 24 h are numbers.",
        "Whether it can be reached is the team's judgement; only the direction is checked.",
        "R ✓ Relevant Linked to pilot KPI: average handling time.",
        "T ✓ Time-bound Due 31 Mar 2027, in",
    ):
        assert phrase in en, phrase
    assert "✗" not in en.split("SMART check", 1)[1].split("</table>", 1)[0]
    md = render_markdown(demo["zh-CN"])
    assert "S ✓ M ✓ A ✓ R ✓ T ✓" in md
    assert "#### SMART 检查" in md
    assert "截止 2027年3月31日，还有" in md
    # the pilot's attainment is the only evidence on A the report has, quoted as such
    assert "目前试点 KPI“重复投诉率”已完成从基线到目标的" in md
    assert "So far the pilot KPI “Repeat complaint rate” got" in en


def test_failing_letters_say_why_in_chinese(snapshot: dict[str, Any]) -> None:
    snap = with_goals(
        snapshot,
        {
            "g1": {"metric": "待定", "baseline": "20%", "target": "30%", "better": "lower",
                   "deadline": "尽快"},
            "g2": {"metric": "重复投诉率", "baseline": 20.0, "target": 10.0, "better": "lower",
                   "deadline": "2026年第三季度"},
        },
    )  # fmt: skip
    zh = text(render_html(snap))
    for phrase in (
        "S ✗ 具体 “待定”是占位词，不是指标。",
        "A ✗ 可实现 已声明越低越好，但目标 30 不低于基线 20：",
        "R ✗ 相关 未关联 KPI、试点或价值流步骤。",
        "T ✗ 有时限 “尽快”无法识别为带年份的日期",
        # the second goal names no link, but the demo pilot tracks a KPI of that name
        "R ✓ 相关 由试点 KPI“重复投诉率”跟踪。",
        "T ✗ 有时限 截止日期 2026年9月30日 已到或已过，不在未来。",
        "2026年9月30日 (2026年第三季度)",  # the deadline column: the date read and as typed
        "目标不完整",
    ):
        assert phrase in zh, phrase
    md = render_markdown(snap)
    assert "S ✗ M ✓ A ✗ R ✗ T ✗" in md
    # A passed deadline shows in T but does not make a measurable goal "incomplete".
    row = next(line for line in md.splitlines() if "S ✓ M ✓ A ✓ R ✓ T ✗" in line)
    assert "目标不完整" not in row


def test_english_report_reads_typed_numbers_and_quarter_deadlines(
    demo: dict[str, dict[str, Any]],
) -> None:
    snap = with_goals(
        copy.deepcopy(demo["en"]),
        {
            "g1": {"metric": "Orders per agent", "unit": "orders", "baseline": "1,200",
                   "target": "1,500", "better": "higher", "deadline": "Q2 2027",
                   "link": "VSM step: order entry"},
        },
    )  # fmt: skip
    en = text(render_html(snap))
    for phrase in (
        "M ✓ Measurable Baseline 1,200 orders and target 1,500 orders are numbers.",
        "A ✓ Achievable Target 1,500 orders is above baseline 1,200 orders",
        "R ✓ Relevant Linked to VSM step: order entry.",
        "T ✓ Time-bound Due 30 Jun 2027, in 206 days.",
        "30 Jun 2027 (Q2 2027)",
    ):
        assert phrase in en, phrase
