"""Read a RACI content document into a :class:`RaciSnapshot`.

Forgiving like every reader: names may be Text or str, order arrays may miss ids (unlisted
rows and columns go last, by id) or list stale ones, and cells of deleted activities or
roles are skipped silently (deleting a row need not race to delete its cells).
"""

from __future__ import annotations

from typing import Any

from pycrdt import Array, Doc, Map, Text

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
    activities = [
        Activity(id=key, name=_text(raw.get("name")), step_id=_text(raw.get("step_id")))
        for key, raw in _rows(content, ACTIVITIES, ACTIVITY_ORDER)
    ]
    roles = [_role(key, raw, issues) for key, raw in _rows(content, ROLES, ROLE_ORDER)]
    return RaciSnapshot(
        activities=activities,
        roles=roles,
        cells=_cells(content, activities, roles, issues),
        issues=issues,
    )


def _rows(content: Doc, name: str, order_name: str) -> list[tuple[str, Map]]:
    items = {
        key: value for key, value in content.get(name, type=Map).items() if isinstance(value, Map)
    }
    listed = [key for key in content.get(order_name, type=Array) if key in items]
    return [(key, items[key]) for key in dict.fromkeys(listed + sorted(items))]


def _role(key: str, raw: Map, issues: list[ReadIssue]) -> RaciRole:
    raw_kind = raw.get("kind", "role")
    kind: RoleKind = "department" if raw_kind == "department" else "role"
    if raw_kind not in ROLE_KINDS:
        issues.append(ReadIssue(code="invalid_value", key=key, raw=repr(raw_kind)))
    return RaciRole(id=key, name=_text(raw.get("name")), kind=kind)


def _cells(
    content: Doc, activities: list[Activity], roles: list[RaciRole], issues: list[ReadIssue]
) -> list[Cell]:
    row = {a.id: i for i, a in enumerate(activities)}
    column = {r.id: i for i, r in enumerate(roles)}
    cells = []
    for key, raw in content.get(CELLS, type=Map).items():
        parts = key.split(":")
        if len(parts) != 2:
            issues.append(ReadIssue(code="invalid_cell_key", key=key, raw=repr(raw)))
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


def _text(value: Any) -> str:
    if isinstance(value, Text):
        return str(value)
    return value if isinstance(value, str) else ""


def _shown(raw: Any) -> str:
    return raw if isinstance(raw, str) else repr(raw.to_py() if hasattr(raw, "to_py") else raw)
