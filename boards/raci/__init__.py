"""``raci``: the responsibility matrix (责任矩阵), activities x roles.

Content document (schema 1; mirrored in ``client/src/boards/raci``):
``activities``      Map: activity id -> Map{``name``: str, ``step_id``: str (the value-stream
                    step it came from, "" when none)}
``activity_order``  Array[str]: activity ids, top to bottom
``roles``           Map: role id -> Map{``name``: str, ``kind``: "role" | "department"}
``role_order``      Array[str]: role ids, left to right
``cells``           Map: ``"<activity id>:<role id>"`` -> str: letters among R, A, C, I
                    ("AR" allowed); an absent key or "" is an empty cell

Ids never contain ``:``. Each cell is its own Map key, so editors filling different cells
never conflict; two editors typing into the same cell at once keep the last write. Writers
should store canonical letters (:func:`layout.set_cell`); the reader normalises order and
case anyway ("ar" reads as "RA"), drops separators ("R/A"), and reports any other junk as
an ``invalid_cell`` finding while keeping the letters it could read. Order arrays only sort:
rows and columns missing from them go last, by id. No ledger maps of its own; no commands
(the client imports value-stream steps as activities: ``client/src/boards/raci/ImportVsm.tsx``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pycrdt import Array, Doc, Map

from ..kind import BoardExport, BoardKind
from .analyse import BOTTLENECK_MIN_ACTIVITIES, MAX_CONSULTED, SELF_APPROVAL_MIN, analyse
from .demo import write_demo
from .layout import (
    ACTIVITIES,
    ACTIVITY_ORDER,
    CELLS,
    ROLE_ORDER,
    ROLES,
    SCHEMA_VERSION,
    add_activity,
    add_role,
    cell_key,
    normalise_letters,
    set_cell,
)
from .model import (
    Activity,
    Cell,
    Finding,
    RaciAnalysis,
    RaciRole,
    RaciSnapshot,
    ReadIssue,
    RoleLoad,
)
from .read import read_snapshot

__all__ = [
    "BOTTLENECK_MIN_ACTIVITIES",
    "MAX_CONSULTED",
    "SELF_APPROVAL_MIN",
    "Activity",
    "Cell",
    "Finding",
    "RaciAnalysis",
    "RaciKind",
    "RaciRole",
    "RaciSnapshot",
    "ReadIssue",
    "RoleLoad",
    "add_activity",
    "add_role",
    "analyse",
    "cell_key",
    "normalise_letters",
    "read_snapshot",
    "set_cell",
]


class RaciKind(BoardKind):
    name: ClassVar[str] = "raci"
    schema_version: ClassVar[int] = SCHEMA_VERSION
    exports: ClassVar[tuple[BoardExport, ...]] = (
        BoardExport(
            "raci.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "raci.xlsx",
        ),
    )
    phases: ClassVar[tuple[str, ...]] = ("analyse",)
    demo_title: ClassVar[Mapping[str, str]] = {
        "zh-CN": "RACI:未来流程职责",
        "en": "RACI: future-state roles",
    }

    def seed(self, content: Doc, ledger: Doc, *, language: str, demo: bool) -> None:
        with content.transaction():
            for name in (ACTIVITIES, ROLES, CELLS):
                content.get(name, type=Map)
            for name in (ACTIVITY_ORDER, ROLE_ORDER):
                content.get(name, type=Array)
            if demo:
                write_demo(content, language)

    def read(self, content: Doc, ledger: Doc) -> RaciSnapshot:
        return read_snapshot(content)

    def analyse(self, snapshot: RaciSnapshot) -> RaciAnalysis:
        return analyse(snapshot)
