"""Notes section: the shared text and the sticky notes, as written."""

from __future__ import annotations

from typing import Any

from ..catalog import Catalog


def section(t: Catalog, board: dict[str, Any]) -> dict[str, Any]:
    snap = board.get("snapshot", {})
    return {
        "kind": "notes",
        "title": board.get("title") or t("kind.notes"),
        "paragraphs": [p for p in (snap.get("text") or "").split("\n") if p.strip()],
        "stickies": [
            s.get("text") or "" for s in snap.get("stickies", []) if (s.get("text") or "").strip()
        ],
    }
