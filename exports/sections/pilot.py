"""Pilot section: scope, KPI evaluation and trend charts, feedback summary, plan changes;
and the appendix with every piece of feedback."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from boards.pilot.evaluate import KpiEvaluation, PilotAnalysis
from boards.pilot.layout import PilotSnapshot, Reading

from .. import charts, fmt
from ..catalog import Catalog
from ..typed import Board

KINDS = ("problem", "suggestion", "praise")
Pilot = Board[PilotSnapshot, PilotAnalysis]


def _kpis(board: Pilot) -> list[KpiEvaluation]:
    return board.analysis.kpis if board.analysis is not None else []


def result(k: KpiEvaluation) -> float | None:
    """The pilot's figure for a KPI: for a rate counted as events of total, the pooled rate the
    test compares (not the mean of each reading's own percentage); else the mean."""
    if k.measure == "rate" and k.estimate is not None:
        return k.estimate
    return k.mean


def kpi_rows(t: Catalog, board: Pilot) -> list[dict[str, Any]]:
    rows = []
    for k in _kpis(board):
        unit = k.unit
        rows.append(
            {
                "id": k.kpi_id,
                "name": k.name or "–",
                "unit": unit,
                "baseline": f"{fmt.num(k.baseline)} {unit}".strip(),
                "mean": f"{fmt.num(result(k))} {unit}".strip() if result(k) is not None else "–",
                "median": fmt.num(k.median),
                "target": f"{fmt.num(k.target)} {unit}".strip(),
                # a percentage KPI changes by percentage points, not by a percent of itself
                "change": f"{fmt.signed(k.change)} {t('pilot.pp')}"
                if k.percent and k.change is not None
                else fmt.signed_pct(k.change_pct),
                "readings": k.readings,
                "target_met": k.target_met,
                "improved": k.improved,
                "trend": t.code("pilot.trend", k.trend) if k.trend else "–",
                "p": "–"
                if k.p_value is None
                else ("< 0.001" if k.p_value < 0.001 else f"{k.p_value:.3f}"),
                "test": t.code("pilot.test", k.test) if k.test else "",
                "ci": t(
                    "pilot.ci",
                    low=fmt.num(k.ci_low),
                    high=fmt.num(k.ci_high),
                    unit=t("pilot.pp") if k.percent else unit,
                )
                if k.ci_low is not None and k.ci_high is not None
                else "",
                "effect": f"{t.code('pilot.effect', k.effect_name)} {fmt.num(k.effect)}"
                if k.effect is not None and k.effect_name
                else "",
                "attainment": t("pilot.attainment", pct=fmt.num(k.attainment_pct, 0))
                if k.attainment_pct is not None
                else "",
                "warning": t.code("pilot.target_warning", k.target_warning)
                if k.target_warning
                else "",
                "why": t.code("pilot.untestable", k.untestable) if k.untestable else "",
                "verdict_code": k.verdict or "",
                "verdict": t.code("pilot.verdict", k.verdict),
                "sites": [
                    {"site": s or "–", "readings": v.readings, "mean": fmt.num(v.mean)}
                    for s, v in k.by_site.items()
                ],
            }
        )
    return rows


def _trend(t: Catalog, kpi: KpiEvaluation, readings: list[Reading]) -> Any:
    mine = [r for r in readings if r.kpi_id == kpi.kpi_id]
    if not mine:
        return None
    dates = sorted({r.date for r in mine})
    by_site: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in mine:
        by_site[r.site or t("pilot.all_sites")][r.date].append(float(r.value))
    series = {
        site: [sum(v[d]) / len(v[d]) if d in v else None for d in dates]
        for site, v in sorted(by_site.items())
    }
    labels = [d[5:].replace("-", "/") for d in dates]
    return charts.kpi_trend(
        t("pilot.chart.trend", name=kpi.name),
        labels,
        series,
        kpi.baseline,
        kpi.target,
        (t("pilot.baseline"), t("pilot.target")),
        kpi.unit,
    )


def feedback_rows(t: Catalog, board: Pilot) -> list[dict[str, Any]]:
    rows = []
    for f in sorted(board.snapshot.feedback, key=lambda f: f.submitted_at):
        rows.append(
            {
                "date": fmt.day(f.submitted_at, t),
                "kind": t.code("pilot.kind", f.kind),
                "kind_code": f.kind,
                "satisfaction": fmt.num(f.satisfaction),
                "ease": fmt.num(f.ease),
                "author": t("anonymous") if f.anonymous else (f.display_name or "–"),
                "text": f.text,
            }
        )
    return rows


def section(t: Catalog, board: Pilot) -> dict[str, Any]:
    snap, analysis = board.snapshot, board.analysis
    definition = snap.definition
    fb = analysis.feedback if analysis is not None else None
    charts_ = [c for c in (_trend(t, k, snap.readings) for k in _kpis(board)) if c]
    started = snap.kpis or snap.readings or snap.feedback or definition.start or definition.end
    return {
        "kind": "pilot",
        "title": board.title or t("kind.pilot"),
        "missing": "" if started else t("missing.pilot"),
        "name": definition.name,
        # "– – –" would read as a period; say which end is not set
        "period": t(
            "period",
            start=fmt.day(definition.start, t) if definition.start else t("pilot.no_start"),
            end=fmt.day(definition.end, t) if definition.end else t("pilot.no_end"),
        )
        if definition.start or definition.end
        else t("pilot.no_period"),
        "days": analysis.period_days if analysis is not None else None,
        "status": t.code("pilot.status", analysis.status)
        if analysis is not None and analysis.status
        else "",
        "sites": t("list.sep").join(definition.sites),
        "teams": t("list.sep").join(definition.teams),
        "kpis": kpi_rows(t, board),
        "charts": charts_,
        "readings": analysis.readings if analysis is not None else 0,
        "feedback": {
            "total": fb.total if fb is not None else 0,
            "kinds": [
                {
                    "label": t.code("pilot.kind", k),
                    "count": fb.by_kind.get(k, 0) if fb is not None else 0,
                }
                for k in KINDS
            ],
            "satisfaction": fmt.num(fb.avg_satisfaction if fb is not None else None, 1),
            "ease": fmt.num(fb.avg_ease if fb is not None else None, 1),
        },
        "changes": [
            {"date": fmt.day(c.date, t), "text": c.text, "reason": c.reason} for c in snap.changes
        ],
        "appendix": feedback_rows(t, board),
    }
