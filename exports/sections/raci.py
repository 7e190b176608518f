"""RACI section: the matrix with flagged cells, rule findings and each role's load."""

from __future__ import annotations

from typing import Any

from boards.raci.model import Finding, RaciAnalysis, RaciSnapshot

from .. import charts
from ..catalog import Catalog
from ..typed import Board

Raci = Board[RaciSnapshot, RaciAnalysis]


def _findings(board: Raci) -> list[Finding]:
    return board.analysis.findings if board.analysis is not None else []


def findings(t: Catalog, board: Raci) -> list[dict[str, str]]:
    snap = board.snapshot
    activities = {a.id: a.name or a.id for a in snap.activities}
    roles = {r.id: r.name or r.id for r in snap.roles}
    out = []
    for f in _findings(board):
        params = {k: str(v) for k, v in f.params.items()}
        params["activities"] = t("list.sep").join(activities.get(a, a) for a in f.activity_ids)
        params["roles"] = t("list.sep").join(roles.get(r, r) for r in f.role_ids)
        if "activities" in f.params:
            params["total"] = str(f.params["activities"])
        out.append(
            {
                "severity": f.severity,
                "severity_label": t.code("severity", f.severity),
                "text": t.code("raci.finding", f.code, **params),
            }
        )
    return out


def error_rows(board: Raci) -> set[str]:
    """Activities an error-level finding names."""
    return {a for f in _findings(board) if f.severity == "error" for a in f.activity_ids}


def matrix(board: Raci) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    snap = board.snapshot
    cells = {(c.activity, c.role): c.letters for c in snap.cells}
    flagged = {cell for f in _findings(board) for cell in f.cells}
    flagged_rows = error_rows(board)
    rows = []
    for activity in snap.activities:
        rows.append(
            {
                "name": activity.name or "–",
                "flagged": activity.id in flagged_rows,
                "cells": [
                    {
                        "letters": cells.get((activity.id, r.id), ""),
                        "flagged": f"{activity.id}:{r.id}" in flagged,
                    }
                    for r in snap.roles
                ],
            }
        )
    return [r.model_dump(mode="json") for r in snap.roles], rows


def section(t: Catalog, board: Raci) -> dict[str, Any]:
    roles, rows = matrix(board)
    load = board.analysis.load if board.analysis is not None else []
    names = {r.id: r.name or r.id for r in board.snapshot.roles}
    chart = None
    if load:
        chart = charts.raci_load(
            t("raci.chart.load"),
            [names.get(x.role, x.role) for x in load],
            {
                "R": [x.r for x in load],
                "A": [x.a for x in load],
                "C": [x.c for x in load],
                "I": [x.i for x in load],
            },
            t("raci.chart.axis"),
        )
    counts = board.analysis.counts if board.analysis is not None else {}
    return {
        "kind": "raci",
        "title": board.title or t("kind.raci"),
        "missing": "" if board.snapshot.activities else t("missing.raci"),
        "roles": roles,
        "rows": rows,
        "findings": findings(t, board),
        "chart": chart,
        "counts": {k: counts.get(k, 0) for k in ("error", "warning", "info")},
    }
