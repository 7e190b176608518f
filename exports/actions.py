"""The workshop's actions as files and as a report chapter: a CSV table (in the CSV zip), an
Excel workbook and an iCalendar file of due dates (the export hooks of the workshop board).

"Overdue" is judged on the day of the export (the snapshot's ``exported_at``), so every file
of one export agrees with the others whatever the time it is rendered.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from boards import actions as domain
from boards.actions import Action, Commitment, Missing
from boards.workshop import WorkshopAnalysis, WorkshopSnapshot

from .calendar import CalendarEvent, ics
from .catalog import Catalog
from .index import Index
from .tables import Table
from .textlimit import bound_texts
from .typed import Board, typed
from .xlsx import HEAD, _put

Workshop = Board[WorkshopSnapshot, WorkshopAnalysis]
OVERDUE_FILL = PatternFill("solid", fgColor="F6E1DC")
# Kinds whose analysis lists ``commitments`` (items that need an action).
COMMITTING = ("fishbone", "ideas")
COLUMNS = (
    "id",
    "what",
    "owner",
    "owner_department",
    "due",
    "status",
    "overdue",
    "source_board",
    "source_type",
    "source_label",
    "created_by",
    "created_at",
    "done_at",
)

WIDTHS = {"id": 10, "what": 40, "due": 12, "status": 10, "overdue": 10, "source_label": 30}


def export_day(snapshot: dict[str, Any]) -> date:
    """The day the snapshot was taken (UTC); today for one without a readable time."""
    stamp = snapshot.get("exported_at")
    try:
        return datetime.fromisoformat(stamp).date() if isinstance(stamp, str) else _today()
    except ValueError:
        return _today()


def _today() -> date:
    return datetime.now(UTC).date()


def board_titles(snapshot: dict[str, Any]) -> dict[str, str]:
    return {
        str(b.get("id")): b["title"] if isinstance(b.get("title"), str) else ""
        for b in snapshot.get("boards", [])
    }


def source_label(t: Catalog, action: Action) -> str:
    return t.code("actions.source", action.source_type or "free")


def rows(t: Catalog, board: Workshop, day: date, titles: dict[str, str]) -> Table:
    """One row per action (codes stay codes: the CSV is for machines and spreadsheets)."""
    out = [
        [
            a.id,
            a.what,
            a.owner,
            a.owner_department,
            a.due,
            a.status,
            "yes" if a.overdue(day) else "",
            titles.get(a.source_board, a.source_board),
            a.source_type,
            a.source_label,
            a.created_by,
            a.created_at,
            a.done_at,
        ]
        for a in board.snapshot.actions
    ]
    return list(COLUMNS), out


def actions_xlsx(snapshot: dict[str, Any], board: dict[str, Any]) -> bytes:
    """The actions as one sheet: translated headers and statuses, overdue rows marked."""
    t = Catalog(snapshot.get("workshop", {}).get("language"))
    workshop: Workshop = typed(bound_texts(board, t))
    day = export_day(snapshot)
    titles = board_titles(snapshot)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("actions.title")[:31]
    header = [t(f"actions.col.{name}") for name in COLUMNS]
    for col, name in enumerate(header, 1):
        cell = _put(sheet, 1, col, name)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEAD
    for r, action in enumerate(workshop.snapshot.actions, 2):
        late = action.overdue(day)
        values = [
            action.id,
            action.what,
            action.owner,
            action.owner_department,
            date.fromisoformat(action.due) if action.due else "",
            t.code("actions.status", action.status),
            t("actions.overdue") if late else "",
            titles.get(action.source_board, action.source_board),
            source_label(t, action),
            action.source_label,
            action.created_by,
            action.created_at,
            action.done_at,
        ]
        for col, value in enumerate(values, 1):
            cell = _put(sheet, r, col, value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if late:
                cell.fill = OVERDUE_FILL
    for col, name in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(name, 16)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def actions_ics(snapshot: dict[str, Any], board: dict[str, Any]) -> bytes:
    """One all-day event per open or doing action with a due date; its UID is the workshop's
    and the action's id, so importing again updates the event instead of adding a copy."""
    t = Catalog(snapshot.get("workshop", {}).get("language"))
    workshop: Workshop = typed(board)
    meta = snapshot.get("workshop", {})
    workshop_id = str(meta.get("id") or board.get("id") or "workshop")
    events = [
        CalendarEvent(
            uid=f"action-{workshop_id}-{a.id}",
            start=date.fromisoformat(a.due),
            summary=t("actions.event", what=a.what or a.source_label or a.id, owner=a.owner or "–"),
            description=_describe(t, a),
        )
        for a in workshop.snapshot.actions
        if a.is_open and a.due
    ]
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    return ics(
        events,
        name=t("actions.calendar", title=title or t("report.kind")),
        stamp=_stamp(snapshot),
        domain="obeya",
    )


def _describe(t: Catalog, action: Action) -> str:
    parts = [
        f"{t('actions.col.owner')}: {action.owner or '–'}"
        + (f" ({action.owner_department})" if action.owner_department else ""),
        f"{t('actions.col.status')}: {t.code('actions.status', action.status)}",
    ]
    if action.source_type:
        parts.append(f"{source_label(t, action)}: {action.source_label or action.source_item}")
    return "\n".join(parts)


def _stamp(snapshot: dict[str, Any]) -> datetime:
    stamp = snapshot.get("exported_at")
    try:
        parsed = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- the report chapter -----------------------------------------------------------------


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
                "due": a.due,
                "status": t.code("actions.status", a.status),
                "overdue": a.overdue(day),
                "source": (f"{source_label(t, a)}: {a.source_label}" if a.source_type else ""),
            }
            for a in listed
            if a.status != "dropped"
        ],
        "warnings": warnings,
    }
