"""Hebrew, Arabic and emoji in our SVG diagrams and charts, as WeasyPrint draws them into the
PDF (it draws SVG text one code point at a time: exports/diagrams/bidi.py puts each line in
display order and joined forms first). Checked on the drawn glyphs' places, read back with
PyMuPDF: a right-to-left word's first letter is drawn rightmost, Arabic in its joined
(presentation) forms, Latin still left to right, and no emoji is missing or split."""

from __future__ import annotations

import unicodedata

import pymupdf
from pycrdt import Array, Doc
from weasyprint import HTML

from boards.fishbone.layout import CATEGORY_ORDER, add_cause
from boards.registry import get_kind
from exports import charts
from exports.diagrams import bidi
from exports.diagrams.fishbone import diagram

HEBREW = "שלום"
ARABIC = "مراجعة"
CAUSE = f"{HEBREW} Jump {ARABIC} 👍🏽 👨‍👩‍👧"


def _drawn(svg: str) -> list[tuple[str, float, int]]:
    """(character, left edge, glyph id) of every character drawn in the page."""
    pdf = HTML(string=f"<html><body>{svg}</body></html>").write_pdf()
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [
            (chr(c[0]), c[3][0], c[1])
            for page in doc
            for span in page.get_texttrace()
            for c in span["chars"]
        ]


def _x(drawn: list[tuple[str, float, int]], char: str) -> float:
    return next(x for c, x, _ in drawn if c == char)


def _check(drawn: list[tuple[str, float, int]]) -> None:
    text = "".join(c for c, _, _ in drawn)
    # Hebrew: the first letter is the rightmost; Latin keeps its order.
    assert _x(drawn, "ש") > _x(drawn, "ם"), text
    assert _x(drawn, "J") < _x(drawn, "p"), text
    # Arabic: joined forms (none of the plain letters is drawn), the first on the right.
    assert not any(ch in ARABIC for ch in text), text
    forms = [(c, x) for c, x, _ in drawn if "ARABIC LETTER" in unicodedata.name(c, "")]
    assert len(forms) == len(ARABIC), text
    first = [x for c, x in forms if unicodedata.name(c).startswith("ARABIC LETTER MEEM")]
    assert first and first[0] == max(x for _, x in forms), text
    # Emoji: drawn from the emoji font, the skin tone and the family's joiners not apart.
    assert "👍" in text and "👨" in text and "🏽" not in text and "👩" not in text, text
    assert not [c for c, _, glyph in drawn if glyph == 0 and not c.isspace()], text


def test_fishbone_diagram_draws_rtl_and_emoji_in_display_order() -> None:
    kind = get_kind("fishbone")
    content, ledger = Doc(), Doc()
    kind.seed(content, ledger, language="en", demo=False)
    category = str(content.get(CATEGORY_ORDER, type=Array)[0])
    add_cause(content, "c1", text=CAUSE, category=category)
    _check(_drawn(str(diagram(kind.read(content, ledger)))))


def test_chart_labels_draw_rtl_in_display_order() -> None:
    svg = charts.ranking("votes", [CAUSE, "two"], [3, 1], "dots", chosen=1)
    _check(_drawn(str(svg)))


def test_text_without_rtl_or_emoji_sequences_is_left_alone() -> None:
    for text in ("客户投诉 (处理) 2,000 <b>", "Wait & see", "😀 ok"):
        assert bidi.visual(text) == text
    markup = '<svg><text x="1">a &amp; b</text><tspan>שלום &lt;x&gt;</tspan></svg>'
    out = bidi.svg(markup)
    assert out.startswith('<svg><text x="1">a &amp; b</text><tspan>')
    assert "&lt;x&gt;" in out or "&lt;x&gt;"[::-1] in out or "&gt;x&lt;" in out


def _lines(html: str) -> list[str]:
    """Each drawn line's characters in their left-to-right order on the page."""
    pdf = HTML(string=html).write_pdf()
    lines: dict[int, list[tuple[float, str]]] = {}
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for span in doc[0].get_texttrace():
            for c in span["chars"]:
                lines.setdefault(round(c[2][1]), []).append((c[3][0], chr(c[0])))
    return ["".join(ch for _, ch in sorted(chars)).strip() for _, chars in sorted(lines.items())]


def test_html_text_starting_right_to_left_is_laid_out_right_to_left() -> None:
    page = (
        "<html><body style='width: 300px'><table><tr><td>{}</td></tr></table>"
        "<p>Owner: {}</p><svg><text x='1' y='20'>{}</text></svg></body></html>"
    )
    text = "שלום world!"
    lines = _lines(bidi.html(page.format(text, text, text)))
    # the cell starts in Hebrew: its "!" ends the line on the left; the paragraph starts
    # in Latin and keeps it on the right; the SVG is left to svg()
    assert lines[0] == "!world םולש", lines
    assert lines[1] == "Owner: םולש world!", lines
    assert bidi.html(page.format("a", "b", text)) == page.format("a", "b", text)
    assert bidi.html("<p>שלום &amp; <b>x</b></p>") == (
        '<p><span dir="rtl">שלום &amp; </span><b>x</b></p>'
    )
