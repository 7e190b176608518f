"""The ledger's root map ``eventlog``: ``json`` (str, the last import's
:class:`~boards.vsm.eventlog.model.EventLogAnalysis`), ``rev`` (int, +1 per import)."""

from __future__ import annotations

import json
from typing import Any

from pycrdt import Doc, Map

ROOT = "eventlog"


def eventlog_map(ledger: Doc) -> Map:
    return ledger.get(ROOT, type=Map)


def write_eventlog(ledger: Doc, text: str) -> None:
    target = eventlog_map(ledger)
    rev = target.get("rev", 0)
    with ledger.transaction():
        target["json"] = text
        target["rev"] = (int(rev) if isinstance(rev, int | float) and abs(rev) < 2**53 else 0) + 1


def read_eventlog(ledger: Doc) -> dict[str, Any] | None:
    text = eventlog_map(ledger).get("json")
    if not isinstance(text, str):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
