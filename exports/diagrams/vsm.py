"""The value-stream map of one state: process boxes with their data boxes, inventory
triangles for the queues, push arrows, kaizen bursts and the timeline ladder (queue time
up, cycle time down) with lead time, value-adding time and PCE at its end.

A long map is drawn in rows of at most ``PER_ROW`` steps, one SVG a row at the same scale,
so a 100-step map runs over pages instead of shrinking to nothing; the totals and the legend
end the last row."""

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
TOP = 34.0
PER_ROW = 7
DEPT_FONT = 11.5
DEPT_LINE = 13.0
LEGEND_FONT = 12.0
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
    longest = longest_word(text, bold=True)
    size = max(10.5, min(NAME_FONT, (box_w - 14) / max(longest, 1.0)))
    name = wrap(text, (box_w - 14) / size, 3, bold=True)
    rows = [
        (t("vsm.short.cycle"), fmt.minutes(t, metric.cycle_minutes if metric else None)),
        ("%C&A", fmt.pct(step.pct_ca, 0)),
        (t("vsm.short.operators"), fmt.num(step.operators)),
    ]
    # a department name wraps to a second line before it is shortened
    dept = wrap(step.department, (box_w - 12) / DEPT_FONT, 2)
    return {
        "x": x + TRI,
        "w": box_w,
        "name": name,
        "name_font": round(size, 1),
        "rows": rows,
        "dept": dept,
        "color": CLASS_COLORS.get(step.klass, CLASS_COLORS[None]),
        "klass": t.code("vsm.class", step.klass) if step.klass else "",
        "bottleneck": analysis is not None and analysis.bottleneck == step.id,
        "over_takt": metric is not None and metric.over_takt,
        "burst": burst(x + COL - 8, TOP - 9, 14) if markers else "",
        "markers": markers,
        "burst_x": x + COL - 8,
        "tri_cx": x + TRI / 2,
    }


def _legend(t: Catalog, y: float) -> list[dict[str, Any]]:
    """The class colours, each label placed after the measured width of the one before."""
    out, x = [], 12.0
    for key in ("va", "nnva", "waste"):
        label = t.code("vsm.class", key)
        out.append({"label": label, "color": CLASS_COLORS[key], "x": x, "y": y})
        x += 16 + width(label) * LEGEND_FONT + 22
    return out


def diagram(t: Catalog, state: VsmMap, analysis: StateAnalysis | None) -> Markup:
    steps = state.steps
    metrics = {m.id: m for m in analysis.step_metrics} if analysis is not None else {}
    marker_count: dict[str, int] = {}
    for marker in state.markers:
        marker_count[marker.step] = marker_count.get(marker.step, 0) + 1
    rows = [steps[i : i + PER_ROW] for i in range(0, len(steps), PER_ROW)] or [[]]
    totals = [
        (t("vsm.metric.lead_minutes"), fmt.minutes(t, analysis.lead_minutes if analysis else None)),
        (t("vsm.metric.va_minutes"), fmt.minutes(t, analysis.va_minutes if analysis else None)),
        (t("vsm.metric.pce_pct"), fmt.pct(analysis.pce_pct if analysis else None)),
    ]
    # every row drawn at one scale: as wide as a full row when there are several
    widest = max(len(row) for row in rows)
    parts = []
    for n, row in enumerate(rows):
        boxes = [
            _box(t, s, metrics.get(s.id), 10 + i * COL, analysis, marker_count.get(s.id, 0))
            for i, s in enumerate(row)
        ]
        dept_lines = max([1, *(len(b["dept"]) for b in boxes)])
        box_h = 3 * 18 + 14 + 3 * 17 + 24 + (dept_lines - 1) * DEPT_LINE
        ladder_hi = TOP + box_h + 44
        ladder_lo = ladder_hi + 34
        end_x = 10 + len(row) * COL + 4
        last = n == len(rows) - 1
        ladder = []
        for box, step in zip(boxes, row, strict=True):
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
        legend = _legend(t, ladder_lo + 36) if last else []
        width_ = max(10 + widest * COL + 10, 620.0)
        # the totals go at the right end of the legend's line, or on a line of their own
        # under it when both do not fit (measured, so they never overlap)
        sep = "   ·   "
        totals_ems = sum(width(f"{label} {value}") for label, value in totals)
        totals_ems += width(sep) * (len(totals) - 1)
        totals_font = min(13.0, (width_ - 24) / max(totals_ems, 1.0))
        legend_end = (
            legend[-1]["x"] + 16 + width(legend[-1]["label"]) * LEGEND_FONT if legend else 0
        )
        totals_x, totals_anchor, totals_y = max(end_x, width_ - 12), "end", ladder_lo + 46
        if legend_end + 24 + totals_ems * totals_font > totals_x:
            totals_x, totals_anchor, totals_y = 12.0, "start", ladder_lo + 68
        parts.append(
            render(
                "svg/vsm.svg",
                boxes=boxes,
                ladder=ladder,
                box_h=box_h,
                top=TOP,
                hi=ladder_hi,
                lo=ladder_lo,
                end_x=end_x,
                width=width_,
                height=(totals_y + 16 if last else ladder_lo + 30),
                totals=totals if last else [],
                totals_y=totals_y,
                totals_x=totals_x,
                totals_anchor=totals_anchor,
                totals_font=round(totals_font, 1),
                sep=sep,
                legend=legend,
                tri=TRI,
                name_font=NAME_FONT,
                data_font=DATA_FONT,
                dept_font=DEPT_FONT,
                dept_line=DEPT_LINE,
                bottleneck=t("vsm.bottleneck"),
                over_takt=t("vsm.over_takt"),
                font=FONT,
                continued=not last,
            )
        )
    return Markup("").join(parts)


FONT = "Noto Sans CJK SC"
