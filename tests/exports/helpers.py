"""Small helpers shared by the export tests."""

from __future__ import annotations

from typing import Any


def board(snapshot: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(b for b in snapshot["boards"] if b["kind"] == kind)
