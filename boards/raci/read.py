"""Read a RACI content document into a :class:`RaciSnapshot`.

Forgiving like every reader: names may be Text or str, order arrays may miss ids (unlisted
rows and columns go last, by id) or list stale ones, and cells of deleted activities or
roles are skipped silently (deleting a row need not race to delete its cells).
"""

from __future__ import annotations

from typing import Any

from pycrdt import Array, Doc, Map

from .. import values
from .layout import (
    ACTIVITIES,
    ACTIVITY_ORDER,
    CELLS,
    ROLE_KINDS,
    ROLE_ORDER,
    ROLES,
    RoleKind,
    normalise_letters,
)
from .model import Activity, Cell, RaciRole, RaciSnapshot, ReadIssue


def read_snapshot(content: Doc) -> RaciSnapshot:
    issues: list[ReadIssue] = []
    warnings = values.Warnings()
    activities = [
        Activity(
            id=key,
            name=values.text(raw.get("name"), warnings, f"{ACTIVITIES}.{key}.name"),
            step_id=values.text(raw.get("step_id"), warnings, f"{ACTIVITIES}.{key}.step_id"),
        )
        for key, raw in _rows(content, ACTIVITIES, ACTIVITY_ORDER, warnings)
    ]
    roles = [
        _role(key, raw, issues, warnings)
        for key, raw in _rows(content, ROLES, ROLE_ORDER, warnings)
    ]
    return RaciSnapshot(
        activities=activities,
        roles=roles,
        cells=_cells(content, activities, roles, issues),
        issues=issues,
        read_warnings=warnings.list(),
    )


def _rows(
    content: Doc, name: str, order_name: str, warnings: values.Warnings
) -> list[tuple[str, dict[str, Any]]]:
    rows = dict(values.entries(content.get(name, type=Map), warnings, name))
    listed = [
        key
        for key in values.ids(content.get(order_name, type=Array), warnings, order_name)
        if key in rows
    ]
    return [(key, rows[key]) for key in dict.fromkeys(listed + sorted(rows))]


def _role(
    key: str, raw: dict[str, Any], issues: list[ReadIssue], warnings: values.Warnings
) -> RaciRole:
    raw_kind = raw.get("kind", "role")
    kind: RoleKind = "department" if raw_kind == "department" else "role"
    if not isinstance(raw_kind, str) or raw_kind not in ROLE_KINDS:
        issues.append(ReadIssue(code="invalid_value", key=key, raw=values.quoted(raw_kind)))
    return RaciRole(
        id=key, name=values.text(raw.get("name"), warnings, f"{ROLES}.{key}.name"), kind=kind
    )


def _cells(
    content: Doc, activities: list[Activity], roles: list[RaciRole], issues: list[ReadIssue]
) -> list[Cell]:
    row = {a.id: i for i, a in enumerate(activities)}
    column = {r.id: i for i, r in enumerate(roles)}
    cells = []
    for key, raw in content.get(CELLS, type=Map).items():
        parts = key.split(":")
        if len(parts) != 2:
            issues.append(ReadIssue(code="invalid_cell_key", key=key, raw=values.quoted(raw)))
            continue
        activity, role = parts
        if activity not in row or role not in column:
            continue
        letters, clean = normalise_letters(raw) if isinstance(raw, str) else ("", False)
        if not clean:
            issues.append(ReadIssue(code="invalid_cell", key=key, raw=_shown(raw)))
        if letters:
            cells.append(Cell(activity=activity, role=role, letters=letters))
    cells.sort(key=lambda c: (row[c.activity], column[c.role]))
    issues.sort(key=lambda i: i.key)
    return cells


def _shown(raw: Any) -> str:
    return raw if isinstance(raw, str) else values.quoted(raw)
