"""Snapshot -> HTML (Jinja2, autoescaped) -> PDF (WeasyPrint), with only local assets.

What is reusable across renders is built once: the Jinja environment and its compiled
templates (``env.environment``), the catalogs, and WeasyPrint's font configuration.
Rendering is CPU-bound and synchronous; callers on an event loop run it in a thread.
"""

from __future__ import annotations

import base64
import ctypes
import gc
import os
import re
import threading
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

from . import cjkfont

cjkfont.configure()  # before fontconfig is loaded: the renderer's fonts (exports/cjkfont.py)

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from . import split, svgstyle  # noqa: E402
from .diagrams import bidi  # noqa: E402
from .env import environment  # noqa: E402
from .fetcher import BASE_URL, AssetFetcher  # noqa: E402
from .report import build  # noqa: E402

_lock = threading.Lock()


@cache
def _cores() -> int:
    return len(os.sched_getaffinity(0))


@cache
def _fonts() -> FontConfiguration:
    return FontConfiguration()


def render_html(snapshot: dict[str, Any]) -> str:
    return bidi.html(environment().get_template("report.html").render(**build(snapshot)))


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_CLASS = re.compile(r'\sclass="([^"]*)"')


def _svg_image(match: re.Match[str]) -> str:
    """An inline SVG as an image of itself: WeasyPrint draws both the same (pages are
    pixel-identical), but an inline one is first tokenised by its pure-Python HTML parser
    and every element of it styled by the page's cascade, for nothing: 9 % of a demo
    render. An SVG that is not well-formed XML (the HTML parser forgives that, an image's
    XML parser does not) stays inline. ``report.css`` styles ``img.svg`` as ``svg``."""
    svg = match.group(0)
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return svg
    if svgstyle.inline(root):  # a pygal chart's sheet, compiled once per process
        svg = ET.tostring(root, encoding="unicode")
    found = _CLASS.search(svg, 0, svg.find(">"))
    classes = f"svg {found.group(1)}" if found else "svg"
    data = base64.b64encode(svg.encode()).decode("ascii")
    return f'<img class="{classes}" alt="" src="data:image/svg+xml;base64,{data}">'


def html_to_pdf(html: str, fetcher: AssetFetcher | None = None, fork: bool = False) -> bytes:
    """The PDF of a report's HTML; with ``fork``, half of it rendered by a forked copy of
    this process at the same time (``exports/split.py``): only where nothing else runs in
    the process (the render worker), as a fork copies one thread."""
    html = _SVG.sub(_svg_image, html)
    # One render at a time: the shared font configuration is not thread-safe, and two
    # concurrent layouts on a 2-core server would only slow each other down.
    with _lock:
        if fork and fetcher is None and threading.active_count() == 1 and _cores() > 1:
            pdf = split.render(html, _fonts())
            if pdf is not None:
                return pdf
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or AssetFetcher())
        whole: bytes = document.write_pdf(font_config=_fonts(), uncompressed_pdf=False)
    return whole


_paused_collector = False


def render_pdf_uncollected(
    snapshot: dict[str, Any], fetcher: AssetFetcher | None = None, fork: bool = False
) -> bytes:
    """The workshop report as PDF bytes, with the cyclic collector left off: call
    ``release_memory()`` once the PDF is on its way (the render worker answers first)."""
    # A render makes millions of objects that live until its end and few cycles: the
    # collector's passes over them cost ~12 % of the CPU time, for nothing. One collection
    # afterwards frees the render's cycles; it and malloc_trim take 0.3-0.8 s of a demo
    # render's ~4 s, which nobody has to wait for.
    global _paused_collector
    if gc.isenabled():
        gc.disable()
        _paused_collector = True
    return html_to_pdf(render_html(snapshot), fetcher, fork)


def collect() -> None:
    """Turn the collector back on (when a render paused it) and free the render's cycles."""
    global _paused_collector
    if _paused_collector:
        _paused_collector = False
        gc.enable()
    gc.collect()


def render_pdf(snapshot: dict[str, Any], fetcher: AssetFetcher | None = None) -> bytes:
    """The workshop report as PDF bytes."""
    try:
        return render_pdf_uncollected(snapshot, fetcher)
    finally:
        collect()


def warm_up() -> None:
    """Build what every render reuses (all templates, the chart module, the fonts), so that
    the first real export pays none of it. Not a render: one of an empty report (0.5 s)
    made the first real one no faster than this does (0.2 s), and ``obeya export`` waits
    for its worker's warm-up."""
    env = environment()
    for name in env.list_templates(extensions=("html", "svg")):
        env.get_template(name)
    from . import charts  # noqa: F401  pygal and its CSS

    _fonts()


@cache
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")  # find_library would start ldconfig: spare it
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None


def release_memory() -> None:
    """Free the render's cycles and hand what it freed back to the operating system: a
    worker that rendered a large report should not keep its peak as its size until the
    next one."""
    collect()
    libc = _libc()
    if libc is not None:  # glibc only
        libc.malloc_trim(0)
