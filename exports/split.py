"""A report rendered by two processes at once, on the server's two cores.

WeasyPrint lays out and draws a document in one thread; a demo report is ~1.7 s of CPU. Its
chapters are independent (each starts a page), so a forked copy of the warm worker renders
some of them while the worker renders the others, in the same fonts and styles. What
depends on every page — the running headers, "page / pages", the table of contents, the
outline — cannot be drawn by either half: a **frame** is rendered last, the report with
every part emptied to the number of pages it took (``break-before: page`` per page) and the
table of contents in full. The frame's page numbers, headers, TOC links and named anchors
are then WeasyPrint's own; each frame page gets its part's page drawn under it (pikepdf:
the part's page as a form XObject), and its bookmarks, links and anchors before the frame
is written, so the outline is the one a single render makes.

The template marks the parts (``<!--obeya:part-->`` before each child of ``<body>``); every
part's root carries its id, and the strings of the running headers as attributes
(``data-runner``, ``data-chapter``), so an emptied part still sets them. Anything that does
not fit this shape (a part without an id, pages of a different size in the frame) renders
in one process as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import io
import logging
import os
import pickle
import re
import signal
import struct
from dataclasses import dataclass
from functools import cached_property
from types import SimpleNamespace
from typing import Any

import pikepdf
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration

from .fetcher import BASE_URL, AssetFetcher

log = logging.getLogger("obeya.exports")

MARK = "<!--obeya:part-->"
_ROOT = re.compile(r"\s*<(\w+)\b[^>]*?\sid=\"([^\"]+)\"[^>]*>")
_DATA_URI = re.compile(r'data:[^"]*')
# The parts' pages have no margin boxes: the frame draws them, for every page.
_BARE_PAGES = (
    "<style>@page { @top-left { content: none; border: none } "
    "@top-right { content: none; border: none } @bottom-right { content: none } }</style>"
)
# one empty block per page of a part (a break before a part's first child would merge with
# the part's own)
_FRAME = (
    "<style>.obeya-page { height: 1px } .obeya-page + .obeya-page { break-before: page }</style>"
)
# Rough CPU seconds of a part, to balance the halves (fitted on the demo's parts: layout
# grows with the elements and the text, drawing with the charts, which are data URIs).
_PER_ELEMENT, _PER_CHARACTER, _PER_URI_BYTE, _PER_PART = 3.7e-4, 4e-5, 1e-6, 0.01
_TAG = re.compile(r"<[^>]*>")
# The frame and the merge, after the worker's half: 0.27-0.30 s measured; 0.35 balanced the
# demo's halves best (the estimates run low for the heavier one).
_FRAME_SECONDS = 0.35
SPLIT_FROM_SECONDS = 0.8  # below this, a fork and a frame cost more than they save
_PR_SET_PDEATHSIG = 1
_F_SETPIPE_SZ = 1031  # Linux
_HEADER = struct.Struct(">Q")


@dataclass
class Part:
    id: str
    tag: str
    start_tag: str
    html: str

    @cached_property  # the plan weighs each part three times: one pass over its HTML
    def seconds(self) -> float:
        markup = _DATA_URI.sub("", self.html)
        uris = len(self.html) - len(markup)
        text = len(_TAG.sub("", markup))
        elements = markup.count("<")
        return _PER_PART + _PER_ELEMENT * elements + _PER_CHARACTER * text + _PER_URI_BYTE * uris


Pages = list[dict[str, Any]]  # per page of a half: its part, size and what WeasyPrint found on it


@dataclass
class Report:
    head: str
    parts: list[Part]
    tail: str


def parse(html: str) -> Report | None:
    chunks = html.split(MARK)
    if len(chunks) < 3:
        return None
    head, *bodies = chunks
    last = bodies[-1]
    end = last.rfind("</body>")
    if end < 0:
        return None
    bodies[-1], tail = last[:end], last[end:]
    parts = []
    for body in bodies:
        root = _ROOT.match(body)
        if root is None:
            return None
        parts.append(Part(root.group(2), root.group(1), root.group(0).strip(), body))
    if len({p.id for p in parts}) != len(parts):
        return None
    return Report(head, parts, tail)


def _document(html: str, fonts: FontConfiguration) -> Document:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=AssetFetcher()).render(
        font_config=fonts
    )


def _bare(report: Report, parts: list[Part]) -> str:
    head = report.head.replace("</head>", _BARE_PAGES + "</head>", 1)
    return head + "".join(p.html for p in parts) + report.tail


def lay_out(report: Report, parts: list[Part], fonts: FontConfiguration) -> tuple[Document, Pages]:
    """``parts`` laid out on pages without margin boxes, and which page is whose."""
    document = _document(_bare(report, parts), fonts)
    ids = {p.id for p in parts}
    pages: Pages = []
    current = ""
    for page in document.pages:
        # a part's id is an anchor on each page it runs over: the new one starts here
        starting = [name for name in page.anchors if name in ids and name != current]
        if starting:
            current = starting[0]
        pages.append(
            {
                "part": current,
                "size": (round(page.width, 3), round(page.height, 3)),
                "bookmarks": page.bookmarks,
                "links": [(kind, target, rect) for kind, target, rect, _ in page.links],
                "anchors": page.anchors,
            }
        )
    return document, pages


def render_half(report: Report, parts: list[Part], fonts: FontConfiguration) -> tuple[Pages, bytes]:
    document, pages = lay_out(report, parts, fonts)
    return pages, document.write_pdf(font_config=fonts)


def _frame_html(report: Report, counts: dict[str, int], inline: set[str]) -> str:
    body = []
    for part in report.parts:
        if part.id in inline:
            body.append(part.html)
        else:
            pages = '<div class="obeya-page"></div>' * counts[part.id]
            body.append(f"{part.start_tag}{pages}</{part.tag}>")
    head = report.head.replace("</head>", _FRAME + "</head>", 1)
    return head + "".join(body) + report.tail


class Misfit(RuntimeError):
    """The frame's pages do not match the halves' (the report is rendered in one piece)."""


Placed = list[tuple[int, int, int]]  # frame page, half, page of the half


def frame(
    report: Report, halves: list[Pages], inline: set[str], fonts: FontConfiguration
) -> tuple[bytes, Placed]:
    """The frame around the halves' pages, as a PDF, and which half's page goes where."""
    counts: dict[str, int] = {}
    for half in halves:
        for page in half:
            counts[page["part"]] = counts.get(page["part"], 0) + 1
    document = _document(_frame_html(report, counts, inline), fonts)
    by_part: dict[str, list[tuple[int, int]]] = {}
    for h, half in enumerate(halves):
        for number, page in enumerate(half):
            by_part.setdefault(page["part"], []).append((h, number))
    placed: Placed = []
    current = ""
    seen = 0
    for index, page in enumerate(document.pages):
        starting = [p.id for p in report.parts if p.id in page.anchors and p.id != current]
        if starting:
            current, seen = starting[0], 0
        if current in inline:
            continue
        sources = by_part.get(current, [])
        if seen >= len(sources):
            raise Misfit(f"the frame has more pages of {current!r} than its half")
        h, number = sources[seen]
        seen += 1
        source = halves[h][number]
        if source["size"] != (round(page.width, 3), round(page.height, 3)):
            raise Misfit(f"page {index + 1}: the frame's size is not its half's")
        page.bookmarks.extend(source["bookmarks"])
        for kind, target, rect in source["links"]:
            page.links.append((kind, target, rect, SimpleNamespace()))
        for name, point in source["anchors"].items():
            page.anchors.setdefault(name, point)
        placed.append((index, h, number))
    if len(placed) != sum(len(half) for half in halves):
        raise Misfit("the frame has fewer pages than the halves")
    return document.write_pdf(font_config=fonts), placed


def merge(framed: bytes, placed: Placed, halves: list[bytes]) -> bytes:
    """Each half's page drawn under its frame page. Same page size: one to one. Under the
    frame's margin boxes, as one render draws a page's content first: text is read (copied,
    searched) in the same order."""
    document = pikepdf.open(io.BytesIO(framed))
    pdfs = [pikepdf.open(io.BytesIO(half)) for half in halves]
    for index, h, number in placed:
        document.pages[index].add_underlay(pdfs[h].pages[number], None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def assemble(
    report: Report, halves: list[tuple[Pages, bytes]], inline: set[str], fonts: FontConfiguration
) -> bytes:
    """The report from its halves rendered in one process (tests, the fallback)."""
    framed, placed = frame(report, [pages for pages, _ in halves], inline, fonts)
    return merge(framed, placed, [pdf for _, pdf in halves])


def plan(report: Report) -> tuple[list[Part], list[Part], set[str]] | None:
    """The worker's parts and the fork's, each in document order: the table of contents is
    drawn by the frame; the heaviest parts first, each to the lighter side, the worker's
    side starting with the frame and the merge it does after its half."""
    inline = {p.id for p in report.parts if p.tag == "nav"}
    parts = [p for p in report.parts if p.id not in inline]
    if sum(p.seconds for p in parts) < SPLIT_FROM_SECONDS or len(parts) < 2:
        return None
    mine: set[str] = set()
    load = [_FRAME_SECONDS, 0.0]  # the worker's, the fork's
    for part in sorted(parts, key=lambda p: p.seconds, reverse=True):
        side = 0 if load[0] <= load[1] else 1
        load[side] += part.seconds
        if side == 0:
            mine.add(part.id)
    if not mine or len(mine) == len(parts):
        return None
    return [p for p in parts if p.id in mine], [p for p in parts if p.id not in mine], inline


def _end_with(parent: int) -> None:
    """A worker killed mid-render (the OOM killer, a timeout) takes its fork along, rather
    than leave it rendering for nobody (Linux: PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it was gone before the signal was set
        os._exit(0)


def _put(stream: Any, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _get(stream: Any) -> Any:
    """The fork's next message; ``None`` if it ended (killed) before sending it whole."""
    try:
        header = stream.read(_HEADER.size)
        size = _HEADER.unpack(header)[0]
        data = stream.read(size)
        return pickle.loads(data) if len(data) == size else None
    except Exception:  # nothing, or cut short: the fork was killed
        return None


def render(html: str, fonts: FontConfiguration) -> bytes | None:
    """The report in two processes, or ``None`` when it is not worth it or does not fit
    (the caller renders it in one).

    The fork sends its pages' layout as soon as it has it, then its PDF once drawn: the
    worker lays out and draws its half, renders the frame while the fork is still drawing,
    and merges."""
    report = parse(html)
    cut = plan(report) if report is not None else None
    if report is None or cut is None:
        return None
    mine, theirs, inline = cut
    read, write = os.pipe()
    with contextlib.suppress(OSError):  # room for both messages: the fork never waits to draw
        fcntl.fcntl(write, _F_SETPIPE_SZ, 1 << 20)
    parent = os.getpid()
    child = os.fork()
    if child == 0:  # the fork: its half, in two messages, then the end without any teardown
        try:
            _end_with(parent)
            os.close(read)
            with os.fdopen(write, "wb") as stream:
                try:
                    document, pages = lay_out(report, theirs, fonts)
                    _put(stream, pages)
                    _put(stream, document.write_pdf(font_config=fonts))
                except Exception as exc:  # the worker renders this half itself then
                    _put(stream, repr(exc)[:500])
        finally:
            os._exit(0)  # never back into the worker's loop, whatever happened
    os.close(write)
    reader = os.fdopen(read, "rb")
    try:
        own = render_half(report, mine, fonts)
        pages = _get(reader)
        if isinstance(pages, list):
            framed, placed = frame(report, [own[0], pages], inline, fonts)
            pdf = _get(reader)
            if isinstance(pdf, bytes):
                return merge(framed, placed, [own[1], pdf])
        # the fork failed or was killed: this process renders its half too
        log.warning("a report's second half: %s; rendered by the worker", pages or "no answer")
        return assemble(report, [own, render_half(report, theirs, fonts)], inline, fonts)
    except Misfit as exc:
        log.warning("a report's halves do not fit its frame (%s): rendered in one piece", exc)
        return None
    finally:
        reader.close()  # a fork still writing gets a broken pipe and ends
        os.waitpid(child, 0)
