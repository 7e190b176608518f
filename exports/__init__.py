"""Workshop snapshot (``obeya.workshop/1``, built by ``server/snapshots.py``) -> documents.

Pure pipelines, no server imports: PDF report (Jinja2 -> WeasyPrint with a local-only URL
fetcher), Markdown summary, JSON (the snapshot itself, re-importable), CSV tables in a zip,
and the RACI matrix as XLSX.
"""

from __future__ import annotations

import json
from typing import Any

from .markdown import render_markdown
from .pdf import render_html, render_pdf
from .tables import csv_zip
from .xlsx import raci_xlsx

FORMATS = ("pdf", "md", "json", "zip")


def render_json(snapshot: dict[str, Any]) -> bytes:
    """The snapshot as given: versioned (``schema``) and re-importable."""
    return json.dumps(snapshot, ensure_ascii=False, indent=1).encode("utf-8")


def render(snapshot: dict[str, Any], fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(snapshot)
    if fmt == "md":
        return render_markdown(snapshot).encode("utf-8")
    if fmt == "json":
        return render_json(snapshot)
    if fmt == "zip":
        return csv_zip(snapshot)
    raise ValueError(f"expected one of {', '.join(FORMATS)}, got {fmt!r}")


__all__ = [
    "FORMATS",
    "csv_zip",
    "raci_xlsx",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
]
