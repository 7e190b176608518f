"""The report's pilot section says which test was used, the interval, the effect, the
attainment and that the demo's results are final (its pilot ended), in both languages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from exports import render_html
from exports.catalog import Catalog
from exports.sections.pilot import kpi_rows
from exports.typed import typed

PHRASES = {
    "en": (
        "Final results: the pilot period has ended.",
        "Mann-Whitney U",
        "two-proportion z-test",
        "95 % CI of the change",
        "rank-biserial r",
        "odds ratio",
        "of the way from baseline to target",
        " pp",  # the repeat rate's interval in percentage points
    ),
    "zh-CN": (
        "最终结果",
        "Mann-Whitney U 检验",
        "两比例 z 检验",
        "变化的 95% 置信区间",
        "个百分点",
    ),
}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_demo_pilot_section(demo: dict[str, dict[str, Any]], language: str) -> None:
    report = text(render_html(demo[language]))
    missing = [phrase for phrase in PHRASES[language] if phrase not in report]
    assert not missing


@pytest.mark.parametrize(("language", "pp"), [("en", "pp"), ("zh-CN", "个百分点")])
def test_a_percentage_kpi_changes_by_percentage_points(
    demo: dict[str, dict[str, Any]], language: str, pp: str
) -> None:
    """The demo's repeat complaint rate (20 % before) shows its change in points, not "–"."""
    board = next(b for b in demo[language]["boards"] if b["kind"] == "pilot")
    rows = {r["unit"]: r for r in kpi_rows(Catalog(language), typed(board))}
    change = rows["%"]["change"]
    assert change.startswith("−") and change.endswith(f" {pp}"), change
    evaluation = next(k for k in board["analysis"]["kpis"] if k["percent"])
    assert change == f"−{abs(evaluation['change']):.1f} {pp}".replace(".0 ", " ")


def test_a_counted_rate_shows_the_pooled_rate_its_change_is_measured_from(
    demo: dict[str, dict[str, Any]],
) -> None:
    board = next(b for b in demo["en"]["boards"] if b["kind"] == "pilot")
    row = next(r for r in kpi_rows(Catalog("en"), typed(board)) if r["unit"] == "%")
    evaluation = next(k for k in board["analysis"]["kpis"] if k["measure"] == "rate")
    pooled = evaluation["events"] / evaluation["total"] * 100
    assert row["mean"] == f"{pooled:.1f} %"
