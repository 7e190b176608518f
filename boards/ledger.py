"""Shared layout of the server-written ledger document.

``meta``      Map: ``locked`` (bool), ``schema`` (int)
``analysis``  Map: ``json`` (str, the kind's analysis as JSON), ``rev`` (int)
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


def is_locked(ledger: Doc) -> bool:
    return bool(meta(ledger).get("locked", False))


def analysis_map(ledger: Doc) -> Map:
    return ledger.get("analysis", type=Map)


def write_analysis(ledger: Doc, analysis: BaseModel) -> bool:
    """Store the analysis; returns False (and writes nothing) when it did not change, so an
    unchanged recomputation costs no update for anyone."""
    text = analysis.model_dump_json()
    target = analysis_map(ledger)
    if target.get("json") == text:
        return False
    with ledger.transaction():
        target["json"] = text
        target["rev"] = int(target.get("rev", 0)) + 1
    return True


def read_analysis(ledger: Doc) -> dict[str, Any] | None:
    text = analysis_map(ledger).get("json")
    return json.loads(text) if isinstance(text, str) else None
