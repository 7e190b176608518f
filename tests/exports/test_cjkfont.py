"""The renderer's small CJK font (``exports/cjkfont.py``): used for what it covers, the full
Noto Sans CJK SC for any other character, nothing missing."""

from __future__ import annotations

import io
import os

from pypdf import PdfReader

from exports import cjkfont
from tests.support.services import unavailable

COMMON = "投诉处理流程 Pilot results — “quotes” ①② ㎡ テスト"
RARE = "龘靐齉 𠮷 한국어"  # outside GB 2312: Noto's own glyphs


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def test_small_font_first_full_font_for_the_rest() -> None:
    if not cjkfont.built():
        unavailable("the report font is not built: run ./setup.sh install")
    from exports.pdf import html_to_pdf

    assert os.environ.get("FONTCONFIG_FILE") == str(cjkfont.CONFIG)
    html = (
        '<html><head><link rel="stylesheet" href="report.css"></head><body>'
        f"<p>{COMMON}</p><p><b>{COMMON}</b></p></body></html>"
    )
    common = html_to_pdf(html)
    assert embedded_fonts(common) == {"Obeya-Sans-CJK-SC", "Obeya-Sans-CJK-SC-Bold"}
    text = PdfReader(io.BytesIO(common)).pages[0].extract_text()
    assert all(word in text for word in COMMON.split())

    rare = html_to_pdf(html.replace(f"<p>{COMMON}</p>", f"<p>{COMMON} {RARE}</p>"))
    fonts = embedded_fonts(rare)
    assert {"Obeya-Sans-CJK-SC", "Noto-Sans-CJK-SC"} <= fonts, fonts
    text = PdfReader(io.BytesIO(rare)).pages[0].extract_text()
    assert all(word in text for word in RARE.split()), text


def test_code_points_cover_what_reports_use() -> None:
    points = cjkfont.code_points()
    for char in "投诉处理，。（）、《》—“”…①％￥℃ABCéü→✓":
        assert ord(char) in points, char
    assert ord("龘") not in points and ord("한") not in points


def test_every_glyph_of_the_small_font_is_its_own_cid() -> None:
    """WeasyPrint writes glyph ids as CIDs (``CIDToGIDMap /Identity``); a reader that looks
    the CID up in the font's charset, as MuPDF does, drew the cut's digits and ligatures
    as nothing while other readers drew them."""
    if not cjkfont.built():
        unavailable("the report font is not built: run ./setup.sh install")
    from fontTools.ttLib import TTFont

    for style in cjkfont.STYLES:
        with TTFont(cjkfont.target(style), lazy=True) as font:
            charset = font["CFF "].cff.topDictIndex[0].charset
            wrong = [
                (gid, name) for gid, name in enumerate(charset[1:], 1) if name != f"cid{gid:05d}"
            ]
            assert not wrong, f"{style}: {len(wrong)} glyphs keyed by another CID: {wrong[:5]}"


def test_digits_and_ligatures_are_drawn_where_pymupdf_reads_them() -> None:
    if not cjkfont.built():
        unavailable("the report font is not built: run ./setup.sh install")
    import pymupdf

    from exports.pdf import html_to_pdf

    text = "Register 1234567890 office ffi 投诉 15"
    pdf = html_to_pdf(
        f"<html><body style=\"font-family: 'Noto Sans CJK SC'\"><p>{text}</p></body></html>"
    )
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        page = doc[0]
        assert "".join(page.get_text().split()) == "".join(text.split())
        size = page.get_texttrace()[0]["size"]
        for span in page.get_texttrace():
            for unicode, _, _, bbox in span["chars"]:
                char = chr(unicode)
                if not char.isdigit():
                    continue
                # one advance wide (Noto's 0.555 em), not zero nor a full em
                assert 0.5 * size < bbox[2] - bbox[0] < 0.6 * size, (char, bbox)
                # and inked there
                pix = page.get_pixmap(dpi=150, clip=pymupdf.Rect(bbox), colorspace="gray")
                assert min(pix.samples) < 128, f"{char} is not drawn"
