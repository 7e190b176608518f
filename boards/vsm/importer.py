"""Importing steps from a table (CSV or XLSX rows): all rows valid, or nothing imported.

The header row names the fields, by their layout name or a common alias (English or
Chinese: "Step", "步骤", "周期时间" ...). Every value goes through the same rules as reading
the document, but where reading forgives (a warning), importing refuses: each problem is
reported with its line number, and no step is written unless every row is clean.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from pycrdt import Doc

from ..kind import ImportProblem
from . import layout
from .layout import STEP_FIELDS
from .read import _read_step, _Warnings

HEADER_ALIASES: dict[str, str] = {
    **{f: f for f in STEP_FIELDS},
    "step": "name",
    "step_name": "name",
    "process_step": "name",
    "步骤": "name",
    "名称": "name",
    "步骤名称": "name",
    "环节": "name",
    "dept": "department",
    "部门": "department",
    "ct": "cycle_time",
    "cycle": "cycle_time",
    "周期时间": "cycle_time",
    "处理时间": "cycle_time",
    "cycle_time_unit": "cycle_unit",
    "周期单位": "cycle_unit",
    "wait": "wait_time",
    "queue_time": "wait_time",
    "等待时间": "wait_time",
    "wait_time_unit": "wait_unit",
    "等待单位": "wait_unit",
    "people": "operators",
    "人数": "operators",
    "操作人数": "operators",
    "%c&a": "pct_ca",
    "pct_c&a": "pct_ca",
    "c&a": "pct_ca",
    "%c_a": "pct_ca",
    "完整准确率": "pct_ca",
    "system": "systems",
    "系统": "systems",
    "class": "klass",
    "type": "klass",
    "类别": "klass",
    "分类": "klass",
    "waste": "waste_type",
    "浪费类型": "waste_type",
    "note": "notes",
    "备注": "notes",
}
MAX_ROWS = 500


@dataclass
class ImportResult:
    steps: list[dict[str, Any]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    # accepted but read differently from how it was written (a 0.95 %C&A read as 95 %)
    notices: list[ImportProblem] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return len(self.steps)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.steps)


def _header_key(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(name or "").strip().lower())


def import_rows(rows: list[list[Any]]) -> ImportResult:
    """``rows[0]`` is the header; line numbers count from 1 at the header, as a spreadsheet does."""
    result = ImportResult()
    if not rows:
        result.problems.append(ImportProblem(1, "empty_file"))
        return result
    columns: list[str | None] = []
    for cell in rows[0]:
        key = HEADER_ALIASES.get(_header_key(cell))
        if key is None and str(cell or "").strip():
            result.problems.append(ImportProblem(1, "unknown_column", value=str(cell)))
        columns.append(key)
    if "name" not in columns:
        result.problems.append(ImportProblem(1, "missing_column", field="name"))
    if len(rows) - 1 > MAX_ROWS:
        result.problems.append(ImportProblem(MAX_ROWS + 2, "too_many_rows", value=str(MAX_ROWS)))
    if result.problems:
        return result
    for line, row in enumerate(rows[1:], start=2):
        if all(str(cell if cell is not None else "").strip() == "" for cell in row):
            continue
        raw = {
            key: row[i] for i, key in enumerate(columns) if key and i < len(row) and row[i] != ""
        }
        warnings = _Warnings()
        step = _read_step("import", raw, warnings, {"line": line})
        for warning in warnings:
            params = warning.params
            entry = ImportProblem(
                line, warning.code, str(params.get("field", "")), _show(params.get("value", ""))
            )
            (result.notices if warning.code == "pct_fraction" else result.problems).append(entry)
        if not step.name.strip():
            result.problems.append(ImportProblem(line, "missing_value", field="name"))
        fields = step.model_dump(exclude={"id"}, exclude_none=True)
        result.steps.append(
            {k: v for k, v in fields.items() if k in STEP_FIELDS and v not in ("", [])}
        )
    if not result.steps and not result.problems:
        result.problems.append(ImportProblem(2, "no_rows"))
    return result


def _show(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def import_table(content: Doc, rows: list[list[Any]], state: str, replace: bool) -> ImportResult:
    """Validate every row; only when all are clean, write the steps in one transaction
    (after the existing ones, or instead of them with ``replace``)."""
    if state not in layout.STATES:
        raise ValueError(f"expected a state in {layout.STATES}, got {state!r}")
    result = import_rows(rows)
    if not result.ok:
        return result
    with content.transaction():
        if replace:
            for step_id in list(layout.steps(content, state).keys()):  # type: ignore[arg-type]
                layout.remove_step(content, state, step_id)  # type: ignore[arg-type]
        for fields in result.steps:
            layout.add_step(content, state, f"i{uuid.uuid4().hex[:10]}", fields)  # type: ignore[arg-type]
    return result
