"""Shared layout of the server-written ledger document.

``meta``      Map: ``locked`` (bool), ``schema`` (int)
``analysis``  Map: ``json`` (str, the kind's analysis as JSON), ``rev`` (int), ``error`` (str:
              "" while the analysis is current; a code, catalog key ``analysis.error.<code>``,
              when the last recomputation failed: ``json`` is then the last good analysis)
Each kind may add its own root maps (``votes``, ``submissions`` ...), documented in its
module and in ``docs/boards/<kind>.md``.
"""

from __future__ import annotations

import json
from typing import Any

from pycrdt import Doc, Map
from pydantic import BaseModel


def meta(ledger: Doc) -> Map:
    return ledger.get("meta", type=Map)


def analysis_map(ledger: Doc) -> Map:
    return ledger.get("analysis", type=Map)


def write_analysis(ledger: Doc, analysis: BaseModel) -> bool:
    """Store the analysis; returns False (and writes nothing) when it did not change, so an
    unchanged recomputation costs no update for anyone."""
    text = analysis.model_dump_json()
    target = analysis_map(ledger)
    if target.get("json") == text and not target.get("error"):
        return False
    with ledger.transaction():
        target["json"] = text
        if target.get("error"):
            target["error"] = ""
        target["rev"] = _rev(target) + 1
    return True


def write_analysis_error(ledger: Doc, code: str) -> bool:
    """Say the analysis could not be recomputed (the figures shown are the last good ones),
    rather than leave every client looking at figures that silently stopped updating."""
    target = analysis_map(ledger)
    if target.get("error") == code:
        return False
    with ledger.transaction():
        target["error"] = code
        target["rev"] = _rev(target) + 1
    return True


def analysis_error(ledger: Doc) -> str:
    error = analysis_map(ledger).get("error")
    return error if isinstance(error, str) else ""


def _rev(target: Map) -> int:
    rev = target.get("rev", 0)
    return int(rev) if isinstance(rev, int | float) and abs(rev) < 2**53 else 0


def read_analysis(ledger: Doc) -> dict[str, Any] | None:
    text = analysis_map(ledger).get("json")
    return json.loads(text) if isinstance(text, str) else None
