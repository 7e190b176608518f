"""An SVG's stylesheet applied as attributes before WeasyPrint loads it (``exports/svgstyle``)
draws exactly what WeasyPrint draws from the sheet itself: pages rasterised pixel for pixel."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pymupdf
import pytest
from weasyprint import HTML

from exports import charts, pdf, svgstyle
from exports.fetcher import BASE_URL, AssetFetcher


def _pixels(svg: str) -> bytes:
    """``svg`` as the report shows it (an image, full width) rasterised at 100 dpi."""
    data = base64.b64encode(svg.encode()).decode("ascii")
    html = (
        "<style>@page { size: 200mm 120mm; margin: 0 } img { width: 100%; display: block }"
        f'</style><img src="data:image/svg+xml;base64,{data}">'
    )
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher())
    pdf_bytes = document.write_pdf(font_config=pdf._fonts())
    with pymupdf.open(stream=pdf_bytes, filetype="pdf") as doc:  # type: ignore[no-untyped-call]
        return bytes(doc[0].get_pixmap(dpi=100).samples)


def _inlined(svg: str) -> str:
    """``svg`` with its stylesheet applied, as ``exports/pdf.py`` hands it to WeasyPrint, or
    as it is without one."""
    root = ET.fromstring(svg)
    return ET.tostring(root, encoding="unicode") if svgstyle.inline(root) else svg


CHARTS = {
    "pareto": lambda: charts.pareto(
        "帕累托",
        ["等待审批", "信息不全", "系统宕机"],
        [12, 7, 2],
        [57.1, 90.5, 100.0],
        [True, True, False],
        "次数",
    ),
    "ranking": lambda: charts.ranking("Votes", ["Idea A", "Idea B", "C"], [5, 3, 1], "dots", 1),
    "raci_load": lambda: charts.raci_load(
        "Load", ["Owner", "Analyst"], {"R": [2, 1], "A": [1, 0], "C": [0, 2], "I": [1, 1]}
    ),
}


@pytest.mark.parametrize("kind", sorted(CHARTS))
def test_a_chart_with_its_sheet_inlined_draws_the_same_pixels(kind: str) -> None:
    svg = str(CHARTS[kind]())
    assert "<style" in svg
    inlined = _inlined(svg)
    assert "<style" not in inlined
    assert _pixels(inlined) == _pixels(svg)


# Each rule below decides a square's colour only if applied in WeasyPrint's order: a sheet
# rule beats a presentation attribute, the more specific rule beats the less, a ``style``
# attribute beats the sheet, ``!important`` beats the ``style`` attribute, the root's rule is
# inherited; a selector on an attribute the sheet itself sets sees the attribute as written.
CASCADE = """<svg xmlns="http://www.w3.org/2000/svg" id="chart-1" viewBox="0 0 60 10" fill="red">
<style>#chart-1 rect { fill: blue } #chart-1 rect.b { fill: green } #chart-1 .c { fill: lime }
#chart-1 .d { fill: navy !important } svg#chart-1 { fill: orange }
#chart-1 [fill="purple"] { fill: teal } #chart-1 [fill="teal"] { stroke: red; stroke-width: 2 }
</style>
<rect x="0" width="10" height="10" fill="yellow"/><rect class="b" x="10" width="10" height="10"/>
<rect class="c" x="20" width="10" height="10" style="fill: black"/>
<rect class="d" x="30" width="10" height="10" style="fill: black"/>
<circle cx="45" cy="5" r="4"/><rect x="50" width="10" height="10" fill="purple"/></svg>"""


def test_the_cascade_order_is_weasyprints_own() -> None:
    inlined = _inlined(CASCADE)
    assert "<style" not in inlined and 'id="chart-1"' in inlined
    assert _pixels(inlined) == _pixels(CASCADE)


def test_charts_of_one_style_share_one_compiled_sheet() -> None:
    first = str(CHARTS["ranking"]())
    second = str(CHARTS["ranking"]())
    assert first.split('id="', 1)[1][:40] != second.split('id="', 1)[1][:40]  # own ids
    _inlined(first)
    before = svgstyle._matchers.cache_info()
    _inlined(second)
    after = svgstyle._matchers.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)


def test_an_svg_without_a_sheet_is_left_as_it_is() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect fill="red"/></svg>'
    assert _inlined(svg) == svg
