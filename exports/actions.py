"""The workshop's actions as files: a CSV table (in the CSV zip), an Excel workbook and an
iCalendar file of due dates (the export hooks of the workshop board). "Overdue" is judged on
the day of the export (:func:`exports.sections.actions.export_day`)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from boards.actions import Action

from .calendar import CalendarEvent, ics
from .catalog import Catalog
from .sections.actions import Workshop, board_titles, export_day, export_time, source_label
from .tables import ACTION_COLUMNS as COLUMNS
from .textlimit import bound_texts
from .typed import typed
from .xlsx import HEAD, _put

OVERDUE_FILL = PatternFill("solid", fgColor="F6E1DC")
WIDTHS = {"id": 10, "what": 40, "due": 12, "status": 10, "overdue": 10, "source_label": 30}


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
        stamp=export_time(snapshot),
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
