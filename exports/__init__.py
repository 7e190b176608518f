"""Workshop snapshot (``obeya.workshop/1``, built by ``server/snapshots.py``) -> documents.

Pure pipelines, no server imports: PDF report (Jinja2 -> WeasyPrint with a local-only URL
fetcher), Markdown summary, JSON (the snapshot itself, re-importable), CSV tables in a zip,
the RACI matrix as XLSX, the workshop's actions as XLSX and iCalendar (due dates), and a
value-stream map's current or future state as BPMN 2.0.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

FORMATS = ("pdf", "md", "json", "zip")
# Files made of one board, by the format its kind declares (``boards.kind.BoardExport``).
BOARD_FORMATS = {
    "raci.xlsx": "raci_xlsx",
    "actions.xlsx": "actions_xlsx",
    "actions.ics": "actions_ics",
    "rollout.ics": "rollout_ics",
    "bpmn": "vsm_bpmn",
}

# Rendering pulls in WeasyPrint, pygal and openpyxl (~80 MB): loaded on first use, so a
# server that never exports never pays for them.
_LAZY = {
    "render_markdown": ".markdown",
    "render_html": ".pdf",
    "render_pdf": ".pdf",
    "csv_zip": ".tables",
    "raci_xlsx": ".xlsx",
    "rollout_ics": ".rollout_calendar",
    "vsm_bpmn": ".bpmn",
    "a3_generated": ".report",
    "actions_xlsx": ".actions",
    "actions_ics": ".actions",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_json(snapshot: dict[str, Any]) -> bytes:
    """The snapshot as given: versioned (``schema``) and re-importable."""
    return json.dumps(snapshot, ensure_ascii=False, indent=1).encode("utf-8")


def render(snapshot: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return render_json(snapshot)
    if fmt not in FORMATS:
        raise ValueError(f"expected one of {', '.join(FORMATS)}, got {fmt!r}")
    if fmt == "pdf":
        return bytes(__getattr__("render_pdf")(snapshot))
    if fmt == "md":
        return str(__getattr__("render_markdown")(snapshot)).encode("utf-8")
    return bytes(__getattr__("csv_zip")(snapshot))


def render_board(
    snapshot: dict[str, Any], board: dict[str, Any], fmt: str, state: str | None = None
) -> bytes:
    """``state``: which part of the board, for a format that has several (``BoardExport.states``)."""
    if fmt not in BOARD_FORMATS:
        raise ValueError(f"expected one of {', '.join(BOARD_FORMATS)}, got {fmt!r}")
    made = __getattr__(BOARD_FORMATS[fmt])
    return bytes(made(snapshot, board) if state is None else made(snapshot, board, state))


__all__ = [
    "BOARD_FORMATS",
    "FORMATS",
    "a3_generated",
    "actions_ics",
    "actions_xlsx",
    "csv_zip",
    "raci_xlsx",
    "render",
    "render_board",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    "rollout_ics",
    "vsm_bpmn",
]
