"""Pilot section: scope, KPI evaluation and trend charts, feedback summary, plan changes;
and the appendix with every piece of feedback."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .. import charts, fmt
from ..catalog import Catalog
from ..typed import Board

KINDS = ("problem", "suggestion", "praise")


def kpi_rows(t: Catalog, board: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for k in board.get("analysis", {}).get("kpis", []):
        unit = k.get("unit") or ""
        rows.append(
            {
                "id": k.get("kpi_id"),
                "name": k.get("name") or "–",
                "unit": unit,
                "baseline": f"{fmt.num(k.get('baseline'))} {unit}".strip(),
                "mean": f"{fmt.num(k.get('mean'))} {unit}".strip()
                if k.get("mean") is not None
                else "–",
                "median": fmt.num(k.get("median")),
                "target": f"{fmt.num(k.get('target'))} {unit}".strip(),
                "change": fmt.signed_pct(k.get("change_pct")),
                "readings": k.get("readings", 0),
                "target_met": k.get("target_met"),
                "improved": k.get("improved"),
                "trend": t.code("pilot.trend", k.get("trend")) if k.get("trend") else "–",
                "p": "–"
                if k.get("p_value") is None
                else ("< 0.001" if k["p_value"] < 0.001 else f"{k['p_value']:.3f}"),
                "test": t.code("pilot.test", k.get("test")) if k.get("test") else "",
                "ci": t(
                    "pilot.ci",
                    low=fmt.num(k.get("ci_low")),
                    high=fmt.num(k.get("ci_high")),
                    unit=t("pilot.pp") if k.get("percent") else unit,
                )
                if k.get("ci_low") is not None and k.get("ci_high") is not None
                else "",
                "effect": f"{t.code('pilot.effect', k.get('effect_name'))} {fmt.num(k.get('effect'))}"
                if k.get("effect") is not None and k.get("effect_name")
                else "",
                "attainment": t("pilot.attainment", pct=fmt.num(k.get("attainment_pct"), 0))
                if k.get("attainment_pct") is not None
                else "",
                "warning": t.code("pilot.target_warning", k.get("target_warning"))
                if k.get("target_warning")
                else "",
                "why": t.code("pilot.untestable", k.get("untestable"))
                if k.get("untestable")
                else "",
                "verdict_code": k.get("verdict") or "",
                "verdict": t.code("pilot.verdict", k.get("verdict")),
                "sites": [
                    {
                        "site": s or "–",
                        "readings": v.get("readings"),
                        "mean": fmt.num(v.get("mean")),
                    }
                    for s, v in (k.get("by_site") or {}).items()
                ],
            }
        )
    return rows


def _trend(t: Catalog, kpi: dict[str, Any], readings: list[dict[str, Any]]) -> Any:
    mine = [r for r in readings if r.get("kpi_id") == kpi["kpi_id"]]
    if not mine:
        return None
    dates = sorted({r["date"] for r in mine})
    by_site: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in mine:
        by_site[r.get("site") or t("pilot.all_sites")][r["date"]].append(float(r["value"]))
    series = {
        site: [sum(v[d]) / len(v[d]) if d in v else None for d in dates]
        for site, v in sorted(by_site.items())
    }
    labels = [d[5:].replace("-", "/") for d in dates]
    return charts.kpi_trend(
        t("pilot.chart.trend", name=kpi.get("name") or ""),
        labels,
        series,
        kpi.get("baseline"),
        kpi.get("target"),
        (t("pilot.baseline"), t("pilot.target")),
        kpi.get("unit") or "",
    )


def feedback_rows(t: Catalog, board: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for f in sorted(board["snapshot"].get("feedback", []), key=lambda f: f.get("submitted_at", "")):
        rows.append(
            {
                "date": fmt.day(f.get("submitted_at"), t),
                "kind": t.code("pilot.kind", f.get("kind")),
                "kind_code": f.get("kind", ""),
                "satisfaction": fmt.num(f.get("satisfaction")),
                "ease": fmt.num(f.get("ease")),
                "author": t("anonymous") if f.get("anonymous") else (f.get("display_name") or "–"),
                "text": f.get("text") or "",
            }
        )
    return rows


def section(t: Catalog, typed: Board[Any, Any]) -> dict[str, Any]:
    board = typed.raw  # not yet read through the typed models
    snap, analysis = board["snapshot"], board.get("analysis", {})
    definition = snap.get("definition", {})
    fb = analysis.get("feedback", {})
    charts_ = [
        c for c in (_trend(t, k, snap.get("readings", [])) for k in analysis.get("kpis", [])) if c
    ]
    return {
        "kind": "pilot",
        "title": board.get("title") or t("kind.pilot"),
        "name": definition.get("name") or "",
        "period": t(
            "period",
            start=fmt.day(definition.get("start"), t),
            end=fmt.day(definition.get("end"), t),
        ),
        "days": analysis.get("period_days"),
        "status": t.code("pilot.status", analysis.get("status")) if analysis.get("status") else "",
        "sites": t("list.sep").join(definition.get("sites", [])),
        "teams": t("list.sep").join(definition.get("teams", [])),
        "kpis": kpi_rows(t, board),
        "charts": charts_,
        "readings": analysis.get("readings", 0),
        "feedback": {
            "total": fb.get("total", 0),
            "kinds": [
                {"label": t.code("pilot.kind", k), "count": fb.get("by_kind", {}).get(k, 0)}
                for k in KINDS
            ],
            "satisfaction": fmt.num(fb.get("avg_satisfaction"), 1),
            "ease": fmt.num(fb.get("avg_ease"), 1),
        },
        "changes": [
            {
                "date": fmt.day(c.get("date"), t),
                "text": c.get("text") or "",
                "reason": c.get("reason") or "",
            }
            for c in snap.get("changes", [])
        ],
        "appendix": feedback_rows(t, board),
    }
