"""The value-stream map of one state: process boxes with their data boxes, inventory
triangles for the queues, push arrows, kaizen bursts and the timeline ladder (queue time
up, cycle time down) with lead time, value-adding time and PCE at its end."""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

from boards.vsm.analysis import StateAnalysis, StepMetrics
from boards.vsm.model import VsmMap, VsmStep

from .. import fmt, palette
from ..catalog import Catalog
from ..env import render
from .text import longest_word, width, wrap

COL = 160.0  # width of one step: triangle zone + box
TRI = 58.0  # triangle zone
NAME_FONT = 13.5
DATA_FONT = 12.0
LEGEND_FONT = 12.0
TOP = 34.0
# a step's class colour: the same as the class's in the time-by-class bar and its legend
CLASS_COLORS: dict[str | None, str] = {None: palette.VSM_CLASS["unclassified"]}
CLASS_COLORS.update(palette.VSM_CLASS)


def burst(cx: float, cy: float, r: float, points: int = 9) -> str:
    coords = []
    for i in range(points * 2):
        radius = r if i % 2 == 0 else r * 0.58
        angle = math.pi * i / points - math.pi / 2
        coords.append(f"{cx + radius * math.cos(angle):.1f},{cy + radius * math.sin(angle):.1f}")
    return " ".join(coords)


def _box(
    t: Catalog,
    step: VsmStep,
    metric: StepMetrics | None,
    x: float,
    analysis: StateAnalysis | None,
    markers: int,
) -> dict[str, Any]:
    box_w = COL - TRI - 8
    text = step.name or "–"
    # a long word ("Verification") must fit a line: shrink the type rather than split it
    longest = longest_word(text)
    size = max(10.5, min(NAME_FONT, (box_w - 14) / max(longest, 1.0)))
    name = wrap(text, (box_w - 14) / size, 3)
    rows = [
        (t("vsm.short.cycle"), fmt.minutes(t, metric.cycle_minutes if metric else None)),
        ("%C&A", fmt.pct(step.pct_ca, 0)),
        (t("vsm.short.operators"), fmt.num(step.operators)),
    ]
    dept = wrap(step.department, (box_w - 8) / DATA_FONT, 1)
    return {
        "x": x + TRI,
        "w": box_w,
        "name": name,
        "name_font": round(size, 1),
        "rows": rows,
        "dept": dept[0] if dept else "",
        "color": CLASS_COLORS.get(step.klass, CLASS_COLORS[None]),
        "klass": t.code("vsm.class", step.klass) if step.klass else "",
        "bottleneck": analysis is not None and analysis.bottleneck == step.id,
        "over_takt": metric is not None and metric.over_takt,
        "burst": burst(x + COL - 8, TOP - 9, 14) if markers else "",
        "markers": markers,
        "burst_x": x + COL - 8,
        "tri_cx": x + TRI / 2,
    }


def diagram(t: Catalog, state: VsmMap, analysis: StateAnalysis | None) -> Markup:
    steps = state.steps
    metrics = {m.id: m for m in analysis.step_metrics} if analysis is not None else {}
    marker_count: dict[str, int] = {}
    for marker in state.markers:
        marker_count[marker.step] = marker_count.get(marker.step, 0) + 1
    boxes = [
        _box(t, s, metrics.get(s.id), 10 + i * COL, analysis, marker_count.get(s.id, 0))
        for i, s in enumerate(steps)
    ]
    box_h = 3 * 18 + 14 + 3 * 17 + 24
    ladder_hi = TOP + box_h + 44
    ladder_lo = ladder_hi + 34
    end_x = 10 + len(steps) * COL + 4
    width_px = max(end_x + 6, 620.0)
    ladder = []
    for box, step in zip(boxes, steps, strict=True):
        metric = metrics.get(step.id)
        ladder.append(
            {
                "x0": box["x"] - TRI,
                "x1": box["x"],
                "x2": box["x"] + box["w"],
                "wait": fmt.minutes(t, metric.wait_minutes if metric else None),
                "cycle": fmt.minutes(t, metric.cycle_minutes if metric else None),
            }
        )
    totals = [
        (t("vsm.metric.lead_minutes"), fmt.minutes(t, analysis.lead_minutes if analysis else None)),
        (t("vsm.metric.va_minutes"), fmt.minutes(t, analysis.va_minutes if analysis else None)),
        (t("vsm.metric.pce_pct"), fmt.pct(analysis.pce_pct if analysis else None)),
    ]
    # The totals end at the ladder's end (never before their own width), the legend starts
    # at the left; each entry is placed after the previous one's measured width, and the
    # legend takes a line of its own when it would run into the totals.
    totals_w = (
        sum(width(f"{label} {value}") for label, value in totals) * 13 + 2 * width("   ·   ") * 13
    )
    totals_x = max(end_x, totals_w + 12)
    legend, x = [], 12.0
    for k in ("va", "nnva", "waste"):
        label = t.code("vsm.class", k)
        legend.append({"label": label, "color": CLASS_COLORS[k], "x": x})
        x += 16 + width(label) * LEGEND_FONT + 18
    legend_y = ladder_lo + 46
    if x - 18 + 16 > totals_x - totals_w:
        legend_y += 24
    width_px = max(width_px, totals_x + 6, x)
    return render(
        "svg/vsm.svg",
        boxes=boxes,
        ladder=ladder,
        box_h=box_h,
        top=TOP,
        hi=ladder_hi,
        lo=ladder_lo,
        end_x=end_x,
        totals_x=totals_x,
        width=width_px,
        height=legend_y + 16,
        totals=totals,
        legend=legend,
        legend_y=legend_y,
        tri=TRI,
        name_font=NAME_FONT,
        data_font=DATA_FONT,
        bottleneck=t("vsm.bottleneck"),
        over_takt=t("vsm.over_takt"),
        font=FONT,
    )


FONT = "Noto Sans CJK SC"
