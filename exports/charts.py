"""Charts drawn by pygal, returned as inline SVG markup.

Every chart uses one calm style whose font is the CJK family (SVG text would otherwise fall
back to another glyph set), no JavaScript and no external stylesheet: pygal's own CSS is
inlined in the SVG. Labels are user text; pygal escapes it through its XML tree.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from math import cos, radians, sin
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pygal
import pygal.graph.graph
from markupsafe import Markup
from pygal.style import Style

from . import palette
from .diagrams import bidi
from .diagrams.text import fit, width, wrap

# pygal installs a legacy import hook (for its optional map plugins, unused here) without
# ``find_spec``; Python then warns on every later import. Take it back out.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]


def _measured_box(texts: Iterable[str], font_size: float) -> tuple[float, float]:
    """pygal sizes its margins for labels as 0.6 em per character, which is half the width
    of a Chinese one: "语义分析自动分类投诉" lost its first three characters off the chart's
    left edge. Margins are computed from our measured widths instead."""
    return (font_size, max((width(str(x)) for x in texts), default=0.0) * font_size)


def _measured_title(title: str | None, room: float, font_size: float) -> list[str]:
    """A chart's title (it may hold a KPI's name) on lines of its measured width, at most
    ``TITLE_LINES`` of them, the last cut with "…"."""
    if not title:
        return []
    ems = room / font_size * 0.95
    return [line for part in title.split("\n") for line in wrap(part, ems, TITLE_LINES)]


TITLE_LINES = 2
pygal.graph.graph.get_texts_box = _measured_box
pygal.graph.graph.split_title = _measured_title

FONT = "Noto Sans CJK SC"
CSS = "file://" + str(Path(__file__).parent / "assets" / "chart.css")
NAVY, TEAL, AMBER, RED, GREEN, GREY = (
    palette.NAVY,
    palette.TEAL,
    palette.AMBER,
    palette.RED,
    palette.GREEN,
    palette.GREY,
)
WIDTH = 720
LABEL_PX = 11.5  # x-axis label size (chart.css), other labels 12
LEGEND_PX = 12
# a legend entry (a site's name) longer than the chart is wide is cut with "…"
LEGEND_EMS = (WIDTH - 120) / LEGEND_PX
# A label longer than this is cut with "…" (the table beside every chart has it whole): under
# a bar, turned, and left of a horizontal bar, where it takes at most ~half the width.
LABEL_EMS = 28
SIDE_LABEL_EMS = 32
ROTATION = 35  # degrees: bar labels that cannot be wrapped into their slot are turned
LINES = 6  # lines of a wrapped bar label
LINE_PX = 14.0


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


def _svg(chart: Any, lines: dict[str, list[str]] | None = None) -> Markup:
    """The chart's SVG without pygal's interactive script block (inert in a PDF, and it
    repeats every label) and its tooltips. Text nodes are escaped, so the first closing tag
    is the real one. Wrapped labels are broken into their lines, and the legend below moves
    down by the lines pygal did not know of; then every text is put in the order and forms
    WeasyPrint must draw (``diagrams.bidi``)."""
    svg = _UNDRAWN.sub("", chart.render(is_unicode=True))
    if lines:
        extra = (max(len(ls) for ls in lines.values()) - 1) * LINE_PX
        svg = _LEGENDS.sub(
            lambda m: (
                f'<g transform="translate({m.group(1)}, {float(m.group(2)) + extra:g})" '
                'class="legends">'
            ),
            svg,
        )
        svg = _break_lines(svg, lines)
    return Markup(bidi.svg(svg))


# What a PDF never draws: pygal's script, the tooltips' <desc> and <title> elements (four
# per bar, a third of a chart's elements) and comments. WeasyPrint would still parse and
# style each of them: 0.1-0.2 s of a demo render.
_UNDRAWN = re.compile(
    r"<script\b.*?</script>|<desc\b[^>]*>[^<]*</desc>|<title>[^<]*</title>|<!--.*?-->", re.S
)
_LEGENDS = re.compile(r'<g transform="translate\(([-\d.e]+), ([-\d.e]+)\)" class="legends">')


def _legend_columns(names: Sequence[str], plot_px: float = WIDTH - 100) -> int:
    """As many legend columns as the longest entry leaves room for (pygal gives every column
    the same width and would print a long entry over its neighbour)."""
    entry = max((width(n) for n in names), default=0.0) * LEGEND_PX + 2 * LEGEND_PX + 10
    return max(1, min(4, len(names), int(plot_px // max(entry, 1.0))))


@dataclass(frozen=True)
class _Labels:
    """Category labels under the bars, as pygal gets them, and how they are fitted."""

    shown: list[str]
    rotation: int = 0
    extra: float = 0.0  # height they take beyond one line; added to the chart's
    overhang: float = 0.0  # how far a turned last label reaches right of its tick
    lines: dict[str, list[str]] = field(default_factory=dict)  # label -> its wrapped lines


def _axis_labels(labels: Sequence[str], plot_px: float) -> _Labels:
    """Labels whole: on one line when they fit their bar's slot, else wrapped onto up to
    ``LINES`` lines, else (a word wider than the slot, or more lines) cut to ``LABEL_EMS``
    and turned by ``ROTATION``. pygal draws one line; ``_svg`` breaks the wrapped ones."""
    labels = list(labels)
    slot = plot_px / max(len(labels), 1) * 0.92 / LABEL_PX
    if all(width(label) <= slot for label in labels):
        return _Labels(labels)
    wrapped = {label: wrap(label, slot, LINES) for label in labels}
    if slot >= 3 and all(_whole(label, lines) for label, lines in wrapped.items()):
        most = max(len(lines) for lines in wrapped.values())
        return _Labels(labels, extra=(most - 1) * LINE_PX, lines=wrapped)
    shown = [fit(label, LABEL_EMS) for label in labels]
    widest = max((width(label) for label in shown), default=0.0) * LABEL_PX
    overhang = width(shown[-1]) * LABEL_PX * cos(radians(ROTATION)) if shown else 0.0
    return _Labels(shown, ROTATION, widest * sin(radians(ROTATION)), overhang)


def _label_room(axis: _Labels) -> dict[str, Any]:
    """pygal settings that leave the fitted labels their room: turned labels pygal sizes
    itself (but not a last one reaching past the plot), wrapped ones need their lines."""
    if axis.rotation:
        return {"x_label_rotation": axis.rotation, "margin_right": 8 + axis.overhang}
    return {"x_label_rotation": 0, "margin_bottom": 26 + axis.extra}


def _whole(label: str, lines: list[str]) -> bool:
    return "".join("".join(lines).split()) == "".join(label.split())


_TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")
_DY = f' dy="{LINE_PX}"'
_X = re.compile(r'\bx="([-\d.e]+)"')


def _break_lines(svg: str, lines: dict[str, list[str]]) -> str:
    """Each wrapped label's text node as one tspan per line, under the first."""
    by_text = {escape(label): [escape(line) for line in ls] for label, ls in lines.items()}

    def broken(match: re.Match[str]) -> str:
        attrs, text = match.group(1), match.group(2)
        x = _X.search(attrs)
        if text not in by_text or x is None:
            return match.group(0)
        spans = "".join(
            f'<tspan x="{x.group(1)}"{_DY if n else ""}>{line}</tspan>'
            for n, line in enumerate(by_text[text])
        )
        return f"<text {attrs}>{spans}</text>"

    return _TEXT.sub(broken, svg)


def before_after(
    title: str,
    labels: Sequence[str],
    before: Sequence[float | None],
    after: Sequence[float | None],
    names: tuple[str, str],
    unit: str,
) -> Markup:
    axis = _axis_labels(labels, WIDTH - 90)
    chart = pygal.Bar(
        style=style(palette.STATE["current"], palette.STATE["future"]),
        **_config(
            title=title,
            value_formatter=lambda v: f"{v:g} {unit}".strip(),
            height=280 + axis.extra,
            **_label_room(axis),
            legend_at_bottom_columns=_legend_columns(names),
        ),
    )
    chart.x_labels = axis.shown
    chart.add(names[0], list(before))
    chart.add(names[1], list(after))
    return _svg(chart, axis.lines)


SHARES = (0, 25, 50, 75, 100)


def _count_ticks(top: float) -> list[int]:
    """Whole-number ticks from 0 past ``top``, at most about eight of them: counts have no
    0.1 of a cell."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if top / s <= 8)
    if top / step > 8:  # beyond the table: a power of ten
        step = 10 ** len(str(int(top // 8)))
    return list(range(0, (-(-int(top) // step) or 1) * step + 1, step))


class _ParetoChart(pygal.XY):  # type: ignore[misc]
    """The Pareto's right axis is a share: its labels carry "%" (pygal formats both axes
    with the one value formatter)."""

    def _compute_secondary(self) -> None:
        # pygal maps the secondary range onto the first to the last primary label, and
        # labels it at the primary labels' places (88.8889 % beside a count of 8): label it
        # at round shares instead.
        super()._compute_secondary()
        labels: list[tuple[str, float]] | None = getattr(self, "_y_2nd_labels", None)
        if labels:
            low, high = labels[0][1], labels[-1][1]
            self._y_2nd_labels = [(f"{p} %", low + (high - low) * p / 100) for p in SHARES]


def pareto(
    title: str,
    labels: Sequence[str],
    counts: Sequence[int],
    cumulative: Sequence[float],
    vital: Sequence[bool],
    count_axis: str = "",
) -> Markup:
    """Bars of counts (vital few dark) with the cumulative-share line on a 0-100 % axis and
    the 80 % cut-off. pygal has no bar+line combination, so this is an XY chart whose bars
    are filled rectangles: everything is still laid out by pygal on shared axes."""
    n = len(counts)
    axis = _axis_labels(labels, WIDTH - 140)
    shown = axis.shown
    ticks = _count_ticks(max(max(counts), 1))
    colors = [palette.PARETO["vital" if v else "trivial"] for v in vital]
    chart = _ParetoChart(
        style=style(*colors, palette.PARETO["cumulative"], palette.PARETO["cutoff"]),
        **_config(
            title=title,
            y_title=count_axis or None,
            height=320 + axis.extra,
            show_legend=False,
            xrange=(-0.6, n - 0.4),
            x_labels=list(range(n)),
            x_value_formatter=lambda x: shown[int(x)] if 0 <= x < n else "",
            **_label_room(axis),
            range=(0, ticks[-1]),
            y_labels=ticks,
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
            shown[i],
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
    return _svg(chart, axis.lines)


def ranking(
    title: str,
    labels: Sequence[str],
    dots: Sequence[int],
    name: str,
    chosen: int,
    axis: str = "",
) -> Markup:
    """Horizontal bars: the left margin is as wide as the longest (measured) label."""
    shown = [fit(label, SIDE_LABEL_EMS) for label in labels]
    ticks = _count_ticks(max(dots, default=0) or 1)
    chart = pygal.HorizontalBar(
        style=style(palette.VOTE["other"]),
        **_config(
            title=title,
            x_title=axis or None,
            show_legend=False,
            print_values=True,
            height=60 + 30 * max(len(dots), 3) + (30 if axis else 0),
            print_values_position="top",
            y_labels=ticks,
            range=(0, ticks[-1]),
            value_formatter=lambda v: f"{v:g}",
        ),
    )
    chart.x_labels = list(reversed(shown))
    values = [
        {"value": d, "color": palette.VOTE["chosen" if i < chosen and d else "other"]}
        for i, d in enumerate(dots)
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
    colors = list(palette.SITES[: len(series)]) or [palette.SITES[0]]
    values = [v for vs in series.values() for v in vs if v is not None]
    values += [float(v) for v in (baseline, target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or 1.0
    legend = [
        *(fit(site, LEGEND_EMS) for site in series),
        *(n for n, v in zip(names, (baseline, target), strict=True) if v is not None),
    ]
    # A long pilot would crowd the axis: label about a dozen dates, turned if still too wide.
    every = max(1, -(-len(dates) // 12))
    axis = _axis_labels([fit(d, LABEL_EMS) for d in dates[::every]], WIDTH - 90)
    turned = axis.rotation or (ROTATION if axis.lines else 0)
    chart = pygal.Line(
        # pygal colours series by position: only the lines drawn take a colour
        style=style(
            *colors,
            *([palette.BASELINE] if baseline is not None else []),
            *([palette.TARGET] if target is not None else []),
        ),
        **_config(
            title=title,
            height=280 + (axis.extra if axis.rotation else 0),
            x_label_rotation=turned,
            margin_right=8 + axis.overhang,
            allow_interruptions=True,
            show_minor_x_labels=False,
            x_labels_major_every=every,
            value_formatter=lambda v: f"{v:g} {unit}".strip(),
            range=(max(0.0, low - pad) if low >= 0 else low - pad, high + pad),
            max_scale=6,
            include_x_axis=False,
            dots_size=3.5,
            legend_at_bottom_columns=_legend_columns(legend),
        ),
    )
    chart.x_labels = [fit(d, LABEL_EMS) for d in dates]
    for site, points in series.items():
        chart.add(fit(site, LEGEND_EMS), points)
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


def raci_load(
    title: str, roles: Sequence[str], load: dict[str, list[int]], axis: str = ""
) -> Markup:
    """Stacked bars per role, each letter in its colour of the matrix (``palette.RACI``)."""
    fitted = _axis_labels(roles, WIDTH - 90)
    totals = [sum(column) for column in zip(*load.values(), strict=True)]
    ticks = _count_ticks(max(totals, default=0) or 1)
    chart = pygal.StackedBar(
        style=style(*(palette.RACI[letter] for letter in load)),
        **_config(
            title=title,
            y_title=axis or None,
            height=260 + fitted.extra,
            y_labels=ticks,
            range=(0, ticks[-1]),
            **_label_room(fitted),
            value_formatter=lambda v: f"{v:g}",
            legend_at_bottom_columns=_legend_columns(list(load)),
        ),
    )
    chart.x_labels = fitted.shown
    for letter, values in load.items():
        chart.add(letter, values)
    return _svg(chart, fitted.lines)


SIGNAL = palette.SIGNAL


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
    legend = [
        names[0],
        *(nm for nm, line in zip(names[1:], lines, strict=True) if line is not None),
    ]
    chart = pygal.Line(
        style=style(
            palette.CONTROL["readings"],
            *(
                palette.CONTROL["centre" if i == 0 else "limit"]
                for i, line in enumerate(lines)
                if line is not None and n
            ),
        ),
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
            legend_at_bottom_columns=_legend_columns(legend),
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
