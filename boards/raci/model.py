"""Typed snapshot and analysis of a RACI matrix (JSON field names mirrored by the client)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from ..values import ReadWarning
from .layout import RoleKind

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Activity(BaseModel):
    id: str
    name: str = ""
    step_id: str = ""  # the value-stream step it came from, "" when none


class RaciRole(BaseModel):
    id: str
    name: str = ""
    kind: RoleKind = "role"


class Cell(BaseModel):
    activity: str
    role: str
    letters: str  # canonical: a non-empty subsequence of "RACI"


class ReadIssue(BaseModel):
    """What the reader ignored. ``code``: ``invalid_cell`` (a cell holding more than R, A, C,
    I and separators: its letters are kept, the rest dropped; a non-string is dropped whole),
    ``invalid_cell_key`` (a key not of the form ``activityId:roleId``), ``invalid_value`` (a
    role ``kind`` other than role/department, read as role)."""

    code: str
    key: str
    raw: str = ""


class RaciSnapshot(BaseModel):
    activities: list[Activity] = Field(default_factory=list)
    roles: list[RaciRole] = Field(default_factory=list)
    # Non-empty cells of existing activities and roles, in row then column order.
    cells: list[Cell] = Field(default_factory=list)
    issues: list[ReadIssue] = Field(default_factory=list)
    # Names, ids and rows of the wrong type the reader skipped (see :mod:`boards.values`).
    read_warnings: list[ReadWarning] = Field(default_factory=list)


class Finding(BaseModel):
    code: str
    severity: Severity
    activity_ids: list[str] = Field(default_factory=list)
    role_ids: list[str] = Field(default_factory=list)
    cells: list[str] = Field(default_factory=list)  # cell keys "activityId:roleId"
    params: dict[str, str | int] = Field(default_factory=dict)


class RoleLoad(BaseModel):
    role: str
    r: int = 0
    a: int = 0
    c: int = 0
    i: int = 0


class RaciAnalysis(BaseModel):
    activities: int
    roles: int
    findings: list[Finding]
    counts: dict[str, int]  # findings per severity: error, warning, info
    load: list[RoleLoad]
    read_warnings: list[ReadWarning] = Field(default_factory=list)
