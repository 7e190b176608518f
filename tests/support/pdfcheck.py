"""An automatic page checker for the report PDFs (issue 19): every drawn character is read back
with PyMuPDF and each page is checked for

- ``outside``: a character outside the page box, or in the 5 mm band along its edges where
  printers cannot print (text pushed off the page by a table too wide for it);
- ``clipped``: a character drawn but hidden by a clip path (a cut label in a chart, a cell
  cut by ``overflow: hidden``), seen by comparing the text with and without clipping;
- ``missing glyph``: a character drawn with glyph 0 (``.notdef``, the empty box or ☒ a
  font shows for a code point it lacks);
- ``overlap``: two characters of different text runs drawn on top of each other (the
  "Necessary non-vaWasteding" legend).

``check(pdf)`` returns the problems, each with its page number and the text concerned, so a
failing test reads as a list of what to fix; ``contact_sheet`` draws every page as a
thumbnail into one PNG for a person to look at.
"""

from __future__ import annotations

import io
import itertools
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf
from PIL import Image, ImageDraw

MM = 72 / 25.4
# Most printers leave 4-5 mm unprinted along each edge.
PRINTABLE_INSET = 5 * MM
TOLERANCE = 0.5  # points: rounding in the PDF's numbers, and antialiasing
# Two characters overlap when their cores (the advance times the x-height band above the
# baseline) share more than this part of the smaller one: glyph boxes touch and kerning
# nudges are never that much.
OVERLAP_SHARE = 0.3
# Characters never drawn with ink: spaces, joiners, marks of bidi and variation.
INKLESS = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}


@dataclass(frozen=True)
class Problem:
    page: int  # 1-based
    kind: str  # outside | clipped | missing glyph | overlap
    text: str  # the characters concerned, with some of their neighbours
    where: tuple[float, float, float, float] = (0, 0, 0, 0)

    def __str__(self) -> str:
        x0, y0, x1, y1 = (round(v) for v in self.where)
        return f"page {self.page}: {self.kind}: {self.text!r} at ({x0},{y0})-({x1},{y1})"


@dataclass(frozen=True)
class Char:
    text: str
    glyph: int
    font: str
    run: int  # the text run (show-text operation) it was drawn in
    box: tuple[float, float, float, float]
    core: tuple[float, float, float, float]


def _chars(page: pymupdf.Page) -> list[Char]:
    chars = []
    for run, span in enumerate(page.get_texttrace()):
        if span.get("type") == 3 or span.get("opacity", 1) == 0:  # invisible text
            continue
        size = float(span["size"])
        for unicode, glyph, origin, bbox in span["chars"]:
            text = chr(unicode) if unicode >= 0 else "\ufffd"
            x0, _, x1, _ = bbox
            _, oy = origin
            core = (min(x0, x1), oy - 0.55 * size, max(x0, x1), oy)
            chars.append(Char(text, glyph, span["font"], run, tuple(bbox), core))
    return chars


def _inked(char: Char) -> bool:
    return unicodedata.category(char.text[0]) not in INKLESS


def _area(box: Sequence[float]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _intersection(a: Sequence[float], b: Sequence[float]) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))


def _merge(boxes: Iterable[Sequence[float]]) -> tuple[float, float, float, float]:
    listed = list(boxes)
    return (
        min(b[0] for b in listed),
        min(b[1] for b in listed),
        max(b[2] for b in listed),
        max(b[3] for b in listed),
    )


def _spaced(chars: Sequence[Char]) -> str:
    """The characters' text, with a space where the PDF leaves a gap between words (it draws
    words apart rather than drawing a space) or starts a new line."""
    out = []
    for prev, char in itertools.pairwise([None, *chars]):
        if prev is not None and (
            char.box[0] - prev.box[2] > 1.5 or abs(char.core[3] - prev.core[3]) > 2
        ):
            out.append(" ")
        out.append(char.text)
    return "".join(out)


def _runs_of_text(number: int, kind: str, chars: list[Char], found: list[int]) -> list[Problem]:
    """One problem per text run with offending characters: the run's text around them."""
    by_run: dict[int, list[int]] = defaultdict(list)
    for index in found:
        by_run[chars[index].run].append(index)
    problems = []
    for indices in by_run.values():
        first, last = indices[0], indices[-1]
        context = _spaced(chars[max(0, first - 8) : last + 9])
        where = _merge(chars[i].box for i in indices)
        problems.append(Problem(number, kind, context[:120], where))
    return problems


def _outside(page: pymupdf.Page, number: int, chars: list[Char]) -> list[Problem]:
    r = page.rect
    left, top = r.x0 + PRINTABLE_INSET - TOLERANCE, r.y0 + PRINTABLE_INSET - TOLERANCE
    right, bottom = r.x1 - PRINTABLE_INSET + TOLERANCE, r.y1 - PRINTABLE_INSET + TOLERANCE
    found = [
        i
        for i, c in enumerate(chars)
        if _inked(c)
        and (c.core[0] < left or c.core[2] > right or c.core[1] < top or c.core[3] > bottom)
    ]
    return _runs_of_text(number, "outside", chars, found)


def _missing(number: int, chars: list[Char]) -> list[Problem]:
    found = [i for i, c in enumerate(chars) if c.glyph == 0 and _inked(c)]
    return _runs_of_text(number, "missing glyph", chars, found)


def _drawn(page: pymupdf.Page, clip: bool) -> list[tuple[str, float, float]]:
    """(character, origin x, origin y) of every inked character, hidden by a clip path or
    not (``clip=False``), or only those shown (``clip=True``)."""
    flags = pymupdf.TEXTFLAGS_RAWDICT & ~pymupdf.TEXT_MEDIABOX_CLIP
    if clip:
        flags |= pymupdf.TEXT_CLIP
    raw = page.get_text("rawdict", flags=flags)
    return [
        (ch["c"], round(ch["origin"][0], 1), round(ch["origin"][1], 1))
        for block in raw["blocks"]
        for line in block.get("lines", ())
        for span in line["spans"]
        for ch in span["chars"]
        if ch["c"] and unicodedata.category(ch["c"][0]) not in INKLESS
    ]


def _clipped(page: pymupdf.Page, number: int, chars: list[Char]) -> list[Problem]:
    """Characters a clip path hides: those read without clipping but not with it, found back
    among the drawn characters by their origin to report their text run."""
    shown: dict[tuple[str, float, float], int] = defaultdict(int)
    for key in _drawn(page, clip=True):
        shown[key] += 1
    hidden = []
    for key in _drawn(page, clip=False):
        if shown[key] > 0:
            shown[key] -= 1
        else:
            hidden.append(key)
    if not hidden:
        return []
    at: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, c in enumerate(chars):
        at[c.text, round(c.box[0])].append(i)
    found = set()
    for text, x, y in hidden:
        for column in (round(x) - 1, round(x), round(x) + 1):
            near = [i for i in at.get((text, column), ()) if abs(chars[i].core[3] - y) < 2]
            if near:
                found.add(near[0])
                break
    if not found:  # hidden but not locatable: still reported, once for the page
        return [Problem(number, "clipped", "".join(t for t, _, _ in hidden)[:120])]
    return _runs_of_text(number, "clipped", chars, sorted(found))


def _overlaps(number: int, chars: list[Char]) -> list[Problem]:
    cell = 12.0
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    inked = [i for i, c in enumerate(chars) if _inked(c) and _area(chars[i].core) > 0]
    for i in inked:
        x0, y0, x1, y1 = chars[i].core
        for gx in range(math.floor(x0 / cell), math.floor(x1 / cell) + 1):
            for gy in range(math.floor(y0 / cell), math.floor(y1 / cell) + 1):
                grid[gx, gy].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in grid.values():
        for a_pos, a in enumerate(members):
            ax0, ay0, ax1, ay1 = chars[a].core
            a_run, a_area = chars[a].run, (ax1 - ax0) * (ay1 - ay0)
            for b in members[a_pos + 1 :]:
                bx0, by0, bx1, by1 = chars[b].core
                if chars[b].run == a_run or bx0 >= ax1 or ax0 >= bx1 or by0 >= ay1 or ay0 >= by1:
                    continue
                shared = (min(ax1, bx1) - max(ax0, bx0)) * (min(ay1, by1) - max(ay0, by0))
                if shared > OVERLAP_SHARE * min(a_area, (bx1 - bx0) * (by1 - by0)):
                    pairs.add((a, b))
    problems: dict[tuple[int, int], list[int]] = defaultdict(list)
    for a, b in sorted(pairs):
        problems[chars[a].run, chars[b].run].extend((a, b))
    out = []
    for (run_a, run_b), indices in problems.items():
        texts = ["".join(c.text for c in chars if c.run == run)[:60] for run in (run_a, run_b)]
        where = _merge(chars[i].core for i in indices)
        out.append(Problem(number, "overlap", " / ".join(texts), where))
    return out


def check_page(page: pymupdf.Page, number: int, chars: list[Char] | None = None) -> list[Problem]:
    chars = _chars(page) if chars is None else chars
    return [
        *_outside(page, number, chars),
        *_clipped(page, number, chars),
        *_missing(number, chars),
        *_overlaps(number, chars),
    ]


def check(pdf: bytes) -> list[Problem]:
    """Every problem on every page of ``pdf``."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [p for i, page in enumerate(doc, start=1) for p in check_page(page, i)]


@dataclass(frozen=True)
class Inspection:
    """What the corpus's tests read of one PDF, found in one pass over its pages."""

    problems: list[Problem]
    pages: int
    text: str
    hebrew: list[tuple[int, str]]  # as ``hebrew_runs``


def inspect(pdf: bytes, sheet: Path | None = None) -> Inspection:
    """``check``, ``page_count``, ``text`` and ``hebrew_runs`` of ``pdf`` at once, each page
    read once; with ``sheet``, its ``contact_sheet`` drawn there too."""
    problems: list[Problem] = []
    texts: list[str] = []
    hebrew: list[tuple[int, str]] = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number, page in enumerate(doc, start=1):
            chars = _chars(page)
            problems += check_page(page, number, chars)
            texts.append(page.get_text())
            hebrew += [(number, _left_to_right(word)) for word in _words(chars)]
        pages = int(doc.page_count)
    if sheet is not None:
        contact_sheet(pdf, sheet, problems)
    return Inspection(problems, pages, "\n".join(texts), hebrew)


def page_count(pdf: bytes) -> int:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return int(doc.page_count)


def text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc)


def contact_sheet(
    pdf: bytes,
    path: Path,
    problems: Sequence[Problem] = (),
    columns: int = 8,
    width: int = 220,
) -> Path:
    """All pages as thumbnails ``width`` pixels wide, numbered, in one PNG; a page with
    problems gets a red frame and each problem's place a red box."""
    thumbs: list[Image.Image] = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for number, page in enumerate(doc, start=1):
            zoom = width / page.rect.width
            pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
            image = Image.open(io.BytesIO(pix.tobytes("png"))).convert("RGB")
            draw = ImageDraw.Draw(image)
            own = [p for p in problems if p.page == number]
            for problem in own:
                if problem.where != (0, 0, 0, 0):
                    x0, y0, x1, y1 = (v * zoom for v in problem.where)
                    draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), outline=(220, 0, 0))
            if own:
                draw.rectangle((0, 0, image.width - 1, image.height - 1), outline=(220, 0, 0))
            draw.text((4, 4), str(number), fill=(220, 0, 0) if own else (0, 0, 160))
            thumbs.append(image)
    if not thumbs:
        raise ValueError("the PDF has no page")
    cell_w = width + 8
    cell_h = max(t.height for t in thumbs) + 8
    rows = math.ceil(len(thumbs) / columns)
    sheet = Image.new("RGB", (cell_w * min(columns, len(thumbs)), cell_h * rows), "#c8ccd2")
    for index, thumb in enumerate(thumbs):
        sheet.paste(thumb, ((index % columns) * cell_w + 4, (index // columns) * cell_h + 4))
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)
    return path


def _words(chars: list[Char]) -> Iterator[list[Char]]:
    """Runs of Hebrew letters (in the order drawn), each within one text run and line."""
    current: list[Char] = []
    for char in chars:
        hebrew = "\u05d0" <= char.text <= "\u05ea"
        if current and (
            not hebrew or char.run != current[-1].run or abs(char.core[3] - current[-1].core[3]) > 1
        ):
            yield current
            current = []
        if hebrew:
            current.append(char)
    if current:
        yield current


def hebrew_runs(pdf: bytes) -> list[tuple[int, str]]:
    """(page, letters) of every run of Hebrew letters as drawn, left to right: a word drawn
    in display order reads backwards here, one drawn in memory order (no bidi) forwards."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return [
            (number, _left_to_right(word))
            for number, page in enumerate(doc, start=1)
            for word in _words(_chars(page))
        ]


def _left_to_right(word: list[Char]) -> str:
    return "".join(c.text for c in sorted(word, key=lambda c: c.box[0]))
