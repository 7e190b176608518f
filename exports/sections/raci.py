"""RACI section: the matrix with flagged cells, rule findings and each role's load."""

from __future__ import annotations

from typing import Any

from .. import charts
from ..catalog import Catalog
from ..typed import Board


def findings(t: Catalog, board: dict[str, Any]) -> list[dict[str, str]]:
    snap = board["snapshot"]
    activities = {a["id"]: a.get("name") or a["id"] for a in snap.get("activities", [])}
    roles = {r["id"]: r.get("name") or r["id"] for r in snap.get("roles", [])}
    out = []
    for f in board.get("analysis", {}).get("findings", []):
        params = {k: str(v) for k, v in (f.get("params") or {}).items()}
        params["activities"] = t("list.sep").join(
            activities.get(a, a) for a in f.get("activity_ids", [])
        )
        params["roles"] = t("list.sep").join(roles.get(r, r) for r in f.get("role_ids", []))
        if "activities" in (f.get("params") or {}):
            params["total"] = str(f["params"]["activities"])
        out.append(
            {
                "severity": f.get("severity", "info"),
                "severity_label": t.code("severity", f.get("severity")),
                "text": t.code("raci.finding", f.get("code"), **params),
            }
        )
    return out


def matrix(board: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    snap = board["snapshot"]
    roles = snap.get("roles", [])
    cells = {(c["activity"], c["role"]): c.get("letters", "") for c in snap.get("cells", [])}
    flagged = {
        cell for f in board.get("analysis", {}).get("findings", []) for cell in f.get("cells", [])
    }
    flagged_rows = {
        a
        for f in board.get("analysis", {}).get("findings", [])
        if f.get("severity") == "error"
        for a in f.get("activity_ids", [])
    }
    rows = []
    for activity in snap.get("activities", []):
        rows.append(
            {
                "name": activity.get("name") or "–",
                "flagged": activity["id"] in flagged_rows,
                "cells": [
                    {
                        "letters": cells.get((activity["id"], r["id"]), ""),
                        "flagged": f"{activity['id']}:{r['id']}" in flagged,
                    }
                    for r in roles
                ],
            }
        )
    return roles, rows


def section(t: Catalog, typed: Board[Any, Any]) -> dict[str, Any]:
    board = typed.raw  # not yet read through the typed models
    roles, rows = matrix(board)
    load = board.get("analysis", {}).get("load", [])
    names = {r["id"]: r.get("name") or r["id"] for r in roles}
    chart = None
    if load:
        chart = charts.raci_load(
            t("raci.chart.load"),
            [names.get(x["role"], x["role"]) for x in load],
            {letter.upper(): [x[letter] for x in load] for letter in "raci"},
        )
    counts = board.get("analysis", {}).get("counts", {})
    return {
        "kind": "raci",
        "title": board.get("title") or t("kind.raci"),
        "roles": roles,
        "rows": rows,
        "findings": findings(t, board),
        "chart": chart,
        "counts": {k: counts.get(k, 0) for k in ("error", "warning", "info")},
    }
