"""One colour per meaning in the report: the RACI letter in the matrix and in its load chart's
bars and legend; a value-stream time class in the map, its legend, the time-by-class bar and
the class column. Read from the demo report's HTML as rendered (its CSS and inline SVGs)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from exports import palette
from exports.pdf import render_html

NS = "{http://www.w3.org/2000/svg}"
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def _rules(css: str) -> dict[str, dict[str, str]]:
    """selector -> declarations, for every selector of every rule."""
    out: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        decls = dict(
            (k.strip(), v.strip())
            for k, v in (d.split(":", 1) for d in body.split(";") if ":" in d)
        )
        for selector in selectors.split(","):
            out.setdefault(" ".join(selector.split()), {}).update(decls)
    return out


def _report_css(html: str) -> dict[str, dict[str, str]]:
    inline = "".join(re.findall(r"<style>(.*?)</style>", html.split("</head>")[0], re.S))
    return _rules(inline)


def _chart_legend_colours(svg: str) -> dict[str, str]:
    """A pygal chart's legend text -> the fill of its series' colour class."""
    root = ET.fromstring(svg)
    style = "".join(s.text or "" for s in root.iter(NS + "style"))
    fills = {
        int(n): fill
        for n, fill in re.findall(r"\.color-(\d+)(?:,[^{]*)?\{[^}]*fill:(#[0-9a-fA-F]{6})", style)
    }
    out = {}
    for group in root.iter(NS + "g"):
        if "legend" not in (group.get("class") or "").split():
            continue
        rect = next(group.iter(NS + "rect"), None)
        text = "".join("".join(t.itertext()) for t in group.iter(NS + "text")).strip()
        match = re.search(r"color-(\d+)", (rect.get("class") or "") if rect is not None else "")
        if match and text:
            out[text] = fills[int(match.group(1))]
    return out


@pytest.fixture(scope="module")
def html(demo: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {lang: render_html(snap) for lang, snap in demo.items()}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_raci_letters_have_one_colour_in_matrix_chart_and_legend(
    html: dict[str, str], lang: str
) -> None:
    page = html[lang]
    css = _report_css(page)
    assert css["table.raci td.has-a"]["background"] == palette.RACI["A"]
    assert css["table.raci td.has-r"]["background"] == palette.RACI["R"]
    assert css["table.raci td.has-c"]["color"] == palette.RACI["C"]
    assert css["table.raci td.has-i"]["color"] == palette.RACI["I"]
    # the matrix really uses these classes for its letters
    for letter in "RACI":
        cell = rf'<td class="cell[^"]*has-{letter.lower()}\b[^"]*">[^<]*{letter}'
        assert re.search(cell, page), letter
    charts = [_chart_legend_colours(s) for s in SVG.findall(page) if "pygal-chart" in s]
    load = next(c for c in charts if set(c) == {"R", "A", "C", "I"})
    assert load == palette.RACI
    # an error flag is never the colour of a letter
    assert css["table.raci td.flag"]["background"] not in palette.RACI.values()


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_value_stream_classes_have_one_colour_in_map_legend_bar_and_table(
    html: dict[str, str], lang: str
) -> None:
    page = html[lang]
    css = _report_css(page)
    for key, colour in palette.VSM_CLASS.items():
        assert css[f".dot.{key}"]["background"] == colour
        assert css[f".seg.{key}"]["background"] == colour
    for key, ink in palette.VSM_INK.items():
        assert css[f".klass.{key}"]["color"] == ink
    maps = [s for s in SVG.findall(page) if 'class="diagram"' in s and "<rect" in s]
    legend_fills = set()
    for svg in maps:
        root = ET.fromstring(svg)
        rects = [r for r in root.iter(NS + "rect") if r.get("width") == "11"]
        legend_fills |= {r.get("fill") for r in rects}
    assert {palette.VSM_CLASS[k] for k in ("va", "nnva", "waste")} <= legend_fills
    # nothing else in the report's own CSS gives these classes another colour
    sheet = _rules((Path(palette.__file__).parent / "assets" / "report.css").read_text("utf-8"))
    for selector in sheet:
        assert not re.search(r"\.(klass|dot|seg)\.(va|nnva|waste|wait|unclassified)\b", selector)
        assert not re.search(r"td\.(has-[raci]|flag)\b", selector), selector
