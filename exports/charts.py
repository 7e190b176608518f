"""Charts drawn by pygal, returned as inline SVG markup.

Every chart uses one calm style whose font is the CJK family (SVG text would otherwise fall
back to another glyph set), no JavaScript and no external stylesheet: pygal's own CSS is
inlined in the SVG. Labels are user text; pygal escapes it through its XML tree.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pygal
from markupsafe import Markup
from pygal.style import Style

from .diagrams import bidi

# pygal installs a legacy import hook (for its optional map plugins, unused here) without
# ``find_spec``; Python then warns on every later import. Take it back out.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

FONT = "Noto Sans CJK SC"
CSS = "file://" + str(Path(__file__).parent / "assets" / "chart.css")
NAVY, TEAL, AMBER, RED, GREEN, GREY = (
    "#1f3a5f",
    "#4f8fa8",
    "#d0a24c",
    "#b5533c",
    "#3f8f5f",
    "#9aa3ae",
)


@cache
def style(*colors: str) -> Style:
    return Style(
        font_family=FONT,
        background="transparent",
        plot_background="transparent",
        foreground="#2b2f36",
        foreground_strong="#1f2d3d",
        foreground_subtle="#7b8593",
        colors=colors or (NAVY, TEAL, AMBER, GREEN, RED, GREY),
        opacity=".9",
        opacity_hover=".9",
        label_font_size=12,
        major_label_font_size=12,
        value_font_size=11,
        value_label_font_size=11,
        title_font_size=15,
        legend_font_size=12,
        value_colors=("#1f2d3d",) * 8,
        guide_stroke_color="#d5dae1",
        major_guide_stroke_color="#c5cbd3",
        guide_stroke_dasharray="2,3",
        major_guide_stroke_dasharray="2,3",
        stroke_width="2",
        transition="0s",
    )


def _config(**extra: Any) -> dict[str, Any]:
    return {
        "js": [],
        "css": ["file://style.css", "file://graph.css", CSS],
        "disable_xml_declaration": True,
        "width": 720,
        "height": 300,
        "explicit_size": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 4,
        "print_values": False,
        "show_y_guides": True,
        "show_x_guides": False,
        "margin": 8,
        "margin_bottom": 26,
        "spacing": 10,
        "truncate_legend": -1,
        "truncate_label": -1,
        "tooltip_border_radius": 0,
        **extra,
    }


def _svg(chart: Any) -> Markup:
    """The chart's SVG without pygal's interactive script block (inert in a PDF, and it
    repeats every label). Text nodes are escaped, so the first closing tag is the real one."""
    svg = chart.render(is_unicode=True)
    return Markup(bidi.svg(_SCRIPT.sub("", svg)))


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


def before_after(
    title: str,
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    names: tuple[str, str],
    unit: str,
) -> Markup:
    chart = pygal.Bar(
        style=style(GREY, TEAL),
        **_config(title=title, value_formatter=lambda v: f"{v:g} {unit}".strip(), height=280),
    )
    chart.x_labels = list(labels)
    chart.add(names[0], list(before))
    chart.add(names[1], list(after))
    return _svg(chart)


def pareto(
    title: str,
    labels: Sequence[str],
    counts: Sequence[int],
    cumulative: Sequence[float],
    vital: Sequence[bool],
) -> Markup:
    """Bars of counts (vital few dark) with the cumulative-share line on a 0-100 % axis and
    the 80 % cut-off. pygal has no bar+line combination, so this is an XY chart whose bars
    are filled rectangles: everything is still laid out by pygal on shared axes."""
    n = len(counts)
    chart = pygal.XY(
        style=style(*[NAVY if v else "#8fa3bd" for v in vital], RED, GREY),
        **_config(
            title=title,
            height=320,
            show_legend=False,
            xrange=(-0.6, n - 0.4),
            x_labels=list(range(n)),
            x_value_formatter=lambda x: labels[int(x)] if 0 <= x < n else "",
            range=(0, max(counts) * 1.1),
            secondary_range=(0, 100),
            include_x_axis=True,
            show_x_guides=False,
            print_values=False,
            value_formatter=lambda v: f"{v:g}",
            y_labels_major_every=None,
        ),
    )
    for i, count in enumerate(counts):
        chart.add(
            labels[i],
            [(i - 0.32, 0), (i - 0.32, count), (i + 0.32, count), (i + 0.32, 0)],
            show_dots=False,
            fill=True,
        )
    chart.add(
        "%",
        [(i, c) for i, c in enumerate(cumulative)],
        secondary=True,
        dots_size=3.5,
        stroke_style={"width": 2.2},
    )
    chart.add(
        "80 %",
        [(-0.5, 80), (n - 0.5, 80)],
        secondary=True,
        show_dots=False,
        stroke_style={"width": 1.4, "dasharray": "6,4"},
    )
    return _svg(chart)


def ranking(
    title: str, labels: Sequence[str], dots: Sequence[int], name: str, chosen: int
) -> Markup:
    chart = pygal.HorizontalBar(
        style=style(TEAL),
        **_config(
            title=title,
            show_legend=False,
            print_values=True,
            height=60 + 30 * max(len(dots), 3),
            print_values_position="top",
            max_scale=6,
            value_formatter=lambda v: f"{v:g}",
        ),
    )
    chart.x_labels = list(reversed(labels))
    values = [
        {"value": d, "color": NAVY if i < chosen and d else "#9fb9c7"} for i, d in enumerate(dots)
    ]
    chart.add(name, list(reversed(values)))
    return _svg(chart)


def kpi_trend(
    title: str,
    dates: Sequence[str],
    series: dict[str, list[float | None]],
    baseline: float | None,
    target: float | None,
    names: tuple[str, str],
    unit: str,
) -> Markup:
    colors = [TEAL, NAVY, AMBER, GREEN][: len(series)] or [TEAL]
    values = [v for vs in series.values() for v in vs if v is not None]
    values += [float(v) for v in (baseline, target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or 1.0
    chart = pygal.Line(
        style=style(*colors, "#7b8593", GREEN),
        **_config(
            title=title,
            height=280,
            x_label_rotation=0,
            allow_interruptions=True,
            show_minor_x_labels=True,
            value_formatter=lambda v: f"{v:g} {unit}".strip(),
            range=(max(0.0, low - pad) if low >= 0 else low - pad, high + pad),
            max_scale=6,
            include_x_axis=False,
            dots_size=3.5,
        ),
    )
    chart.x_labels = list(dates)
    for site, points in series.items():
        chart.add(site, points)
    if baseline is not None:
        chart.add(
            names[0],
            [baseline] * len(dates),
            show_dots=False,
            stroke_style={"dasharray": "6,4", "width": 1.5},
        )
    if target is not None:
        chart.add(
            names[1],
            [target] * len(dates),
            show_dots=False,
            stroke_style={"dasharray": "8,4", "width": 2},
        )
    return _svg(chart)


def raci_load(title: str, roles: Sequence[str], load: dict[str, list[int]]) -> Markup:
    chart = pygal.StackedBar(
        style=style(NAVY, RED, AMBER, GREY),
        **_config(title=title, height=260, value_formatter=lambda v: f"{v:g}"),
    )
    chart.x_labels = list(roles)
    for letter, values in load.items():
        chart.add(letter, values)
    return _svg(chart)


SIGNAL = {"worse": RED, "better": GREEN}


def control_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    flagged: Sequence[str],
    lines: tuple[float | None, float | None, float | None],
    names: tuple[str, str, str, str],
    unit: str,
) -> Markup:
    """An individuals (XmR) chart: the readings in order, the centre line solid, the control
    limits dashed. ``flagged`` is each point's signal direction: "worse" points are drawn
    large and red, "better" ones large and green, "" plain. ``lines`` is (centre, UCL, LCL)
    and ``names`` (readings, centre, UCL, LCL)."""
    centre, ucl, lcl = lines
    shown = [float(v) for v in (*values, centre, ucl, lcl) if v is not None]
    low, high = (min(shown), max(shown)) if shown else (0.0, 1.0)
    pad = (high - low) * 0.08 or 1.0
    n = len(values)
    # A long sustain period would crowd the axis: label about a dozen dates.
    every = max(1, -(-n // 12))
    chart = pygal.Line(
        style=style(NAVY, GREY, RED, RED),
        **_config(
            title=title,
            height=280,
            x_label_rotation=0,
            show_minor_x_labels=False,
            x_labels_major_every=every,
            value_formatter=lambda v: f"{v:g} {unit}".strip(),
            range=(low - pad, high + pad),
            max_scale=6,
            include_x_axis=False,
            dots_size=3.5,
        ),
    )
    chart.x_labels = list(labels)
    chart.add(
        names[0],
        [
            {"value": v, "color": SIGNAL[flag], "node": {"r": 5}} if flag in SIGNAL else v
            for v, flag in zip(values, flagged, strict=True)
        ],
    )
    for name, line, dash in zip(names[1:], lines, ("", "7,4", "7,4"), strict=True):
        if line is not None and n:
            chart.add(
                name,
                [line] * n,
                show_dots=False,
                stroke_style={"width": 1.5, **({"dasharray": dash} if dash else {})},
            )
    return _svg(chart)
