"""The alerts a board raises on the workshop home (``BoardKind.alerts``), read from the analysis
its ledger stores: the listing never re-analyses a board, and only kinds that declare
``alert_codes`` have their ledger read at all."""

from __future__ import annotations

import json
import logging
from typing import Any

from pycrdt import Doc
from sqlmodel import Session

from boards import ledger as ledger_layout
from boards.registry import get_kind

from . import store
from .models import Board

log = logging.getLogger("obeya.alerts")


def stored_analysis(session: Session, board_id: str) -> dict[str, Any] | None:
    """The analysis JSON the ledger holds, or None when there is none that parses."""
    ledger: Doc = Doc()
    for update in store.load_doc(session, f"{board_id}/ledger").updates:
        ledger.apply_update(update)
    text = ledger_layout.analysis_map(ledger).get("json")
    if not isinstance(text, str):
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def board_alerts(session: Session, board: Board) -> list[dict[str, Any]]:
    kind = get_kind(board.kind)
    if not kind.alert_codes:
        return []
    analysis = stored_analysis(session, board.id)
    if analysis is None:
        return []
    try:
        raised = kind.alerts(analysis)
    except Exception:
        # A bug in one kind's hook must not take the workshop's home down with it.
        log.exception("alerts failed", extra={"board": board.id})
        return []
    return [
        {"code": alert.code, "params": dict(alert.params)}
        for alert in raised
        if alert.code in kind.alert_codes
    ]
