"""Notes section: the shared text and the sticky notes, as written."""

from __future__ import annotations

from typing import Any

from boards.notes import NotesAnalysis, NotesSnapshot

from ..catalog import Catalog
from ..typed import Board


def section(t: Catalog, board: Board[NotesSnapshot, NotesAnalysis]) -> dict[str, Any]:
    snap = board.snapshot
    paragraphs = [p for p in snap.text.split("\n") if p.strip()]
    stickies = [s.text for s in snap.stickies if s.text.strip()]
    return {
        "kind": "notes",
        "title": board.title or t("kind.notes"),
        "missing": "" if paragraphs or stickies else t("missing.notes"),
        "paragraphs": paragraphs,
        "stickies": stickies,
    }
