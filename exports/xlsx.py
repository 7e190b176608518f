"""The RACI matrix as an Excel workbook (the export hook of the RACI board): the matrix
with coloured letters, and the rule findings on a second sheet."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from .catalog import Catalog
from .sections.raci import error_rows, findings
from .tables import formula_like, raci_matrix
from .textlimit import bound_texts
from .typed import typed

FILLS = {
    "A": PatternFill("solid", fgColor="2F5B7C"),
    "R": PatternFill("solid", fgColor="EEF2F7"),
    "flag": PatternFill("solid", fgColor="F6E1DC"),
}
HEAD = PatternFill("solid", fgColor="1F3A5F")


def _put(sheet: Worksheet, row: int, col: int, value: Any) -> Any:
    if isinstance(value, str):
        # XML 1.0 cannot hold most control characters; a client may have typed any.
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # user text is stored as text, never as a formula
        # and stays text when someone edits the cell (Excel's own leading apostrophe)
        cell.quotePrefix = formula_like(value)
    return cell


def raci_xlsx(snapshot: dict[str, Any], board: dict[str, Any]) -> bytes:
    t = Catalog(snapshot.get("workshop", {}).get("language"))
    raci = typed(bound_texts(board, t))
    header, rows = raci_matrix(t, raci)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "RACI"
    header = [t("col.activity"), "step_id", *header[2:]]
    for col, name in enumerate(header, 1):
        cell = _put(sheet, 1, col, name)
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), HEAD
        cell.alignment = Alignment(
            horizontal="center" if col > 2 else "left", vertical="center", wrap_text=True
        )
    flagged = error_rows(raci)
    activity_ids = [a.id for a in raci.snapshot.activities]
    for r, (row, activity_id) in enumerate(zip(rows, activity_ids, strict=True), 2):
        for col, value in enumerate(row, 1):
            cell = _put(sheet, r, col, value)
            if col > 2:
                cell.alignment = Alignment(horizontal="center")
                if "A" in value:
                    cell.fill, cell.font = FILLS["A"], Font(bold=True, color="FFFFFF")
                elif "R" in value:
                    cell.fill, cell.font = FILLS["R"], Font(bold=True)
            elif activity_id in flagged:
                cell.fill = FILLS["flag"]
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 10
    for col in range(3, len(header) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = 16
    sheet.freeze_panes = "C2"
    notes = book.create_sheet(t("findings.title")[:31])
    for col, name in enumerate(
        (t("severity.error") + " / " + t("severity.warning"), t("findings.title")), 1
    ):
        _put(notes, 1, col, name).font = Font(bold=True)
    for r, finding in enumerate(findings(t, raci), 2):
        _put(notes, r, 1, finding["severity_label"])
        _put(notes, r, 2, finding["text"])
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
