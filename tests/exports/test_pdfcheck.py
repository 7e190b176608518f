"""The page checker (tests/support/pdfcheck.py) finds each kind of problem it names, on
pages WeasyPrint draws, and nothing on a clean page: the layout corpus's "no problem" means
something."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from weasyprint import HTML

from tests.support import pdfcheck

PAGE = "<html><body style='font-family: \"Noto Sans CJK SC\"'>{}</body></html>"


def _kinds(body: str) -> list[tuple[int, str]]:
    pdf = HTML(string=PAGE.format(body)).write_pdf()
    return [(p.page, p.kind) for p in pdfcheck.check(pdf)]


def test_a_clean_page_has_no_problem() -> None:
    body = (
        "<h1>Report</h1><p>Text 你好 😀 שלום مرحبا</p><table><tr><td>a</td><td>b</td></tr></table>"
    )
    assert _kinds(body) == []


def test_each_kind_of_problem_is_found_with_its_page() -> None:
    wide = "<p style='white-space: nowrap'>" + "overflowing " * 40 + "</p>"
    clipped = "<div style='width: 30mm; overflow: hidden; white-space: nowrap'>cut " * 3
    clipped += "off here and hidden</div>" * 3
    missing = "<p>private \ue000 use</p>"
    overlap = (
        "<div style='position: relative; height: 20pt'>"
        "<span style='position: absolute; left: 0'>Necessary</span>"
        "<span style='position: absolute; left: 4pt'>Waste</span></div>"
    )
    pages = [wide, clipped, missing, overlap]
    found = _kinds("<div style='break-after: page'></div>".join(pages))
    assert (1, "outside") in found, found
    assert (2, "clipped") in found, found
    assert (3, "missing glyph") in found, found
    assert (4, "overlap") in found, found
    assert not [f for f in found if f[0] == 3 and f[1] != "missing glyph"], found


def test_contact_sheet_shows_every_page(tmp_path: Path) -> None:
    pdf = HTML(string=PAGE.format("<p style='break-after: page'>a</p>" * 3)).write_pdf()
    problems = [pdfcheck.Problem(2, "outside", "x", (10, 10, 40, 20))]
    path = pdfcheck.contact_sheet(pdf, tmp_path / "sheet.png", problems, columns=2, width=100)
    with Image.open(path) as image:
        assert image.width == 2 * 108 and image.height > 2 * 100  # two rows of thumbnails
        # the page with a problem is framed in red
        assert image.getpixel((108 + 4, 60)) == (220, 0, 0)
