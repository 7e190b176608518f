"""The report's Actions chapter: who does what by when, overdue marked, and what is owed (an
open action without owner or date, a confirmed root cause or chosen idea without an action).

"Overdue" is judged on the day of the export (the snapshot's ``exported_at``), so the chapter
and the action files of one export agree whatever the time they are rendered.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from boards import actions as domain
from boards.actions import Action, Commitment, Missing
from boards.workshop import WorkshopAnalysis, WorkshopSnapshot

from .. import fmt
from ..catalog import Catalog
from ..index import Index
from ..typed import Board

Workshop = Board[WorkshopSnapshot, WorkshopAnalysis]
# Kinds whose analysis lists ``commitments`` (items that need an action).
COMMITTING = ("fishbone", "ideas")


def export_time(snapshot: dict[str, Any]) -> datetime:
    """When the snapshot was taken (UTC); now for one without a readable time."""
    stamp = snapshot.get("exported_at")
    try:
        parsed = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def export_day(snapshot: dict[str, Any]) -> date:
    return export_time(snapshot).astimezone(UTC).date()


def board_titles(snapshot: dict[str, Any]) -> dict[str, str]:
    return {
        str(b.get("id")): b["title"] if isinstance(b.get("title"), str) else ""
        for b in snapshot.get("boards", [])
    }


def source_label(t: Catalog, action: Action) -> str:
    return t.code("actions.source", action.source_type or "free")


def commitments(index: Index) -> dict[str, list[Commitment]]:
    """Board id -> what its analysis says needs an action."""
    out: dict[str, list[Commitment]] = {}
    for kind in COMMITTING:
        for raw in index.boards(kind):
            analysis = index.typed(raw).analysis
            if analysis is not None:
                out[str(raw.get("id"))] = list(analysis.commitments)
    return out


def missing(index: Index, listed: list[Action]) -> list[Missing]:
    return domain.missing_actions(commitments(index), listed)


def chapter(t: Catalog, index: Index) -> dict[str, Any] | None:
    """Who does what by when, overdue marked, and what is owed: None when the workshop has no
    action and nothing needs one."""
    raw = index.first("workshop")
    if raw is None:
        return None
    board: Workshop = index.typed(raw)
    listed = board.snapshot.actions
    day = export_day(index.snapshot)
    titles = board_titles(index.snapshot)
    owed = missing(index, listed)
    if not listed and not owed:
        return None
    warnings = [
        t.code("actions.warning", w.code, what=w.params.get("what") or w.params.get("action"))
        for w in domain.warnings(listed, day)
    ] + [
        t.code(
            "actions.warning.missing",
            m.source_type,
            label=m.label or m.item_id,
            board=titles.get(m.board_id, ""),
        )
        for m in owed
    ]
    return {
        "rows": [
            {
                "what": a.what or "–",
                "owner": a.owner or "–",
                "department": a.owner_department,
                "due": fmt.day(a.due, t) if a.due else "",
                "status": t.code("actions.status", a.status),
                "overdue": a.overdue(day),
                "source": (
                    t("actions.from", source=source_label(t, a), label=a.source_label or "–")
                    if a.source_type
                    else ""
                ),
            }
            for a in listed
            if a.status != "dropped"
        ],
        "warnings": warnings,
    }
