"""Charts sized for their labels: every label is in the SVG whole and inside the viewBox, in
both scripts, and every value axis says its unit."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from exports import charts
from tests.exports.svgtext import Placed, placed, view_box

LONG_ZH = [
    "语义分析自动分类投诉",
    "客服代表手工录入投诉信息并逐项核对",
    "跨部门会签审批",
    "系统自动回访",
    "投诉升级至质量部门",
    "月度复盘",
]
LONG_EN = [
    "Semantic analysis classifies complaints automatically",
    "Agents re-key every complaint by hand",
    "Cross-department sign-off",
    "Automatic follow-up call",
    "Escalation to quality",
    "Monthly review",
]


def _inside(svg: Markup, labels: list[str]) -> list[Placed]:
    """The labels are texts of the SVG, whole, and each lies inside the viewBox."""
    texts = placed(str(svg))
    x0, y0, w, h = view_box(str(svg))
    found = []
    for label in labels:
        hits = [p for p in texts if "".join(p.text.split()) == "".join(label.split())]
        assert hits, f"{label!r} is not a whole text of the chart"
        for p in hits:
            assert p.left >= x0 - 0.5 and p.right <= x0 + w + 0.5, (label, p, (x0, w))
            assert p.top >= y0 - 0.5 and p.bottom <= y0 + h + 0.5, (label, p, (y0, h))
        found += hits
    return found


def test_a_label_too_long_for_any_chart_is_cut_visibly_and_stays_inside() -> None:
    huge = "很长的想法" * 400
    svg = charts.ranking("投票", [huge, "短"], [3, 1], "dots", 1)
    cut = [p for p in placed(str(svg)) if p.text.startswith("很长的想法")]
    assert len(cut) == 1 and cut[0].text.endswith("…")
    _inside(svg, [cut[0].text, "短"])


def _axis_texts(svg: Markup, axis: str) -> list[str]:
    return [p.text for p in placed(str(svg)) if re.search(rf"\baxis {axis}\b", p.classes)]


@pytest.mark.parametrize("labels", [LONG_ZH, LONG_EN])
def test_vote_chart_labels_whole(labels: list[str]) -> None:
    svg = charts.ranking("投票", labels, [9, 7, 5, 3, 2, 1], "dots", 2, axis="票数")
    _inside(svg, labels)
    values = [t for t in _axis_texts(svg, "x") + _axis_texts(svg, "y") if t not in labels]
    assert values and all(re.fullmatch(r"\d+", t) for t in values), values
    assert "票数" in str(svg)


@pytest.mark.parametrize("labels", [LONG_ZH, LONG_EN, ["A", "B"], ["一个原因"]])
def test_pareto_labels_whole_and_right_axis_in_percent(labels: list[str]) -> None:
    n = len(labels)
    counts = list(range(n * 3, 0, -3))
    total = sum(counts)
    cumulative = [sum(counts[: i + 1]) * 100 / total for i in range(n)]
    svg = charts.pareto("Pareto", labels, counts, cumulative, [True] + [False] * (n - 1), "次数")
    _inside(svg, labels)
    right = _axis_texts(svg, "y2")
    assert sorted(right, key=lambda t: float(t[:-2])) == ["0 %", "25 %", "50 %", "75 %", "100 %"]
    counts_axis = _axis_texts(svg, "y")
    assert all(re.fullmatch(r"\d+", t) for t in counts_axis if t != "次数"), counts_axis
    assert "次数" in str(svg)  # the count axis is named


@pytest.mark.parametrize("roles", [LONG_ZH[:5], LONG_EN[:5]])
def test_raci_load_labels_whole(roles: list[str]) -> None:
    load = {k: [1, 2, 0, 3, 1] for k in "RACI"}
    svg = charts.raci_load("Load", roles, load, axis="cells")
    assert all(re.fullmatch(r"\d+", t) for t in _axis_texts(svg, "y")), _axis_texts(svg, "y")
    found = _inside(svg, [*roles, "R", "A", "C", "I"])
    labels, legend = found[: len(roles)], found[len(roles) :]
    # the legend is below the (wrapped) role names, not over them
    assert max(p.bottom for p in labels) <= min(p.top for p in legend)


def test_before_after_axis_has_unit_and_legend_does_not_overlap() -> None:
    labels = ["Lead time", "Wait", "Cycle", "Value-added", "Necessary non-value-added", "Waste"]
    svg = charts.before_after(
        "Before/after",
        labels,
        [10, 8, 2, 1, 0.5, 0.5],
        [5, 3, 2, 1, 0.5, 0.2],
        ("Current state with a long name", "Future state with a long name"),
        "h",
    )
    _inside(svg, [*labels, "Current state with a long name", "Future state with a long name"])
    values = [t for t in _axis_texts(svg, "y") if re.match(r"^-?[\d.]+", t)]
    assert values and all(t.endswith(" h") for t in values), values
    legend = [p for p in placed(str(svg)) if "legend" in p.classes]
    for a in legend:
        for b in legend:
            if a is not b and abs(a.bottom - b.bottom) < 1:
                assert a.right <= b.left or b.right <= a.left, (a, b)


def test_control_chart_and_trend_say_their_unit() -> None:
    dates = [f"12-{d:02}" for d in range(1, 31)]
    values = [10.0 + (i % 5) for i in range(30)]
    svg = charts.control_chart(
        "XmR",
        dates,
        values,
        [""] * 30,
        (12.0, 16.0, 8.0),
        ("Readings", "Centre", "UCL", "LCL"),
        "min",
    )
    ys = [t for t in _axis_texts(svg, "y") if re.match(r"^-?[\d.]+", t)]
    assert ys and all(t.endswith(" min") for t in ys), ys
    _inside(svg, ["Readings", "Centre", "UCL", "LCL"])
    trend = charts.kpi_trend(
        "KPI",
        dates[:10],
        {"上海呼叫中心": values[:10], "Berlin": values[:10]},
        14.0,
        None,
        ("Baseline", "Target"),
        "min",
    )
    _inside(trend, ["上海呼叫中心", "Berlin", "Baseline"])
    ys = [t for t in _axis_texts(trend, "y") if re.match(r"^-?[\d.]+", t)]
    assert ys and all(t.endswith(" min") for t in ys), ys


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("steps", [1, 2, 6])
def test_value_stream_legend_entries_and_totals_do_not_overlap(lang: str, steps: int) -> None:
    from boards.vsm.analysis import analyse_state
    from boards.vsm.model import VsmMap, VsmSettings
    from exports.catalog import Catalog
    from exports.diagrams import vsm

    state = VsmMap.model_validate(
        {
            "steps": [
                {"id": f"s{i}", "name": f"Step {i}", "cycle_time": 30, "wait_time": 600}
                for i in range(steps)
            ]
        }
    )
    t = Catalog(lang)
    svg = str(vsm.diagram(t, state, analyse_state(state, VsmSettings(), None)))
    texts = placed(svg)
    legend = [t.code("vsm.class", k) for k in ("va", "nnva", "waste")]
    found = _inside(Markup(svg), legend)
    totals = [p for p in texts if t("vsm.metric.lead_minutes") in p.text]
    assert totals
    boxes = found + totals
    x0, _, w, _ = view_box(svg)
    assert all(x0 - 0.5 <= p.left and p.right <= x0 + w + 0.5 for p in totals), totals
    for a in boxes:
        for b in boxes:
            if a is not b and abs(a.bottom - b.bottom) < 1:
                assert a.right <= b.left or b.right <= a.left, (a, b)


def test_a_long_pilot_labels_about_a_dozen_dates_none_over_another() -> None:
    dates = [f"{m:02}/{d:02}" for m in (10, 11, 12) for d in range(1, 29)]
    values = [10.0 + (i % 7) for i in range(len(dates))]
    svg = charts.kpi_trend("KPI", dates, {"A": values}, 12.0, 9.0, ("Baseline", "Target"), "min")
    shown = [p for p in placed(str(svg)) if re.search(r"\baxis x\b", p.classes)]
    assert 6 <= len(shown) <= 13, [p.text for p in shown]
    _inside(svg, [p.text for p in shown])
    for a in shown:
        for b in shown:
            if a is not b:
                assert a.right <= b.left or b.right <= a.left, (a, b)


def test_a_site_name_longer_than_the_chart_is_cut_inside_it() -> None:
    site = "https://intranet.example.com/" + "x" * 250
    svg = charts.kpi_trend(
        "KPI",
        ["12/01", "12/02"],
        {site: [1.0, 2.0], "上海": [2.0, 3.0]},
        None,
        None,
        ("B", "T"),
        "",
    )
    legend = [p for p in placed(str(svg)) if "legend" in p.classes]
    cut = [p for p in legend if p.text.startswith("https://")]
    assert len(cut) == 1 and cut[0].text.endswith("…")
    _inside(svg, [p.text for p in legend])


@pytest.mark.parametrize("name", ["平均投诉处理时长" * 40, "Average complaint handling time " * 20])
def test_a_long_kpi_name_in_a_chart_title_stays_inside(name: str) -> None:
    svg = charts.kpi_trend(
        f"{name}: readings", ["12/01", "12/02"], {"A": [1.0, 2.0]}, 1.5, None, ("B", "T"), "h"
    )
    titles = [p for p in placed(str(svg)) if "title" in p.classes.split()]
    assert 1 <= len(titles) <= 2 and titles[-1].text.endswith("…")
    _inside(svg, [p.text for p in titles])
