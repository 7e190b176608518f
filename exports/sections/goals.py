"""SMART goals of the workshop board, with their status against the pilot's KPI results.

A goal is matched to a pilot KPI by name, else by the same baseline, target and direction
(the two are typed separately and their names drift, e.g. "handling time" vs "average
complaint handling time")."""

from __future__ import annotations

from typing import Any

from .. import fmt
from ..catalog import Catalog
from ..index import Index


def _kpi_for(goal: dict[str, Any], kpis: list[dict[str, Any]]) -> dict[str, Any] | None:
    name = (goal.get("metric") or "").strip().casefold()
    for kpi in kpis:
        if name and (kpi.get("name") or "").strip().casefold() == name:
            return kpi
    for kpi in kpis:
        if (goal.get("baseline"), goal.get("target"), goal.get("better")) == (
            kpi.get("baseline"),
            kpi.get("target"),
            kpi.get("better"),
        ):
            return kpi
    return None


def status(goal: dict[str, Any], check: dict[str, Any], kpi: dict[str, Any] | None) -> str:
    if not check.get("smart", True):
        return "incomplete"
    if kpi is None or kpi.get("mean") is None:
        return "not_measured"
    if kpi.get("target_met"):
        return "met"
    return "on_track" if kpi.get("improved") else "off_track"


def goals(t: Catalog, index: Index) -> list[dict[str, Any]]:
    board = index.first("workshop")
    if board is None:
        return []
    checks = {c["id"]: c for c in board.get("analysis", {}).get("goals", [])}
    kpis = [k for p in index.boards("pilot") for k in p.get("analysis", {}).get("kpis", [])]
    rows = []
    for goal in board["snapshot"].get("goals", []):
        check = checks.get(goal["id"], {})
        kpi = _kpi_for(goal, kpis)
        code = status(goal, check, kpi)
        unit = goal.get("unit") or ""
        rows.append(
            {
                "metric": goal.get("metric") or "–",
                "baseline": f"{fmt.num(goal.get('baseline'))} {unit}".strip(),
                "target": f"{fmt.num(goal.get('target'))} {unit}".strip(),
                "current": f"{fmt.num(kpi.get('mean'))} {unit}".strip()
                if kpi and kpi.get("mean") is not None
                else "–",
                "deadline": fmt.day(goal.get("deadline"), t),
                "horizon": goal.get("horizon") or "",
                "smart": bool(check.get("smart", False)),
                "missing": ", ".join(t.code("goal.field", m) for m in check.get("missing", [])),
                "status": code,
                "status_label": t.code("goal.status", code),
            }
        )
    return rows
